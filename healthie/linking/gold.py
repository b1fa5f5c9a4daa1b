"""What the linkers learn from: for each gold value, the answer its record must carry, over the
candidates that the pipeline's own entity stage proposes (so that training and use see the same)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from .link_candidates import LINK_LABELS, LinkContext
from .relations import LABELS

LINKERS = ("healthie_metric_ranker", "healthie_link_ranker", "healthie_nearest_linker", "healthie_claim_builder")
Answers = dict[str, dict[tuple[int, int], object]]


def entity_stage(nlp: Language) -> list[Callable[[Doc], Doc]]:
    """The components of ``nlp`` before its first linker: what proposes the linkers' candidates."""
    stage = []
    for name, component in nlp.pipeline:
        if nlp.get_pipe_meta(name).factory in LINKERS:
            break
        stage.append(component)
    return stage


def tagged(stage: list[Callable[[Doc], Doc]], gold: Doc) -> Doc:
    """A copy of a gold Doc with the entity stage's entities instead of the gold ones."""
    doc = gold.copy()
    doc.ents = []
    for component in stage:
        doc = component(doc)
    return doc


def answers(gold: Doc, doc: Doc) -> Answers:
    """{label: {gold value span: answer}} in character offsets: for METRIC_OF the gold metric span
    (or None), for REGION_OF and DATE_OF what the record must carry (the gold link's region name or
    year, else the home region or the report's year), read through ``doc``'s link context."""
    context = LinkContext.of(doc)
    by_start = {e.start: e for e in gold.ents}
    tails: dict = {label: {} for label in LABELS}
    for (head, tail), labels in gold._.rel.items():
        for label, score in labels.items():
            if score >= 0.5:
                tails[label][head] = by_start[tail]
    found: Answers = {"METRIC_OF": {}, **{label: {} for label in LINK_LABELS}}
    for value in (e for e in gold.ents if e.label_ == "VALUE"):
        key = (value.start_char, value.end_char)
        metric = tails["METRIC_OF"].get(value.start)
        found["METRIC_OF"][key] = (metric.start_char, metric.end_char) if metric is not None else None
        for label in LINK_LABELS:
            found[label][key] = context.outcome(tails[label].get(value.start), label)
    return found


_last_pairs: tuple[list, list, list] = ([], [], [])


def training_pairs(examples: Iterable[Example], stage: list[Callable[[Doc], Doc]]) -> list[tuple[Doc, Answers]]:
    """(Doc tagged by ``stage``, its answers) for each example's gold reference.

    The linkers of one pipeline initialize one after another on the same examples: the last call's
    pairs are kept (with the stage and references they came from) and given again to the next linker.
    """
    global _last_pairs
    references = [example.reference for example in examples]
    last_stage, last_references, last = _last_pairs
    if _same(stage, last_stage) and _same(references, last_references):
        return last
    pairs = []
    for gold in references:
        doc = tagged(stage, gold)
        pairs.append((doc, answers(gold, doc)))
    _last_pairs = (list(stage), references, pairs)
    return pairs


def _same(these: list, those: list) -> bool:
    return len(these) == len(those) and all(a is b for a, b in zip(these, those))
