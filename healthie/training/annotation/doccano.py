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
from .spans import Problem, ToolLink, ToolRegion, build_record


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
    """Corpus records of doccano JSONL lines (strings or parsed objects), and what was refused."""
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
        regions = _regions(line)
        flagged = {tuple(span) for span in line.get("no_metric") or [] if isinstance(span, list)}
        for region in regions:
            region.no_metric = (region.start, region.end) in flagged
        links = [ToolLink(r.get("from_id"), r.get("to_id"), r.get("type") or None) for r in line.get("relations") or []]
        record, refused = build_record(doc_id, text, regions, links, units=UTF16, meta=line.get("meta"))
        records.append(record)
        problems += refused
    return records, problems


def _regions(line: dict) -> list[ToolRegion]:
    if "entities" in line:
        return [ToolRegion(e.get("id"), e.get("start_offset"), e.get("end_offset"), e.get("label"))
                for e in line.get("entities") or []]
    triples = [t if isinstance(t, list) and len(t) == 3 else [None, None, None] for t in line.get("label") or []]
    return [ToolRegion(index, start, end, label) for index, (start, end, label) in enumerate(triples)]
