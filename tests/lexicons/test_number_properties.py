"""Property tests of the number grammar: numbers written every way a report writes them are read back
exactly, and no value is ever a part of a longer number."""

from hypothesis import given, settings
from hypothesis import strategies as st

from healthie import find_values
from healthie.lexicons.numbers import scan_values

DIGITS = "零一二三四五六七八九"
UNITS = ["人", "个", "家", "张", "元", "例", "所", "人次", "床", "名"]
PREFIXES = ["全市共有", "年末卫生技术人员", "其中医院", "全年出生人口", "全省累计投入资金", "，全县"]
SUFFIXES = ["。", "，其中", "；全年", "，比例", "\n", ""]
NUMERIC = set("0123456789" + DIGITS + "〇两十百千万亿")


def _section(n: int, two: bool, zero: str) -> str:
    """0 < n < 10000 in Chinese numerals, with 零 for gaps."""
    out, gap = [], False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            gap = bool(out)
            continue
        if gap:
            out.append(zero)
            gap = False
        word = "两" if (two and digit == 2 and unit in ("千", "百")) else DIGITS[digit]
        out.append(word + unit)
    return "".join(out)


def chinese(n: int, two: bool = False, zero: str = "零") -> str:
    """An integer 0 < n < 10**13 in Chinese numerals, inner 万 and 亿 included."""
    parts = []
    for power, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // power % 10**4 if power < 10**8 else n // power
        if chunk:
            if parts and chunk < 1000 and not parts[-1].endswith(zero):
                parts.append(zero)
            parts.append((chinese(chunk, two, zero) if chunk >= 10**4 else _section(chunk, two, zero)) + unit)
        elif parts and not parts[-1].endswith(zero) and n % power:
            parts.append(zero)
    text = "".join(parts)
    return text.removesuffix(zero)


def mixed(n: int) -> str:
    """3万4000, 12亿3000万, 1万零500: Arabic digits with inner scales."""
    high, low = divmod(n, 10**4)
    if not high:
        return str(n)
    yi, wan = divmod(high, 10**4)
    text = (f"{yi}亿" if yi else "") + (("零" if yi and wan < 1000 else "") + f"{wan}万" if wan else "")
    if low:
        text += (f"零{low}" if low < 1000 else str(low))
    return text


@st.composite
def written_numbers(draw):
    style = draw(st.sampled_from(["arabic", "grouped", "chinese", "chinese_two", "chinese_ling", "mixed", "decimal"]))
    n = draw(st.integers(min_value=2 if style.startswith("chinese") else 1, max_value=10**12))  # 一人: an article
    if style == "arabic":
        return str(n), float(n)
    if style == "grouped":
        return f"{n:,}", float(n)
    if style == "chinese":
        return chinese(n), float(n)
    if style == "chinese_two":
        return chinese(n, two=True), float(n)
    if style == "chinese_ling":
        return chinese(n, zero="〇"), float(n)
    if style == "mixed":
        return mixed(n), float(n)
    cents = draw(st.integers(min_value=1, max_value=99))
    return f"{n % 10**6}.{cents:02d}", float(f"{n % 10**6}.{cents:02d}")


@settings(max_examples=400, deadline=None)
@given(written_numbers(), st.sampled_from(UNITS), st.sampled_from(PREFIXES), st.sampled_from(SUFFIXES))
def test_a_written_number_is_read_back_exactly(number, unit, prefix, suffix):
    surface, expected = number
    text = prefix + surface + unit + suffix
    values = find_values(text)
    assert [(v.text, v.value, v.unit, v.approx) for v in values] == [(surface + unit, expected, unit, None)]
    assert text[values[0].start:values[0].end] == surface + unit


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99), st.sampled_from(PREFIXES))
def test_percent_words_are_read_back(n, prefix):
    text = f"{prefix}百分之{chinese(n)}。"
    assert [(v.value, v.unit, v.kind) for v in find_values(text)] == [(float(n), "%", "percent")]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,-~%‰ 　\n万亿千百十零两一二三四五六七八九点分之成几余多第名人个家元年月是为达约率比增长下降到至")),
               max_size=40))
def test_no_value_is_a_part_of_a_longer_number(text):
    for match in scan_values(text):
        before = text[match.start - 1] if match.start else ""
        after = text[match.end] if match.end < len(text) else ""
        decimal_before = before == "点" and text[match.start - 2:match.start - 1] in NUMERIC  # 三点|五
        assert (before not in NUMERIC and not decimal_before) or match.text.startswith("第")
        if text[match.end - 1] in NUMERIC:
            assert after not in NUMERIC and after != "点" and text[match.end:match.end + 2] != "分之"
