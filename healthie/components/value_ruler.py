"""VALUE entities from the number grammar of :mod:`healthie.lexicons.numbers`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicons.numbers import scan_values
from .entities import add_entities


class ValueRuler:
    """Tags every value expression that SPEC counts as a claim."""

    def __init__(self, name: str = "healthie_value_ruler", label: str = "VALUE"):
        self.name = name
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        return add_entities(doc, [(v.start, v.end, self.label) for v in scan_values(doc.text)])


@Language.factory("healthie_value_ruler", default_config={"label": "VALUE"})
def make_value_ruler(nlp: Language, name: str, label: str) -> ValueRuler:
    return ValueRuler(name, label)
