"""Turns entities and relations into claim records (``doc._.claims``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..claims import CLAIMS_KEY, build_claims


class ClaimBuilder:
    """Decodes the relation scores into one record per VALUE (SPEC sections 3, 4 and 6)."""

    def __init__(self, name: str = "healthie_claim_builder", threshold: float = 0.1):
        self.name = name
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[CLAIMS_KEY] = [c.to_dict() for c in build_claims(doc, self.threshold)]
        return doc


@Language.factory("healthie_claim_builder", default_config={"threshold": 0.1})
def make_claim_builder(nlp: Language, name: str, threshold: float) -> ClaimBuilder:
    return ClaimBuilder(name, threshold)
