"""Turns entities and relations into claim records (``doc._.claims``, and the span group
``doc.spans["claims"]``: each claim's VALUE, labelled with its metric, for displaCy and other Span tools).

``doc._.region_hint`` is the home region the caller gives a Doc before the pipeline runs (SPEC section 4).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..linking.defaults import HINT_KEY
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


def _get_region_hint(doc: Doc) -> str | None:
    return doc.user_data.get(HINT_KEY)


def _set_region_hint(doc: Doc, region: str | None) -> None:
    """Kept in ``doc.user_data``, which travels with the Doc (``nlp.pipe(n_process=2)``, a DocBin);
    None or a blank string is no hint."""
    if region is not None and not isinstance(region, str):
        raise TypeError(f"region_hint must be a str or None, not {type(region).__name__}")
    if region and region.strip():
        doc.user_data[HINT_KEY] = region
    else:
        doc.user_data.pop(HINT_KEY, None)


if not Doc.has_extension("region_hint"):
    Doc.set_extension("region_hint", getter=_get_region_hint, setter=_set_region_hint)


SPANS_KEY = "claims"
NO_METRIC = "(no metric)"


DEFAULT_THRESHOLDS = {"METRIC_OF": 0.2, "REGION_OF": 0.5, "DATE_OF": 0.5}


@Language.factory("healthie_claim_builder", default_config={"thresholds": DEFAULT_THRESHOLDS})
def make_claim_builder(nlp: Language, name: str, thresholds: dict[str, float]) -> ClaimBuilder:
    return ClaimBuilder(name, thresholds)
