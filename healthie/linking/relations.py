"""Relations between a VALUE and its METRIC, REGION and DATE, stored on the Doc.

``doc._.rel`` follows spaCy's relation-extraction tutorial: a dict keyed by the
token starts of (head, tail) entities, of {label: score}. It is kept in
``doc.user_data`` as plain lists so that it survives serialisation.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from ..text.tokenizer import doc_text

LABELS = ("METRIC_OF", "REGION_OF", "DATE_OF")
_MAX_TAIL = 200  # characters: longer METRIC/REGION/DATE spans are not expected
TAIL_LABEL = {"METRIC_OF": "METRIC", "REGION_OF": "REGION", "DATE_OF": "DATE"}
LABEL_OF_TAIL = {tail: label for label, tail in TAIL_LABEL.items()}
_KEY = "healthie.rel"


def _get_rel(doc: Doc) -> dict[tuple[int, int], dict[str, float]]:
    rel: dict[tuple[int, int], dict[str, float]] = {}
    for head, tail, label, score in doc.user_data.get(_KEY, []):
        rel.setdefault((head, tail), {})[label] = score
    return rel


def set_relations(doc: Doc, scored: dict[tuple[int, int], dict[str, float]]) -> None:
    """Store {(head_start, tail_start): {label: score}} on the Doc."""
    doc.user_data[_KEY] = [[h, t, label, float(score)] for (h, t), labels in sorted(scored.items())
                           for label, score in sorted(labels.items())]


if not Doc.has_extension("rel"):
    Doc.set_extension("rel", getter=_get_rel)


_RANK_VERB = re.compile(r"(?:列|居|位列|位居|排名|排在|名列|跃居|升至)$")
_RANK_WORDS = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:排名|排|倒数|位居|位列|居|列)")


def is_rank_scope(text: str, head: Span, tail: Span) -> bool:
    """全省排名第三, 列全省第二: a REGION just before the rank words, or right after a ranking verb, is
    the comparison scope of a rank, not its region."""
    if tail.label_ != "REGION" or not head.text.startswith("第") or tail.end_char > head.start_char:
        return False
    between = text[tail.end_char:head.start_char]
    return bool(_RANK_WORDS.match(between)) or (
        not between.strip() and _RANK_VERB.search(text, max(0, tail.start_char - 3), tail.start_char) is not None)


def best_relations(doc: Doc, thresholds: dict[str, float]) -> dict[tuple[int, str], tuple[int, float]]:
    """Decode ``doc._.rel``: per (VALUE token start, label) the best-scoring tail above the label's threshold.

    The one decoding that claims, evaluation and pre-annotation share: a tail must carry the label's
    entity type, and a rank's comparison scope (全省排名第三) never counts as its region.
    """
    text = doc_text(doc)
    by_start = {e.start: e for e in doc.ents}
    best: dict[tuple[int, str], tuple[int, float]] = {}
    for (head, tail), labels in doc._.rel.items():
        head_span, tail_span = by_start.get(head), by_start.get(tail)
        if head_span is None or tail_span is None or head_span.label_ != "VALUE" \
                or is_rank_scope(text, head_span, tail_span):
            continue
        for label, score in labels.items():
            if TAIL_LABEL[label] == tail_span.label_ and score >= thresholds[label] \
                    and score > best.get((head, label), (None, 0.0))[1]:
                best[(head, label)] = (tail, score)
    return best


def candidate_pairs(doc: Doc, window: int = 60) -> list[tuple[Span, Span]]:
    """(VALUE, METRIC|REGION|DATE) pairs whose entities lie within ``window`` characters, in order."""
    ents = list(doc.ents)
    tails = [e for e in ents if e.label_ in TAIL_LABEL.values()]
    starts = [t.start_char for t in tails]
    pairs = []
    for head in ents:
        if head.label_ != "VALUE":
            continue
        # a tail that starts more than a window (plus the longest plausible tail) before the head is out of reach
        first = bisect.bisect_left(starts, head.start_char - window - _MAX_TAIL)
        last = bisect.bisect_right(starts, head.end_char + window)
        for tail in tails[first:last]:
            if tail.start_char >= head.end_char:
                gap = tail.start_char - head.end_char
            else:
                gap = head.start_char - tail.end_char
            if gap <= window:
                pairs.append((head, tail))
    return pairs
