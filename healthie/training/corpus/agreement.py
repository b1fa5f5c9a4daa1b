"""Agreement between two annotations of the same text: span F1 and relation F1."""

from __future__ import annotations


def _spans(record: dict) -> set[tuple[int, int, str]]:
    return {(e["start"], e["end"], e["label"]) for e in record["entities"]}


def _relations(record: dict) -> set[tuple]:
    ents = record["entities"]
    return {((ents[r["head"]]["start"], ents[r["head"]]["end"]), (ents[r["tail"]]["start"], ents[r["tail"]]["end"]),
             r["label"]) for r in record["relations"]}


def _f1(first: set, second: set) -> dict:
    both = len(first & second)
    precision = both / len(second) if second else 0.0
    recall = both / len(first) if first else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"first": len(first), "second": len(second), "agreed": both, "f1": round(f1, 4)}


def agreement(first: dict | list[dict], second: dict | list[dict]) -> dict:
    """Exact-match agreement (the first pass taken as reference) overall and per label; two lists of
    records (one pair per document) are pooled."""
    firsts, seconds = (first, second) if isinstance(first, list) else ([first], [second])
    spans_a, spans_b, rels_a, rels_b = set(), set(), set(), set()
    for index, (one, other) in enumerate(zip(firsts, seconds, strict=True)):
        if one["text"] != other["text"]:
            raise ValueError(f"{one.get('id')}: the two annotations are not of the same text")
        spans_a |= {(index, *s) for s in _spans(one)}
        spans_b |= {(index, *s) for s in _spans(other)}
        rels_a |= {(index, *r) for r in _relations(one)}
        rels_b |= {(index, *r) for r in _relations(other)}
    return _by_label(spans_a, spans_b, rels_a, rels_b)


def _by_label(spans_a: set, spans_b: set, rels_a: set, rels_b: set) -> dict:
    labels = sorted({s[-1] for s in spans_a | spans_b})
    rel_labels = sorted({r[-1] for r in rels_a | rels_b})
    return {
        "spans": _f1(spans_a, spans_b),
        "spans_by_label": {lab: _f1({s for s in spans_a if s[-1] == lab}, {s for s in spans_b if s[-1] == lab})
                           for lab in labels},
        "relations": _f1(rels_a, rels_b),
        "relations_by_label": {lab: _f1({r for r in rels_a if r[-1] == lab}, {r for r in rels_b if r[-1] == lab})
                               for lab in rel_labels},
    }
