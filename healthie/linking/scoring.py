"""Relation scores on token keys: what the relation extractor reports while it trains."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc
from spacy.training import Example

from .relations import LABELS, best_relations


def prf(correct: int, predicted: int, gold: int) -> dict:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "correct": correct, "predicted": predicted, "gold": gold}


def decode_relations(doc: Doc, threshold: float | dict[str, float]) -> set[tuple[int, int, str]]:
    """(head token, tail token, label) as the claims see them (``relations.best_relations``)."""
    thresholds = threshold if isinstance(threshold, dict) else dict.fromkeys(LABELS, threshold)
    return {(head, tail, label) for (head, label), (tail, _) in best_relations(doc, thresholds).items()}


def relation_scores(examples: Iterable[Example], threshold: float = 0.5) -> dict:
    """Relation P/R/F per label and micro, on token keys (one tokenizer on both sides)."""
    counts = {label: Counter() for label in LABELS}
    for eg in examples:
        gold = {(h, t, label) for (h, t), labels in eg.reference._.rel.items() for label, s in labels.items() if s >= 0.5}
        predicted = decode_relations(eg.predicted, threshold)
        for label in LABELS:
            g = {x for x in gold if x[2] == label}
            p = {x for x in predicted if x[2] == label}
            counts[label].update(correct=len(g & p), predicted=len(p), gold=len(g))
    scores = {label: prf(c["correct"], c["predicted"], c["gold"]) for label, c in counts.items()}
    total = sum(counts.values(), Counter())
    scores["micro"] = prf(total["correct"], total["predicted"], total["gold"])
    return scores
