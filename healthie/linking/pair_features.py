"""Engineered features of a (VALUE, METRIC|REGION|DATE) candidate pair.

The same features feed the scikit-learn pair classifier (as a dict) and the thinc
relation model (as a dense vector beside the pooled span vectors).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Span

from ..components.entities import sentence_bounds
from .relations import TAIL_LABEL

_CLAUSE = re.compile(r"[，,：:]")
_LIST = re.compile(r"[、]")
_BRACKET = re.compile(r"[(（）)]")
_FROM_TO = re.compile(r"(?:从|由).{0,12}(?:到|至|提高到|提升到|下降到|降至|增至|增加到)")
_EACH = re.compile(r"分别|均")
_RANK = re.compile(r"排名|排|位居|倒数|列")
_SHARE = re.compile(r"占")
_DISTANCE_BINS = (0, 1, 2, 4, 8, 16, 32, 64)
TAIL_LABELS = tuple(TAIL_LABEL.values())


def _bin(distance: int) -> int:
    return sum(distance >= b for b in _DISTANCE_BINS)


@dataclass
class PairContext:
    """What every pair of one Doc shares (computed once: Doc.text and Doc.ents are rebuilt on each access)."""

    text: str
    ents: list[Span]
    starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc) -> "PairContext":
        ents = list(doc.ents)  # in document order
        return cls(doc.text, ents, [e.start_char for e in ents])

    def between(self, start: int, end: int) -> list[Span]:
        """The entities lying wholly inside [start, end)."""
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [e for e in self.ents[first:last] if e.end_char <= end]


def pair_features(context: PairContext, head: Span, tail: Span) -> dict[str, float]:
    """Features of one candidate pair, named so that a linear model stays readable."""
    text = context.text
    left = tail.end_char <= head.start_char
    start, end = (tail.end_char, head.start_char) if left else (head.end_char, tail.start_char)
    between = text[start:end] if end > start else ""
    sentence = sentence_bounds(text, head.start_char, head.end_char)
    in_sentence = sentence[0] <= tail.start_char and tail.end_char <= sentence[1]
    ents_between = context.between(start, end)
    same_label_between = sum(e.label_ == tail.label_ for e in ents_between)
    values_between = sum(e.label_ == "VALUE" for e in ents_between)
    token_gap = (head.start - tail.end) if left else (tail.start - head.end)
    label = tail.label_
    features = {
        f"tail={label}": 1.0,
        f"{label}:left": float(left),
        f"{label}:dist_bin={_bin(len(between))}": 1.0,
        f"{label}:token_bin={_bin(max(token_gap, 0))}": 1.0,
        f"{label}:same_sentence": float(in_sentence),
        f"{label}:clause_breaks={min(len(_CLAUSE.findall(between)), 3)}": 1.0,
        f"{label}:list_breaks={min(len(_LIST.findall(between)), 3)}": 1.0,
        f"{label}:bracket_between": float(bool(_BRACKET.search(between))),
        f"{label}:adjacent": float(len(between.strip()) == 0),
        f"{label}:same_label_between={min(same_label_between, 3)}": 1.0,
        f"{label}:values_between={min(values_between, 3)}": 1.0,
        f"{label}:from_to": float(bool(_FROM_TO.search(text[max(0, tail.start_char - 2):head.end_char]))) if left else 0.0,
        f"{label}:each_list": float(bool(_EACH.search(between))),
        f"{label}:rank_word_between": float(bool(_RANK.search(between))),
        f"{label}:share_word_between": float(bool(_SHARE.search(between))),
        f"{label}:value_is_rank": float(head.text.startswith("第")),
    }
    for word in re.findall(r"[\u4e00-\u9fff]", between[-2:] if left else between[:2]):
        features[f"{label}:near_char={word}"] = 1.0
    unit = _unit(head.text)
    tail_last = tail.text.strip()[-1:]
    features[f"{label}:unit={unit}"] = 1.0
    features[f"{label}:tail_last={tail_last}"] = 1.0
    features[f"{label}:unit={unit}&tail_last={tail_last}"] = 1.0
    return features


def _unit(value_text: str) -> str:
    """The unit class of a VALUE's surface: %, ‰, /10万, a measure word, or none."""
    match = re.search(r"(%|‰|/10万|/万|个百分点|[\u4e00-\u9fff]+)$", value_text.strip())
    return match.group(1)[-2:] if match else "none"


class PairVectoriser:
    """Dense vectors of a fixed set of dense (non-lexical) pair features, for the thinc model."""

    def __init__(self):
        names = []
        for label in TAIL_LABELS:
            names += [f"tail={label}", f"{label}:left", f"{label}:same_sentence", f"{label}:bracket_between",
                      f"{label}:adjacent", f"{label}:from_to", f"{label}:each_list", f"{label}:rank_word_between",
                      f"{label}:share_word_between", f"{label}:value_is_rank"]
            names += [f"{label}:dist_bin={i}" for i in range(len(_DISTANCE_BINS) + 1)]
            names += [f"{label}:token_bin={i}" for i in range(len(_DISTANCE_BINS) + 1)]
            for prefix in ("clause_breaks", "list_breaks", "same_label_between", "values_between"):
                names += [f"{label}:{prefix}={i}" for i in range(4)]
        self.index = {name: i for i, name in enumerate(names)}

    @property
    def width(self) -> int:
        return len(self.index)

    def __call__(self, context: PairContext, head: Span, tail: Span) -> np.ndarray:
        vector = np.zeros((self.width,), dtype="float32")
        for name, value in pair_features(context, head, tail).items():
            position = self.index.get(name)
            if position is not None:
                vector[position] = value
        return vector
