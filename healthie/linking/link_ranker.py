"""One REGION or one DATE decision per VALUE over all of its candidates, a pipeline component.

Like the metric ranker, it runs after the entity stage and sets its label's links in ``doc._.rel``
(replacing any an earlier component set): the value's candidates (:mod:`healthie.linking.link_candidates`) are
scored by a classifier fitted on the candidates the rule tagger really proposes, and the best one
becomes the value's link when it scores above the threshold; otherwise the value keeps no link and
its record takes the home region or the report's year. Two instances ship: one for REGION_OF, one
for DATE_OF.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .link_candidates import LINK_LABELS, LinkContext, in_list, link_rows, national_figure
from .relations import set_relations
from .structure import (REPORT_YEAR, adjacent_place, bracketed_base, clause_place, fenbie_anchor, fenbie_partner, from_value, list_head, opening_place,
                        opening_year, sentence_year, target_year, turn_year, with_span)
from .stored_classifier import StoredClassifier


class LinkRanker(StoredClassifier):
    """Picks each VALUE's REGION (or DATE) among its candidates: one softmax over them and "none"."""

    FILE = "link_ranker.json"

    def __init__(self, name: str = "healthie_link_ranker", label: str = "REGION_OF", threshold: float = 0.5):
        super().__init__()
        if label not in LINK_LABELS:
            raise ValueError(f"{name}: label must be one of {sorted(LINK_LABELS)}, not {label!r}")
        self.name = name
        self.label = label
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        if self.classifier is None:
            raise ValueError(f"{self.name}: the {self.label} ranker is not fitted; run `healthie train`")
        context = LinkContext.of(doc)
        scored = {key: {label: score for label, score in labels.items() if label != self.label}
                  for key, labels in doc._.rel.items()}
        proposed, tagged = [], {(e.start, e.end) for e in context.ents}
        chosen_at: dict[int, Span] = {}  # value start -> the DATE it was linked to
        for value in (e for e in context.ents if e.label_ == "VALUE"):
            candidates = context.candidates(value, self.label)
            partner = self._column_year(context, value, candidates)
            if partner is None:  # 2016年、2017年…分别为
                partner = fenbie_partner(context.text, value, candidates, context.value_starts)
            if partner is None and self.label == "REGION_OF":
                partner = adjacent_place(context.text, value, candidates)
            subject = context.gap_subject(value, candidates) if partner is None and self.label == "REGION_OF" else None
            if subject in chosen_at:  # 九江市…812.4/10万，低于全省平均水平64.7/10万: where the figure before it holds
                candidates, partner = with_span(candidates, chosen_at[subject])
            if partner is None and self.label == "REGION_OF":  # …，南昌市婴儿死亡率为1.96‰
                partner = clause_place(context.text, value, candidates)
            head = list_head(context.text, value, context.value_starts)
            same = chosen_at.get(head) if partner is None and head is not None else None
            if same is not None and self.label == "REGION_OF" and not self._shared_place(context.text, value, same):
                same = None
            if same is not None:  # 2010年，…分别为1043.6万人次、12.8万人: the year (德惠市…分别为: the place) of the list's first value
                partner = next((i for i, c in enumerate(candidates) if c.start_char == same.start_char), None)
            if partner is None and self.label == "REGION_OF":
                partner = national_figure(context.text, value, candidates)
            if partner is None and self.label == "REGION_OF":
                partner = opening_place(context.text, value, candidates)
            if partner is None and self.label == "DATE_OF":  # 较去年同期（498.32/10万）
                partner = bracketed_base(context.text, value, candidates)
            if partner is None and self.label == "DATE_OF":
                partner = turn_year(context.text, value, candidates,
                                    lambda c: None if context.compared_frame(c) else context.outcome(c, self.label))
            if partner is None and self.label == "DATE_OF":
                partner = target_year(context.text, value, candidates, lambda c: context.outcome(c, self.label),
                                      context.default_year)
            if partner == REPORT_YEAR or (partner is None and self.label == "DATE_OF"
                                          and from_value(context.text, value.start_char, value.end_char)):
                continue  # a from-value's year is its own date's or its base time (claims.record)
            choosable = context.choosable(value, candidates, self.label)
            if partner is None and self.label == "DATE_OF":
                partner = sentence_year(context.text, value, candidates)
                if partner is not None and (candidates[partner] not in choosable
                                            or context.vetoed(candidates[partner], value, self.label)):
                    partner = None  # 比2015年的8.1%: that figure's own year
            if partner is None and self.label == "DATE_OF":
                opening = opening_year(context.text, value, context.tails["DATE"])
                if opening is not None and not context.vetoed(opening, value, self.label):
                    candidates = sorted({(c.start_char, c.end_char): c for c in [*candidates, opening]}.values(),
                                        key=lambda c: c.start_char)
                    partner = next(i for i, c in enumerate(candidates) if c.start_char == opening.start_char)
            if partner is None:
                candidates = choosable
            decision = (partner, 1.0) if partner is not None else candidates and self.choose(
                link_rows(context, value, candidates, self.label), self.threshold)
            if decision and partner is None and context.vetoed(candidates[decision[0]], value, self.label):
                decision = None  # the document's default holds
            if decision:
                chosen = candidates[decision[0]]
                chosen_at[value.start_char] = chosen
                if (chosen.start, chosen.end) not in tagged:
                    proposed.append(chosen)  # a column header the rules had not tagged
                scored.setdefault((value.start, chosen.start), {})[self.label] = decision[1]
        if proposed:
            taken = [(e.start, e.end) for e in doc.ents]
            fresh = {(s.start, s.end): s for s in proposed if not any(a < s.end and s.start < b for a, b in taken)}
            doc.ents = sorted([*doc.ents, *fresh.values()], key=lambda e: e.start)
            kept = {e.start for e in doc.ents}
            scored = {key: labels for key, labels in scored.items() if key[1] in kept}
        set_relations(doc, {key: labels for key, labels in scored.items() if labels})
        return doc

    @staticmethod
    def _shared_place(text: str, value: Span, place: Span) -> bool:
        """Whether the place of a 分别 list's first value holds for the list: it stands before 分别, and alone
        (德惠市医疗卫生机构、床位…分别为), not one of a list (郑州市、洛阳市…，三市…分别有) nor an item's own
        place after 分别 (分别为：东丽区600张、津南区800张)."""
        _, anchor = fenbie_anchor(text, value)
        return anchor is not None and place.end_char <= anchor.start() and not in_list(text, place)

    def _column_year(self, context: LinkContext, value: Span, candidates: list[Span]) -> int | None:
        """A table cell's year is the one its column header names (`2016年 | 2017年`), when it names one."""
        if self.label != "DATE_OF":
            return None
        header = context.header(value, "DATE")
        if header is None:
            return None
        return next((i for i, c in enumerate(candidates) if c.start_char == header.start_char), None)

    def fit(self, examples: Iterable[tuple[Doc, dict[tuple[int, int], object]]], C: float = 1.0) -> "LinkRanker":
        """Fit on Docs tagged by the pipeline's own entity stage, each with the gold outcome per gold
        value span (character offsets): the region name or the year its record must carry. A
        candidate is right when linking it gives that outcome."""
        groups, answers = [], []
        for doc, gold in examples:
            context = LinkContext.of(doc)
            for value in (e for e in context.ents if e.label_ == "VALUE"):
                key = (value.start_char, value.end_char)
                if key not in gold:
                    continue  # not a gold value: nothing to learn about its links
                candidates = context.choosable(value, context.candidates(value, self.label), self.label)
                groups.append(link_rows(context, value, candidates, self.label))
                answers.append({index for index, candidate in enumerate(candidates)
                                if context.outcome(candidate, self.label) == gold[key]})
        self.fit_groups(groups, answers, C=C)
        return self


@Language.factory("healthie_link_ranker", requires=["doc.ents", "doc._.rel"], assigns=["doc._.rel"],
                  default_config={"label": "REGION_OF", "threshold": 0.5})
def make_link_ranker(nlp: Language, name: str, label: str, threshold: float) -> LinkRanker:
    return LinkRanker(name, label, threshold)
