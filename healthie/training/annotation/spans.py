"""Regions and relations read from an annotation tool, checked and turned into a corpus record.

Whatever cannot be mapped onto the document (offsets outside the text, a text that does not match
the offsets, an unknown label, a relation to a region that is not there) is refused as a
``Problem`` naming the document, the span as the tool gave it, and the reason; the rest is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..corpus.build import normalise
from ..corpus.markup import LABELS
from ...linking.relations import LABEL_OF_TAIL, LABELS as RELATION_LABELS
from .offsets import CODE_POINTS, OffsetMap

SOURCE = "imported"


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


def build_record(doc_id: str, text: str, regions: list[ToolRegion], links: list[ToolLink],
                 units: str = CODE_POINTS, meta: dict | None = None,
                 shown: Callable[[str], str] = str) -> tuple[dict, list[Problem]]:
    """The corpus record of one annotated document (source "imported"), and what was refused.

    A region's text must be the document's at its offsets, as is or as the tool writes it
    (``shown``). Entities are sorted by offset; a relation drawn from the METRIC/REGION/DATE to the
    VALUE is turned round, since the head of every relation is the VALUE.
    """
    problems: list[Problem] = []
    offsets = OffsetMap(text)
    kept: dict[object, tuple[int, int, str, bool]] = {}
    for region in regions:
        span = offsets.from_units(region.start, region.end, units)
        refuse = None
        if span is None:
            refuse = f"offsets outside the text of {len(text)} characters (counted in {units})"
        elif region.text is not None and region.text not in (text[span[0]:span[1]], shown(text[span[0]:span[1]])):
            refuse = f"text {region.text!r} is not the document's {text[span[0]:span[1]]!r} at these offsets"
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
