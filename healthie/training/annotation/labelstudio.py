"""Label Studio tasks with the pipeline's pre-annotations, and its JSON export back to corpus records.

Offsets are code points of the raw document text: what Label Studio's text tag counts (its
DomManager splits text with ``[...text]``; a region drawn in 1.23.2 after three emoji is exported
so). Exports of older versions, which counted UTF-16 code units, are recognised by the region
texts they carry and mapped back as well. In the text of a region drawn across a line break,
Label Studio writes each CR and LF as the two characters ``\\n``.
"""

from __future__ import annotations

import re
from pathlib import Path

from .offsets import CODE_POINTS, UTF16, OffsetMap
from .spans import Problem, ToolLink, ToolRegion, build_record, is_key, json_objects

CONFIG = Path(__file__).resolve().parents[2] / "data" / "labelstudio.xml"
FROM_NAME = "label"
TO_NAME = "text"
NO_METRIC = "no_metric"
NO_METRIC_CHOICE = "NO_METRIC"
_LINE_BREAK = re.compile(r"[\r\n]")


def labeling_config() -> str:
    """The labeling config XML that matches the tasks (seven labels, three relations)."""
    return CONFIG.read_text(encoding="utf-8")


def to_labelstudio_task(record: dict, model_version: str) -> dict:
    """A Label Studio import task of a corpus record, its annotations as one prediction.

    Each entity is a ``labels`` region (id ``e<index>``), each relation a ``relation`` from the
    VALUE's region to its tail's, and each VALUE flagged in ``meta.no_metric`` carries the
    per-region NO_METRIC choice.
    """
    text = record["text"]
    no_metric = set(record.get("meta", {}).get("no_metric", []))
    result = []
    for index, entity in enumerate(record["entities"]):
        span = {"start": entity["start"], "end": entity["end"], "text": text[entity["start"]:entity["end"]]}
        result.append({"id": f"e{index}", "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
                       "value": {**span, "labels": [entity["label"]]}})
        if index in no_metric:
            result.append({"id": f"e{index}", "from_name": NO_METRIC, "to_name": TO_NAME, "type": "choices",
                           "value": {**span, "choices": [NO_METRIC_CHOICE]}})
    for relation in record["relations"]:
        result.append({"from_id": f"e{relation['head']}", "to_id": f"e{relation['tail']}", "type": "relation",
                       "direction": "right", "labels": [relation["label"]]})
    meta = {key: value for key, value in record.get("meta", {}).items() if key != "no_metric"}
    return {"data": {"text": text, "doc_id": record["id"], "meta": meta},
            "predictions": [{"model_version": model_version, "result": result}]}


def from_labelstudio_export(export: list[dict]) -> tuple[list[dict], list[Problem]]:
    """Corpus records of a Label Studio JSON export, and the problems of what was refused.

    Each task gives its latest annotation that was not cancelled (by update time); a task with
    none gives no record. A document is named by ``data.doc_id`` (else ``labelstudio-<task id>``).
    A task, annotation or result item that is not a JSON object, or holds a value of the wrong kind,
    is a problem of its document, never an error that stops the import.
    """
    records, problems = [], []
    tasks, refused = json_objects("export", export, "task")
    problems += refused
    for _, task in tasks:
        data = task.get("data")
        doc_id = str((data.get("doc_id") if isinstance(data, dict) else None) or f"labelstudio-{task.get('id')}")
        _, refused = json_objects(doc_id, task.get("annotations"), "annotations")
        problems += refused
        annotation = latest_annotation(task)
        if annotation is None:
            continue
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str) or not text:
            problems.append(Problem(doc_id, "task has no text"))
            continue
        regions, links, flagged, task_problems = _read_result(doc_id, annotation.get("result"))
        for region in regions:
            region.no_metric = region.key in flagged
        unknown = flagged - {region.key for region in regions}
        task_problems += [Problem(doc_id, f"NO_METRIC choice on a missing region {key!r}") for key in sorted(unknown, key=str)]
        record, refused = build_record(doc_id, text, regions, links, units=_units(text, regions), meta=data.get("meta"),
                                       shown=shown)
        records.append(record)
        problems += task_problems + refused
    return records, problems


def shown(span: str) -> str:
    """A span's text as Label Studio writes it for a region drawn across line breaks."""
    return _LINE_BREAK.sub(lambda _: "\\n", span)


def latest_annotation(task: dict) -> dict | None:
    """The task's most recently updated annotation that was not cancelled, or None."""
    annotations = task.get("annotations")
    submitted = [a for a in annotations if isinstance(a, dict) and not a.get("was_cancelled")] \
        if isinstance(annotations, list) else []
    if not submitted:
        return None
    return max(submitted, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), _number(a.get("id"))))


def _number(value: object) -> float:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _read_result(doc_id: str, result: object):
    items, problems = json_objects(doc_id, result, "result")
    regions, links, flagged = [], [], set()
    for index, item in items:
        kind, value = item.get("type"), item.get("value")
        where = f"result item {index} ({kind})"
        if kind != "relation" and not isinstance(value, dict):
            problems.append(Problem(doc_id, f"{where}: value is not an object"))
            continue
        if kind in ("labels", "choices") and not is_key(item.get("id")):
            problems.append(Problem(doc_id, f"{where}: id {item.get('id')!r} is not a string or a number",
                                    value.get("start"), value.get("end")))
        elif kind == "labels":
            labels = value.get("labels")
            if not isinstance(labels, list) or len(labels) != 1:
                problems.append(Problem(doc_id, f"region has labels {labels!r}, not a list of one",
                                        value.get("start"), value.get("end")))
                continue
            regions.append(ToolRegion(item["id"], value.get("start"), value.get("end"), labels[0], value.get("text")))
        elif kind == "relation":
            head, tail, labels = item.get("from_id"), item.get("to_id"), item.get("labels") or [None]
            if not (is_key(head) and is_key(tail) and isinstance(labels, list)):
                problems.append(Problem(doc_id, f"{where}: from_id {head!r}, to_id {tail!r} or labels {labels!r} "
                                                "is not what a relation holds"))
                continue
            if item.get("direction") == "left":
                head, tail = tail, head
            links += [ToolLink(head, tail, label) for label in labels]
        elif kind == "choices" and item.get("from_name") == NO_METRIC:
            choices = value.get("choices")
            if not isinstance(choices, list):
                problems.append(Problem(doc_id, f"{where}: choices {choices!r} is not a list"))
            elif NO_METRIC_CHOICE in choices:
                flagged.add(item["id"])
        else:
            problems.append(Problem(doc_id, f"result of type {kind!r} from {item.get('from_name')!r} is not part of the "
                                            "corpus format", value.get("start"), value.get("end")))
    return regions, links, flagged, problems


def _units(text: str, regions: list[ToolRegion]) -> str:
    """How the export counts offsets: UTF-16 code units only when more region texts match that way."""
    offsets = OffsetMap(text)
    if not offsets.astral:
        return CODE_POINTS

    def matches(units: str) -> int:
        spans = [(offsets.from_units(r.start, r.end, units), r.text) for r in regions if r.text is not None]
        return sum(span is not None and surface in (text[span[0]:span[1]], shown(text[span[0]:span[1]]))
                   for span, surface in spans)

    return UTF16 if matches(UTF16) > matches(CODE_POINTS) else CODE_POINTS
