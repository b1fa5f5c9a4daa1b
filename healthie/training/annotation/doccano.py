"""doccano JSONL (sequence labelling with relations) in both directions.

A line is ``{"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
"relations": [{"id", "from_id", "to_id", "type"}]}``, doccano's import and export format for
relation projects; exports of plain sequence-labelling projects (``"label": [[start, end, label]]``)
are read too. doccano counts offsets in UTF-16 code units (JavaScript string positions), so they
are converted both ways. Extra keys travel with the document through doccano: ``doc_id``, ``meta``,
and ``no_metric``, the offsets of the VALUEs whose text names no metric.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .offsets import UTF16, OffsetMap
from .spans import Problem, ToolLink, ToolRegion, build_record, is_key, json_objects


def to_doccano(record: dict) -> dict:
    """One doccano line of a corpus record (entity ids are the entity indices)."""
    offsets = OffsetMap(record["text"])

    def span(entity: dict) -> list[int]:
        return [offsets.to_units(entity["start"], UTF16), offsets.to_units(entity["end"], UTF16)]

    entities = [{"id": i, "start_offset": s, "end_offset": e, "label": entity["label"]}
                for i, entity in enumerate(record["entities"]) for s, e in [span(entity)]]
    relations = [{"id": i, "from_id": r["head"], "to_id": r["tail"], "type": r["label"]}
                 for i, r in enumerate(record["relations"])]
    meta = record.get("meta", {})
    return {"text": record["text"], "doc_id": record["id"],
            "meta": {key: value for key, value in meta.items() if key != "no_metric"},
            "no_metric": [span(record["entities"][i]) for i in meta.get("no_metric", [])],
            "entities": entities, "relations": relations}


def from_doccano(lines: Iterable[str | dict]) -> tuple[list[dict], list[Problem]]:
    """Corpus records of doccano JSONL lines (strings or parsed objects), and what was refused. An
    entity, relation or span of a line that is not what doccano writes is a problem of its document."""
    records, problems = [], []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, str):
            if not line.strip():
                continue
            try:
                line = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(Problem(f"line {number}", f"not JSON ({err.msg})"))
                continue
        if not isinstance(line, dict) or not isinstance(line.get("text"), str) or not line["text"]:
            problems.append(Problem(f"line {number}", "no text"))
            continue
        doc_id, text = str(line.get("doc_id") or f"doccano-{line.get('id', number)}"), line["text"]
        regions, refused = _regions(doc_id, line)
        flagged, refused_flags = _no_metric(doc_id, line.get("no_metric"))
        for region in regions:
            region.no_metric = (region.start, region.end) in flagged
        links, refused_links = _links(doc_id, line.get("relations"))
        record, refused_spans = build_record(doc_id, text, regions, links, units=UTF16, meta=line.get("meta"))
        records.append(record)
        problems += refused + refused_flags + refused_links + refused_spans
    return records, problems


def _regions(doc_id: str, line: dict) -> tuple[list[ToolRegion], list[Problem]]:
    if "entities" in line:
        entities, problems = json_objects(doc_id, line["entities"], "entities")
        regions = [ToolRegion(e.get("id"), e.get("start_offset"), e.get("end_offset"), e.get("label"))
                   for _, e in entities]
        problems += [Problem(doc_id, f"entity id {r.key!r} is not a string or an integer", r.start, r.end)
                     for r in regions if not is_key(r.key)]
        return [r for r in regions if is_key(r.key)], problems
    triples = line.get("label") or []
    if not isinstance(triples, list):
        return [], [Problem(doc_id, f"label is {triples!r}, not a list of [start, end, label]")]
    problems = [Problem(doc_id, f"label item {index} {triple!r} is not a [start, end, label]")
                for index, triple in enumerate(triples) if not (isinstance(triple, list) and len(triple) == 3)]
    regions = [ToolRegion(index, *triple) for index, triple in enumerate(triples)
               if isinstance(triple, list) and len(triple) == 3]
    return regions, problems


def _links(doc_id: str, relations: object) -> tuple[list[ToolLink], list[Problem]]:
    relations, problems = json_objects(doc_id, relations, "relations")
    links = [ToolLink(r.get("from_id"), r.get("to_id"), r.get("type") or None) for _, r in relations]
    problems += [Problem(doc_id, f"relation from {link.head!r} to {link.tail!r}: not entity ids")
                 for link in links if not (is_key(link.head) and is_key(link.tail))]
    return [link for link in links if is_key(link.head) and is_key(link.tail)], problems


def _no_metric(doc_id: str, spans: object) -> tuple[set[tuple[int, int]], list[Problem]]:
    """The [start, end] spans of the VALUEs flagged as naming no metric."""
    if spans is None:
        return set(), []
    if not isinstance(spans, list):
        return set(), [Problem(doc_id, f"no_metric is {spans!r}, not a list of [start, end]")]
    good = [span for span in spans if isinstance(span, list) and len(span) == 2 and all(type(o) is int for o in span)]
    problems = [Problem(doc_id, f"no_metric item {span!r} is not a [start, end]") for span in spans if span not in good]
    return {tuple(span) for span in good}, problems
