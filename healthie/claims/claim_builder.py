"""Turns entities and relations into claim records (``doc._.claims``, and the span group
``doc.spans["claims"]``: each claim's VALUE, labelled with its metric, for displaCy and other Span tools)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .record import CLAIMS_KEY, build_claims


class ClaimBuilder:
    """Decodes the relation scores into one record per VALUE (SPEC sections 3, 4 and 6).

    ``thresholds`` per relation label: a METRIC is obligatory, so its best candidate is taken at a
    low score; a REGION or DATE link is optional and needs more (the home region and year fill in).
    """

    def __init__(self, name: str = "healthie_claim_builder", thresholds: dict[str, float] | None = None):
        self.name = name
        self.thresholds = dict(thresholds or DEFAULT_THRESHOLDS)

    def __call__(self, doc: Doc) -> Doc:
        claims = build_claims(doc, self.thresholds)
        doc.user_data[CLAIMS_KEY] = [c.to_dict() for c in claims]
        values = [e for e in doc.ents if e.label_ == "VALUE"]  # build_claims makes one claim per VALUE, in order
        doc.spans[SPANS_KEY] = [Span(doc, v.start, v.end, label=c.metric_name or NO_METRIC) for v, c in zip(values, claims)]
        return doc


SPANS_KEY = "claims"
NO_METRIC = "(no metric)"


DEFAULT_THRESHOLDS = {"METRIC_OF": 0.2, "REGION_OF": 0.5, "DATE_OF": 0.5}


@Language.factory("healthie_claim_builder", default_config={"thresholds": DEFAULT_THRESHOLDS})
def make_claim_builder(nlp: Language, name: str, thresholds: dict[str, float]) -> ClaimBuilder:
    return ClaimBuilder(name, thresholds)
