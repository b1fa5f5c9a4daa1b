"""One METRIC decision per VALUE over all of its candidates, a pipeline component.

It runs after the entity stage and sets the METRIC_OF links in ``doc._.rel`` (replacing any an
earlier component set): each value's candidates (:mod:`healthie.linking.metric_candidates`) are
scored by a classifier fitted on the candidates the rule tagger really proposes, and only the best
one, when it scores above the threshold, becomes the value's METRIC_OF. Other labels stay as they were.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .metric_candidates import MetricContext, candidate_rows
from .relations import set_relations
from .structure import aside_head, fenbie_back_partner, fenbie_back_value, fenbie_partner, with_span
from .stored_classifier import StoredClassifier
from ..text.tokenizer import doc_text

# a candidate is the gold metric when their spans share at least half their characters, or when it is
# another mention of the gold's words (the record is the same)
GOLD_DICE = 0.5


def _nearest_namesake(chosen: Span, candidates: list[Span], value: Span) -> Span:
    """The candidate nearest the value among those that read like the chosen one (卫生技术人员 5.59万人，
    卫生技术人员中，医院4.12万人: the lead-in's mention, not the first): the record is the same, and its
    offsets point to the mention the value is stated with."""
    def distance(span: Span) -> int:
        return value.start_char - span.end_char if span.end_char <= value.start_char else span.start_char - value.end_char

    text = doc_text(value.doc)
    words = text[chosen.start_char:chosen.end_char].strip()
    same = [c for c in candidates if text[c.start_char:c.end_char].strip() == words]
    return min(same, key=lambda c: (distance(c), c.start_char))


def _dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * shared / ((a[1] - a[0]) + (b[1] - b[0]))


def _is_gold(text: str, span: tuple[int, int], gold: tuple[int, int] | None) -> bool:
    """Whether a candidate span is the gold metric: half its characters shared, or another mention of
    the gold's words (spaces and line breaks aside)."""
    if gold is None:
        return False
    return _dice(span, gold) >= GOLD_DICE or "".join(text[slice(*span)].split()) == "".join(text[slice(*gold)].split())


class MetricRanker(StoredClassifier):
    """Picks each VALUE's METRIC among its candidates: one softmax over them and "no metric"."""

    FILE = "metric_ranker.json"
    label = "METRIC_OF"

    def __init__(self, name: str = "healthie_metric_ranker", threshold: float = 0.3):
        super().__init__()
        self.name = name
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        if self.classifier is None:
            raise ValueError(f"{self.name}: the metric ranker is not fitted; run `healthie train`")
        context = MetricContext.of(doc)
        scored = {key: {label: score for label, score in labels.items() if label != "METRIC_OF"}
                  for key, labels in doc._.rel.items()}
        proposed, options, chosen_at = [], {}, {}
        for value in (e for e in context.ents if e.label_ == "VALUE"):
            candidates = context.candidates(value)
            partner = None if context.after_list(value) is not None else fenbie_partner(  # 分别承担了…的[住院服务量]
                context.text, value, candidates, context.value_starts)
            if partner is None:
                partner = fenbie_back_partner(context.text, value, candidates, context.value_starts)
            shared = context.shared_head(value) if partner is None else None
            if shared is not None:  # 高血压、糖尿病患者规范管理人数分别达到…: the list's head is every value's
                partner = next((i for i, c in enumerate(candidates)
                                if (c.start_char, c.end_char) == (shared.start_char, shared.end_char)), None)
            if partner is None:  # | 一级医院 | … | 52.6 | under 病床使用率(%)
                partner = context.rate_over_kind(value, candidates)
            earlier = fenbie_back_value(context.text, value, context.value_starts) if partner is None else None
            if partner is None:  # 参保92.18万人（在职职工…、退休人员…），同比增长2.3%: the change of the figure before the aside
                earlier = aside_head(context.text, value, context.value_ends) if earlier is None else earlier
            if earlier in chosen_at:  # …分别达到720万人和260万人，比上年分别增加了十二万人和四万人: the same order
                candidates, partner = with_span(candidates, chosen_at[earlier])
            changed = context.changed_column(value) if partner is None else None
            if changed is not None:  # | 邵武市 | 201.35 | 4.1 | under 同比增长（%）: a change of the column to its left
                partner = next((i for i, c in enumerate(candidates)
                                if (c.start_char, c.end_char) == (changed.start_char, changed.end_char)), None)
            task = (context.task(value) or context.rank_subject(value)) if partner is None else None
            if task is not None:  # 仅用6天时间完成[隔离病区改造], [健康扶贫工作]在全市年度考核中排名第二
                partner = max((i for i, c in enumerate(candidates) if c.start_char < task.end_char
                               and task.start_char < c.end_char), default=None,
                              key=lambda i: candidates[i].end_char - candidates[i].start_char)
            if partner is not None:
                decision = (partner, 1.0)
            elif candidates:
                probabilities = self.classifier.candidate_probabilities(candidate_rows(context, value, candidates))
                options[value.start] = (value, candidates, probabilities)
                decision = _best(list(zip(candidates, probabilities)), self.threshold)
            else:
                decision = None
            if decision:
                chosen = context.with_age(_nearest_namesake(candidates[decision[0]], candidates, value))
                chosen_at[value.start_char] = chosen
                if not context.is_tagged(chosen):
                    proposed.append((value.start, chosen))  # a row label, a header or a long phrase not tagged
                scored.setdefault((value.start, chosen.start), {})["METRIC_OF"] = decision[1]
        if proposed:
            linked = {tail for (head, tail), labels in scored.items() if labels}
            fresh, replaced = _place_proposed(doc, [span for _, span in proposed], linked)
            doc.ents = sorted([*(e for e in doc.ents if (e.start, e.end) not in replaced), *fresh],
                              key=lambda e: e.start)
            scored = _repointed(scored, fresh, replaced)
            placed = {(span.start, span.end) for span in fresh}
            entities = {(e.start, e.end) for e in doc.ents}
            for value_start, span in proposed:
                if (span.start, span.end) in placed:
                    continue
                scored.get((value_start, span.start), {}).pop("METRIC_OF", None)
                if value_start not in options:
                    continue
                value, candidates, probabilities = options[value_start]
                placed_as = [(context.with_age(_nearest_namesake(c, candidates, value)), float(p))
                             for c, p in zip(candidates, probabilities)]
                available = [(c, p) for c, p in placed_as if (c.start, c.end) in entities]
                none = 1.0 - float(sum(probabilities))
                decision = _best(available, self.threshold, none)  # the best of what could be placed instead
                if decision:
                    scored.setdefault((value_start, available[decision[0]][0].start), {})["METRIC_OF"] = decision[1]
            kept = {e.start for e in doc.ents}
            scored = {key: labels for key, labels in scored.items() if key[1] in kept}
        set_relations(doc, {key: labels for key, labels in scored.items() if labels})
        return doc

    def fit(self, examples: Iterable[tuple[Doc, dict[tuple[int, int], tuple[int, int] | None]]],
            C: float = 1.0) -> "MetricRanker":
        """Fit on Docs tagged by the pipeline's own entity stage, each with its gold metric span per
        gold value span (character offsets; None for a value whose text names no metric)."""
        groups, answers = [], []
        for doc, gold in examples:
            context = MetricContext.of(doc)
            for value in (e for e in context.ents if e.label_ == "VALUE"):
                key = (value.start_char, value.end_char)
                if key not in gold:
                    continue  # not a gold value: nothing to learn about its metric
                candidates = context.candidates(value)
                groups.append(candidate_rows(context, value, candidates))
                answers.append({index for index, candidate in enumerate(candidates)
                                if _is_gold(context.text, (candidate.start_char, candidate.end_char), gold[key])})
        self.fit_groups(groups, answers, C=C)
        return self


def _best(options: list[tuple[Span, float]], threshold: float, none: float = 0.0) -> tuple[int, float] | None:
    """(index, probability) of the likeliest option when, with the others and "none" (``none``, beyond
    what the options hold), it reaches ``threshold``; else None."""
    if not options:
        return None
    best = max(range(len(options)), key=lambda i: options[i][1])
    probability = float(options[best][1] / (sum(p for _, p in options) + max(none, 0.0)) if none else options[best][1])
    return (best, round(probability, 4)) if probability >= threshold else None


def _place_proposed(doc: Doc, proposed: list[Span], linked: set[int] = frozenset()
                    ) -> tuple[list[Span], set[tuple[int, int]]]:
    """The proposed METRICs that can become entities: a row label or header over free text, or a phrase
    over the METRIC or DISEASE entities it holds (2型糖尿病患者 over 糖尿病, 患者; a row label 新生儿疾病筛查率
    over the DISEASE of the same words) and over a METRIC it cuts that no link in ``linked`` (the tails'
    first tokens) points to (非法行医案件 over 查处非法行医). Shorter phrases are placed first: one that
    holds another value's phrase has run too far (建制乡镇卫生院|已完成标准化建设). Returns the new spans and
    the (start, end) of the entities they replace."""
    fresh: list[Span] = []
    replaced: set[tuple[int, int]] = set()
    ents = list(doc.ents)  # in order, never overlapping: their ends are in order too
    starts, ends = [e.start for e in ents], [e.end for e in ents]
    for span in sorted({(s.start, s.end): s for s in proposed}.values(), key=lambda s: (len(s), s.start)):
        inside = ents[bisect.bisect_right(ends, span.start):bisect.bisect_left(starts, span.end)]
        if any(f.start < span.end and span.start < f.end for f in fresh):
            continue
        if all((e.label_ in ("METRIC", "DISEASE") and span.start <= e.start and e.end <= span.end)
               or (e.label_ == "METRIC" and (e.start == span.start or e.start not in linked)) for e in inside):
            fresh.append(span)
            replaced |= {(e.start, e.end) for e in inside}
    return fresh, replaced


def _repointed(scored: dict, fresh: list[Span], replaced: set[tuple[int, int]]) -> dict:
    """Links to an entity that a longer phrase replaced now go to that phrase (医院病床使用率 over 病床使用率)."""
    moved = {start: span.start for span in fresh for start, end in replaced if span.start <= start and end <= span.end}
    repointed: dict = {}
    for (head, tail), labels in scored.items():
        repointed.setdefault((head, moved.get(tail, tail)), {}).update(labels)
    return repointed


@Language.factory("healthie_metric_ranker", requires=["doc.ents", "doc._.rel"], assigns=["doc._.rel"],
                  default_config={"threshold": 0.3})
def make_metric_ranker(nlp: Language, name: str, threshold: float) -> MetricRanker:
    return MetricRanker(name, threshold)
