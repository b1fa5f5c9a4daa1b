"""VALUE entities from the number grammar of :mod:`healthie.lexicons.numbers`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicons.numbers import scan_values
from ..lexicons.regions import numeral_places
from .entities import add_entities
from ..text.tokenizer import doc_text


VALUES_KEY = "healthie.values"  # the number grammar's exact spans, in clean-text offsets


class ValueRuler:
    """Tags every value expression that SPEC counts as a claim."""

    def __init__(self, name: str = "healthie_value_ruler", label: str = "VALUE"):
        self.name = name
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        places = numeral_places(text)  # 健康三台建设 in a 三台县 report: the county, not 3 台
        spans = [(v.start, v.end) for v in scan_values(text)
                 if not any(text.startswith(place, v.start) and v.end - v.start <= len(place) for place in places)]
        doc.user_data[VALUES_KEY] = [list(span) for span in spans]  # a token may be wider than its value
        return add_entities(doc, [(start, end, self.label) for start, end in spans])


@Language.factory("healthie_value_ruler", default_config={"label": "VALUE"})
def make_value_ruler(nlp: Language, name: str, label: str) -> ValueRuler:
    return ValueRuler(name, label)
