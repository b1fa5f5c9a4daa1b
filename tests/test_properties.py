"""Properties of extraction on arbitrary and noisy text: no failure, offsets that slice, the same output every run."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import healthie
from healthie.training.fuzzing import GENERATORS, seed_texts
from healthie.training.noise import PROFILES, inject
from healthie.text.reading import decode

_CHARS = list("0123456789.%‰万亿千余多人元个例次年月日第，。、；：（）()《》“”<>/&;#=\"' \n\t\ud800") + list(
    "全市省县出生人口数率医院卫生健康床位增长下降占比衛與")
_SNIPPETS = ["<p>", "</p>", "<br/>", "<script>", "</script>", "<style>", "</style>", "&#8240;", "&nbsp;", "<!--", "-->",
             "43417", "6.79", "人", "全市出生人口数", "人口出生率", "常德市", "2020年", "。", "\n", "１２３", "衛(wèi)"]
ANY_TEXT = st.one_of(st.text(alphabet=st.one_of(st.sampled_from(_CHARS), st.characters()), max_size=200),
                     st.lists(st.sampled_from(_SNIPPETS), max_size=40).map("".join))
_LINES = [line for text in seed_texts() for line in text.split("\n") if line.strip()]
_EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["\x00", "\u200b", "\u202e", "😷", "שלום", "\ufeff",
                                                                     "衛(wèi)", "4", "%", "\n", " ", "<b>", ""])),
                  max_size=10)


def _records(nlp, text: str) -> list[dict]:
    failures = []
    (_, claims), = healthie.extract_docs([("x", text, None)], nlp=nlp, on_error=lambda *failure: failures.append(failure))
    assert not failures
    return [claim.to_dict() for claim in claims]


def _check(nlp, text: str) -> None:
    """Extraction does not fail, every record's offsets slice to its texts, and a second run gives the same."""
    records = _records(nlp, text)
    for record in records:
        for key in ("value", "metric", "region"):
            if record[f"{key}_text"] is not None:
                assert 0 <= record[f"{key}_start"] < record[f"{key}_end"] <= len(text)
                assert text[record[f"{key}_start"]:record[f"{key}_end"]] == record[f"{key}_text"]
    assert _records(nlp, text) == records


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
def test_any_text_extracts_with_offsets_that_slice_and_the_same_twice(nlp, text):
    _check(nlp, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, len(_LINES) - 1), size=st.integers(1, 8), profile=st.sampled_from(sorted(PROFILES)),
       seed=st.integers(0, 2**16), edits=_EDITS)
def test_noisy_seed_text_extracts_with_offsets_that_slice_and_the_same_twice(nlp, start, size, profile, seed, edits):
    record = {"id": "x", "text": "\n".join(_LINES[start:start + size]), "entities": []}
    text = inject(record, PROFILES[profile], seed=seed)["text"]
    for position, insert in edits:
        position %= len(text) + 1
        text = text[:position] + insert + text[position + (insert == ""):]
    _check(nlp, text)


def test_one_and_two_processes_give_the_same_output(nlp):
    texts = seed_texts()
    kinds = ["noisy_seed", "numbers", "html", "edited_seed", "unicode"]
    items = []
    for index in range(40):
        rng = random.Random(index)
        item = GENERATORS[kinds[index % len(kinds)]][0](rng, texts)
        items.append((f"doc{index}", item.data.decode("utf-8", errors="replace"), None))

    def run(n_process):
        failures = []
        out = [(doc_id, [c.to_dict() for c in claims]) for doc_id, claims in
               healthie.extract_docs(items, nlp=nlp, n_process=n_process, batch_size=4,
                                     on_error=lambda *failure: failures.append(failure))]
        return out, failures

    one, two = run(1), run(2)
    assert [doc_id for doc_id, _ in one[0]] == [item[0] for item in items]
    assert sum(len(records) for _, records in one[0]) >= 100
    assert one == two


@settings(max_examples=300, deadline=None)
@given(start=st.integers(0, len(_LINES) - 1), size=st.integers(1, 3), encoding=st.sampled_from(["gbk", "gb18030", "big5"]))
def test_seed_lines_in_legacy_encodings_decode_to_themselves(start, size, encoding):
    text = "\n".join(_LINES[start:start + size])
    if encoding == "big5":
        text = inject({"id": "x", "text": text, "entities": []}, ["traditional"])["text"]
    data = text.encode(encoding, errors="replace")
    assert decode(data) == data.decode(encoding)
