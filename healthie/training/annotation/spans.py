"""Regions and relations read from an annotation tool, checked and turned into a corpus record.

Whatever cannot be mapped onto the document (offsets outside the text, a text that does not match
the offsets, a span of white space or with white space at an end, an unknown label, a relation to a
region that is not there, an item that is not a JSON object) is refused as a ``Problem`` naming the
document, the span as the tool gave it, and the reason. The record keeps the rest; the import leaves a
document with anything refused out whole (``healthie.training.annotation.whole_documents``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..corpus.build import normalise
from ..corpus.markup import LABELS
from ...linking.relations import LABEL_OF_TAIL, LABELS as RELATION_LABELS
from .offsets import CODE_POINTS, OffsetMap

SOURCE = "imported"
PARTIAL_SOURCE = "imported-partial"  # a document kept although some of its spans or relations were refused


@dataclass(frozen=True)
class Problem:
    """Something in an export that was refused."""

    doc_id: str
    reason: str
    start: object = None
    end: object = None

    def __str__(self) -> str:
        span = f"span {self.start}-{self.end}: " if self.start is not None or self.end is not None else ""
        return f"{self.doc_id}: {span}{self.reason}"


@dataclass
class ToolRegion:
    """A labelled span as the tool stores it (offsets in the tool's units)."""

    key: object
    start: object
    end: object
    label: object
    text: str | None = None
    no_metric: bool = False


@dataclass(frozen=True)
class ToolLink:
    """A relation between two regions by the tool's region ids; no label: implied by the tail."""

    head: object
    tail: object
    label: str | None = None


def json_objects(doc_id: str, items: object, name: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The (index, item) of the items of a JSON list that are objects, and a Problem naming each that is
    not (or the list itself, when it is none; a missing list is an empty one)."""
    if items is None:
        return [], []
    if not isinstance(items, list):
        return [], [Problem(doc_id, f"{name} is {_json_kind(items)}, not a list")]
    problems = [Problem(doc_id, f"{name} item {index} is {_json_kind(item)}, not an object")
                for index, item in enumerate(items) if not isinstance(item, dict)]
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)], problems


def is_key(value: object) -> bool:
    """Whether ``value`` can be a region id: a string or an integer."""
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def _json_kind(value: object) -> str:
    kinds = {str: "a string", int: "a number", float: "a number", bool: "a boolean", list: "a list",
             dict: "an object", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def build_record(doc_id: str, text: str, regions: list[ToolRegion], links: list[ToolLink],
                 units: str = CODE_POINTS, meta: dict | None = None,
                 shown: Callable[[str], str] = str) -> tuple[dict, list[Problem]]:
    """The corpus record of one annotated document (source "imported"), and what was refused.

    A region's text, when the tool gives one, must be the document's at its offsets, as is or as the
    tool writes it (``shown``); every region, with a text or without (doccano's never have one), must
    cover text that is not white space and neither starts nor ends with it. Entities are sorted by
    offset; a relation drawn from the METRIC/REGION/DATE to the VALUE is turned round, since the head of
    every relation is the VALUE.
    """
    problems: list[Problem] = []
    if meta is not None and not isinstance(meta, dict):
        problems.append(Problem(doc_id, f"meta is {_json_kind(meta)}, not an object"))
    offsets = OffsetMap(text)
    kept: dict[object, tuple[int, int, str, bool]] = {}
    for region in regions:
        span = offsets.from_units(region.start, region.end, units)
        refuse = None
        surface = text[span[0]:span[1]] if span else ""
        if span is None:
            refuse = f"offsets outside the text of {len(text)} characters (counted in {units})"
        elif region.text is not None and region.text not in (surface, shown(surface)):
            refuse = f"text {region.text!r} is not the document's {surface!r} at these offsets"
        elif not surface.strip():
            refuse = f"the document's {surface!r} at these offsets is only white space"
        elif surface != surface.strip():
            refuse = f"the document's {surface!r} at these offsets starts or ends with white space"
        elif region.label not in LABELS:
            refuse = f"unknown label {region.label!r}"
        elif region.key in kept:
            refuse = f"region id {region.key!r} used twice"
        if refuse:
            problems.append(Problem(doc_id, refuse, region.start, region.end))
        else:
            kept[region.key] = (*span, region.label, region.no_metric)
    keys = sorted(kept, key=lambda k: kept[k][:3])
    index = {key: i for i, key in enumerate(keys)}
    entities = [{"start": kept[k][0], "end": kept[k][1], "label": kept[k][2]} for k in keys]
    relations = set()
    for link in links:
        head, tail = index.get(link.head), index.get(link.tail)
        if head is None or tail is None:
            known = head if head is not None else tail
            where = (entities[known]["start"], entities[known]["end"]) if known is not None else (None, None)
            missing = link.head if head is None else link.tail
            name = f"relation {link.label}" if link.label else "relation"
            problems.append(Problem(doc_id, f"{name} to a missing region {missing!r}", *where))
            continue
        if entities[head]["label"] != "VALUE" and entities[tail]["label"] == "VALUE":
            head, tail = tail, head
        label = link.label or LABEL_OF_TAIL.get(entities[tail]["label"])
        if label not in RELATION_LABELS:
            problems.append(Problem(doc_id, f"unknown relation label {label!r}", entities[head]["start"], entities[head]["end"]))
            continue
        relations.add((head, label, tail))
    no_metric = [i for i, key in enumerate(keys) if kept[key][3] and kept[key][2] == "VALUE"]
    meta = {key: value for key, value in meta.items() if key != "no_metric"} if isinstance(meta, dict) else {}
    record = normalise({"id": doc_id, "source": SOURCE, "text": text, "entities": entities,
                        "relations": [{"head": h, "tail": t, "label": label} for h, label, t in sorted(relations)],
                        "meta": {**meta, "no_metric": no_metric}})
    return record, problems
