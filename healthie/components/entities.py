"""Helpers the rule components share: adding character spans as entities, sentence bounds."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from ..lexicons.provenance import KINDS, withheld
from ..text.tokenizer import boilerplate_spans

SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_TO_LAST_END = re.compile(r".*[。！？；!?;\n]", re.S)  # greedy: matched up to the last sentence end, in C
_MAX_SENTENCE = 400


def add_entities(doc: Doc, *groups: list[tuple[int, int, str]]) -> Doc:
    """Add groups of (start_char, end_char, label) spans to ``doc.ents``: existing entities win
    overlaps, then each group over those after it, then the earlier span within a group.

    Spans are aligned outwards to token boundaries, and none is taken from a boilerplate line.
    """
    boilerplate = boilerplate_spans(doc)
    existing = list(doc.ents)
    taken = bytearray(len(doc))  # 1 where a token already belongs to an entity
    for ent in existing:
        taken[ent.start:ent.end] = b"\x01" * (ent.end - ent.start)
    new: list[Span] = []
    for spans in groups:
        for start, end, label in sorted(spans):
            if boilerplate and any(start < b_end and b_start < end for b_start, b_end in boilerplate):
                continue
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or any(taken[span.start:span.end]):
                continue
            taken[span.start:span.end] = b"\x01" * (span.end - span.start)
            new.append(span)
    doc.ents = existing + new
    return doc


@lru_cache(maxsize=256)  # asked about one value by several rankers and rules in turn
def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (ended by 。！？； or a line break) around a character span."""
    window = max(0, start - _MAX_SENTENCE)
    last = _TO_LAST_END.match(text, window, start)
    left = last.end() if last else window
    right = SENTENCE_END.search(text, end, end + _MAX_SENTENCE)
    return left, right.start() if right else min(len(text), end + _MAX_SENTENCE)


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """healthie/data/lexicon.json: ORG suffixes, diseases, METRIC bounding words (less any entries
    withheld for a cross-validation fold, :mod:`healthie.lexicons.provenance`)."""
    words = json.loads(resources.files("healthie").joinpath("data/lexicon.json").read_text(encoding="utf-8"))
    left_out = withheld()
    return {kind: [w for w in entries if w not in left_out] if kind in KINDS else entries for kind, entries in words.items()}
