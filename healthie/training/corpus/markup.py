"""Inline annotation markup for documents written for the corpus.

Authored reports are written with their annotations inline, so that a writer
never counts character offsets by hand::

    [全市](REGION:r1)[出生人口数](METRIC:m1)[43417人](VALUE m=m1 r=r1 d=d1)

An entity is ``[text](LABEL)`` or ``[text](LABEL:key)``; a VALUE names its
METRIC_OF, REGION_OF and DATE_OF children by key (``m=``, ``r=``, ``d=``;
``m=none`` says the text names no metric). A VALUE may also carry its record's
breakdown (``b=省级``), the construction of ../shared/STRUCTURES.md that states
it (``c=breakdown``, see :data:`CONSTRUCTIONS`) and, for a from-value that no DATE
names, the base year its record holds for (``y=2015``) or that it has none (``y=none``,
SPEC: never the report's year); all are kept on the entity. The
first line of a file is a JSON object of document metadata (id, home_region, year,
genre, and optionally ``checks``, the arithmetic the text states).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("VALUE", "METRIC", "REGION", "ORG", "DATE", "DISEASE", "POLICY")
RELATION_KEYS = {"m": "METRIC_OF", "r": "REGION_OF", "d": "DATE_OF"}
VALUE_ATTRIBUTES = {"b": "breakdown", "c": "construction", "y": "year"}
# STRUCTURES.md sections 1-7; a VALUE without c= is stated plainly (metric next to it).
CONSTRUCTIONS = ("breakdown", "place", "fenbie", "change", "table", "leadin", "bare")

_ENTITY = re.compile(r"\[([^\[\]]+)\]\(([A-Z]+)((?::|\s)[^()\n]*)?\)")
_ESCAPES = {"\\[": "\ue000", "\\]": "\ue001"}  # a literal bracket in a report is written \[ or \]
_UNESCAPE = str.maketrans({"\ue000": "[", "\ue001": "]"})


class MarkupError(ValueError):
    """An authored document whose markup cannot be read."""


@dataclass
class _Pending:
    start: int
    end: int
    label: str
    key: str | None
    links: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)


def parse_markup(source: str, doc_id: str = "<markup>") -> dict:
    """Turn one marked-up document into a corpus record (text, entities, relations)."""
    header, _, body = source.partition("\n")
    for escaped, placeholder in _ESCAPES.items():
        body = body.replace(escaped, placeholder)
    try:
        meta = json.loads(header)
    except json.JSONDecodeError as err:
        raise MarkupError(f"{doc_id}: first line is not a JSON metadata object ({err})") from None
    pieces: list[str] = []
    pending: list[_Pending] = []
    cursor = 0
    length = 0
    for match in _ENTITY.finditer(body):
        plain = body[cursor : match.start()]
        pieces.append(plain)
        length += len(plain)
        surface, label, rest = match.group(1), match.group(2), (match.group(3) or "").strip()
        if label not in LABELS:
            raise MarkupError(f"{doc_id}: unknown label {label!r} at {surface!r}")
        key, links, attributes = _parse_attributes(rest, label, surface, doc_id)
        pending.append(_Pending(length, length + len(surface), label, key, links, attributes))
        pieces.append(surface)
        length += len(surface)
        cursor = match.end()
    pieces.append(body[cursor:])
    text = "".join(pieces)
    for stray in ("](", "[", "]"):
        if stray in text:
            where = text.index(stray)
            raise MarkupError(f"{doc_id}: unbalanced markup near {text[max(0, where - 15) : where + 15]!r}")
    return _to_record(meta, text.translate(_UNESCAPE), pending, doc_id)


def _parse_attributes(rest: str, label: str, surface: str, doc_id: str) -> tuple[str | None, dict, dict]:
    if label != "VALUE":
        key = rest[1:].strip() if rest.startswith(":") else (rest or None)
        return key, {}, {}
    links, attributes = {}, {}
    for item in rest.split():
        name, sep, target = item.partition("=")
        if sep and name in RELATION_KEYS:
            links[name] = target
        elif sep and target and name in VALUE_ATTRIBUTES:
            attributes[VALUE_ATTRIBUTES[name]] = target
        else:
            raise MarkupError(f"{doc_id}: bad VALUE attribute {item!r} at {surface!r}")
    if "m" not in links:
        raise MarkupError(f"{doc_id}: VALUE {surface!r} has no m= (use m=none when no metric is named)")
    construction = attributes.get("construction")
    if construction is not None and construction not in CONSTRUCTIONS:
        raise MarkupError(f"{doc_id}: VALUE {surface!r} has unknown construction c={construction} "
                          f"(one of {', '.join(CONSTRUCTIONS)})")
    year = attributes.get("year")
    if year is not None and year != "none" and not (year.isdigit() and len(year) == 4):
        raise MarkupError(f"{doc_id}: VALUE {surface!r} has y={year} (a year such as 2015, or none)")
    return None, links, attributes


def _to_record(meta: dict, text: str, pending: list[_Pending], doc_id: str) -> dict:
    index_of_key = {}
    for index, entity in enumerate(pending):
        if entity.key:
            if entity.key in index_of_key:
                raise MarkupError(f"{doc_id}: key {entity.key!r} is used twice")
            index_of_key[entity.key] = index
    relations = []
    no_metric = []
    for index, entity in enumerate(pending):
        for name, target in entity.links.items():
            if name == "m" and target == "none":
                no_metric.append(index)
                continue
            if target not in index_of_key:
                raise MarkupError(f"{doc_id}: {text[entity.start:entity.end]!r} links to unknown key {target!r}")
            relations.append({"head": index, "tail": index_of_key[target], "label": RELATION_KEYS[name]})
    entities = [{"start": e.start, "end": e.end, "label": e.label, **e.attributes} for e in pending]
    meta = dict(meta)
    record_id = meta.pop("id", doc_id)
    source = meta.pop("source", "authored")
    if no_metric:
        meta["no_metric"] = no_metric
    meta.setdefault("noise", [])
    return {"id": record_id, "source": source, "text": text, "entities": entities,
            "relations": relations, "meta": meta}


def to_markup(record: dict) -> str:
    """Write a corpus record as marked-up text (the inverse of :func:`parse_markup`)."""
    entities = record["entities"]
    links: dict[int, dict[str, str]] = {}
    keyed: dict[int, str] = {}
    short = {v: k for k, v in RELATION_KEYS.items()}
    for relation in record["relations"]:
        tail = relation["tail"]
        keyed.setdefault(tail, f"{entities[tail]['label'][0].lower()}{len(keyed) + 1}")
        links.setdefault(relation["head"], {})[short[relation["label"]]] = keyed[tail]
    text = record["text"]
    pieces, cursor = [], 0
    for index in sorted(range(len(entities)), key=lambda i: entities[i]["start"]):
        entity = entities[index]
        pieces.append(_escape(text[cursor:entity["start"]]))
        label = entity["label"]
        if label == "VALUE":
            attrs = links.get(index, {})
            if "m" not in attrs:  # nothing links it to a metric: say so explicitly
                attrs = {"m": "none", **attrs}
            attrs = dict(sorted(attrs.items(), key=lambda kv: "mrd".index(kv[0])))
            attrs.update({short_name: entity[name] for short_name, name in VALUE_ATTRIBUTES.items() if entity.get(name)})
            tag = "VALUE " + " ".join(f"{k}={v}" for k, v in attrs.items())
        else:
            tag = f"{label}:{keyed[index]}" if index in keyed else label
        pieces.append(f"[{_escape(text[entity['start']:entity['end']])}]({tag})")
        cursor = entity["end"]
    pieces.append(_escape(text[cursor:]))
    meta = {"id": record["id"], "source": record.get("source", "authored"),
            **{k: v for k, v in record.get("meta", {}).items() if k != "no_metric"}}
    return json.dumps(meta, ensure_ascii=False) + "\n" + "".join(pieces)


def _escape(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def read_markup(path: str | Path) -> dict:
    """Parse a marked-up file into a corpus record."""
    path = Path(path)
    return parse_markup(path.read_text(encoding="utf-8"), doc_id=path.name)


if __name__ == "__main__":  # a writer's check: python -m healthie.training.corpus.markup FILE...
    import sys
    from collections import Counter

    for name in sys.argv[1:]:
        record = read_markup(name)
        counts = Counter(e["label"] for e in record["entities"])
        print(f"{name}: {len(record['text'])} chars, {dict(counts)}, {len(record['relations'])} relations")
