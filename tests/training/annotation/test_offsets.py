from hypothesis import given, strategies as st

from healthie.training.annotation.offsets import CODE_POINTS, UTF16, OffsetMap


def test_utf16_counts_astral_characters_twice():
    text = "😀 全市43417人"
    offsets = OffsetMap(text)
    start = text.index("43417人")
    assert offsets.to_units(start, UTF16) == start + 1
    assert offsets.from_units(start + 1, start + 7, UTF16) == (start, start + 6)
    assert offsets.from_units(start, start + 6, CODE_POINTS) == (start, start + 6)


def test_offsets_inside_a_surrogate_pair_or_outside_the_text_are_refused():
    offsets = OffsetMap("😀全市")
    assert offsets.from_units(1, 3, UTF16) is None  # starts in the middle of the emoji
    assert offsets.from_units(2, 5, UTF16) is None
    assert offsets.from_units(2, 2, UTF16) is None
    assert offsets.from_units(0, 4, CODE_POINTS) is None
    assert offsets.from_units("0", 1, CODE_POINTS) is None


@given(st.text(alphabet=st.sampled_from("a全😀🏥\n"), min_size=1))
def test_utf16_offsets_round_trip_and_match_javascript(text):
    offsets = OffsetMap(text)
    encoded = text.encode("utf-16-le")
    for start in range(len(text)):
        units = offsets.to_units(start, UTF16), offsets.to_units(start + 1, UTF16)
        assert encoded[2 * units[0]:2 * units[1]].decode("utf-16-le") == text[start]
        assert offsets.from_units(*units, UTF16) == (start, start + 1)
