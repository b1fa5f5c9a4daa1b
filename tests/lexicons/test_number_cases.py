"""The number grammar against a table of cases (tests/lexicons/number_cases.jsonl), grouped by form:
each snippet's values, in order, with value, value_high, unit, kind and approx, or no value at all."""

import json
from pathlib import Path

import pytest

from healthie import find_values

CASES = [json.loads(line) for line in (Path(__file__).parent / "number_cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


def _expected(case):
    rows, cursor = [], 0
    for value in case["values"]:
        start = case["text"].index(value["text"], cursor)
        cursor = start + len(value["text"])
        rows.append((start, cursor, value["value"], value["value_high"], value["unit"], value["kind"], value["approx"]))
    return rows


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['group']}:{c['text'][:16]}")
def test_number_case(case):
    found = [(v.start, v.end, v.value, v.value_high, v.unit, v.kind, v.approx) for v in find_values(case["text"])]
    expected = _expected(case)
    assert [f[:2] for f in found] == [e[:2] for e in expected]
    for got, want in zip(found, expected):
        assert got[2] == pytest.approx(want[2]) and (got[3] == pytest.approx(want[3]) if want[3] is not None else got[3] is None)
        assert got[4:] == want[4:]


def test_the_table_covers_every_group_with_300_cases():
    groups = {c["group"] for c in CASES}
    assert len(CASES) >= 300
    assert {"chinese_numerals", "mixed", "percent_words", "fractions", "signs_changes", "vague", "ranges", "bounds",
            "units", "ranks", "bare", "noise", "not_values", "overflow"} <= groups
