"""Drops entities on boilerplate lines (web chrome, spam): no claim is taken from them."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..text.tokenizer import boilerplate_spans


class BoilerplateFilter:
    """Keeps only the entities that lie off the boilerplate lines the cleaning step marked."""

    def __init__(self, name: str = "healthie_boilerplate_filter"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        lines = boilerplate_spans(doc)
        if lines:
            doc.ents = [e for e in doc.ents
                        if not any(e.start_char < end and start < e.end_char for start, end in lines)]
        return doc


@Language.factory("healthie_boilerplate_filter", requires=["doc.ents"], assigns=["doc.ents"])
def make_boilerplate_filter(nlp: Language, name: str) -> BoilerplateFilter:
    return BoilerplateFilter(name)
