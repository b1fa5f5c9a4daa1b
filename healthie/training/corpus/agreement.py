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


def agreement(first: dict, second: dict) -> dict:
    """Exact-match agreement (the first pass taken as reference) overall and per label."""
    if first["text"] != second["text"]:
        raise ValueError("the two annotations are not of the same text")
    spans_a, spans_b = _spans(first), _spans(second)
    labels = sorted({s[2] for s in spans_a | spans_b})
    rels_a, rels_b = _relations(first), _relations(second)
    rel_labels = sorted({r[2] for r in rels_a | rels_b})
    return {
        "spans": _f1(spans_a, spans_b),
        "spans_by_label": {lab: _f1({s for s in spans_a if s[2] == lab}, {s for s in spans_b if s[2] == lab})
                           for lab in labels},
        "relations": _f1(rels_a, rels_b),
        "relations_by_label": {lab: _f1({r for r in rels_a if r[2] == lab}, {r for r in rels_b if r[2] == lab})
                               for lab in rel_labels},
    }
