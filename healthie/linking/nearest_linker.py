"""The rule baseline for relations: each VALUE takes the nearest plausible METRIC, REGION and DATE.

It scores every candidate pair by position (same clause, left before right, distance),
so its output has the same shape as the trained relation classifier's.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .relations import LABEL_OF_TAIL, candidate_pairs, is_rank_scope, set_relations
from ..components.entities import sentence_bounds
from ..text.tokenizer import doc_text

_CLAUSE = re.compile(r"[，,：:]")


class NearestLinker:
    """Scores (VALUE, tail) pairs with a positional rule; the claim builder keeps the best."""

    def __init__(self, name: str = "healthie_nearest_linker", window: int = 60):
        self.name = name
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        scored = {}
        text = doc_text(doc)
        for head, tail in candidate_pairs(doc, self.window):
            label = LABEL_OF_TAIL[tail.label_]
            score = self.score(text, head, tail)
            if score > 0:
                scored[(head.start, tail.start)] = {label: score}
        set_relations(doc, scored)
        return doc

    def score(self, text: str, head: Span, tail: Span) -> float:
        sentence = sentence_bounds(text, head.start_char, head.end_char)
        if not (sentence[0] <= tail.start_char and tail.end_char <= sentence[1]):
            return 0.0
        left = tail.end_char <= head.start_char
        between = text[tail.end_char:head.start_char] if left else text[head.end_char:tail.start_char]
        if is_rank_scope(text, head, tail):
            return 0.0
        distance = len(between)
        same_clause = not _CLAUSE.search(between)
        score = 1.0 / (1.0 + distance / 10.0)
        if tail.label_ == "METRIC":
            if not left and (not same_clause or distance > 0):
                score *= 0.3
            score *= 1.0 if same_clause else 0.5
        elif not left:
            return 0.0  # a region or date after the value rarely governs it
        return round(min(score, 1.0), 4)


@Language.factory("healthie_nearest_linker", default_config={"window": 60})
def make_nearest_linker(nlp: Language, name: str, window: int) -> NearestLinker:
    return NearestLinker(name, window)
