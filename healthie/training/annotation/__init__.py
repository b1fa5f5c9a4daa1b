"""Annotation tools: pre-annotated tasks for Label Studio and doccano, their exports back to corpus records."""

from __future__ import annotations

import json
from pathlib import Path

from .doccano import from_doccano, to_doccano
from .labelstudio import from_labelstudio_export, labeling_config, to_labelstudio_task
from .spans import PARTIAL_SOURCE, Problem

FORMATS = ("labelstudio", "doccano")

__all__ = ["FORMATS", "PARTIAL_SOURCE", "Problem", "corpus_clashes", "detect_format", "from_doccano",
           "from_labelstudio_export", "labeling_config", "read_export", "to_doccano", "to_labelstudio_task",
           "whole_documents", "write_tasks"]


def write_tasks(records: list[dict], path: str | Path, fmt: str, model_version: str) -> None:
    """Label Studio: one JSON list of tasks; doccano: JSONL, one document a line."""
    if fmt == "labelstudio":
        text = json.dumps([to_labelstudio_task(r, model_version) for r in records], ensure_ascii=False, indent=1)
    else:
        text = "".join(json.dumps(to_doccano(r), ensure_ascii=False) + "\n" for r in records)
    Path(path).write_text(text, encoding="utf-8")


def detect_format(path: str | Path) -> str:
    """``.jsonl`` is doccano, ``.json`` Label Studio; otherwise a JSON list is Label Studio's."""
    path = Path(path)
    if path.suffix.lower() in (".jsonl", ".json"):
        return "doccano" if path.suffix.lower() == ".jsonl" else "labelstudio"
    return "labelstudio" if path.read_text(encoding="utf-8-sig").lstrip().startswith("[") else "doccano"


def read_export(path: str | Path, fmt: str | None = None) -> tuple[list[dict], list[Problem]]:
    """Corpus records of an export file and the problems of what was refused.

    Raises ValueError when the file is not an export of that format at all.
    """
    fmt = fmt or detect_format(path)
    text = Path(path).read_text(encoding="utf-8-sig")
    if fmt == "doccano":
        return from_doccano(text.splitlines())
    try:
        export = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}: not JSON ({err.msg})") from None
    if not isinstance(export, list) or not all(isinstance(task, dict) for task in export):
        raise ValueError(f"{path}: not a Label Studio JSON export (a list of tasks)")
    return from_labelstudio_export(export)


def corpus_clashes(records: list[dict], corpus: list[dict]) -> list[Problem]:
    """Imported records that would collide with the corpus: an id already used, or a seed's text
    (a seed imported again would be trained on in the fold that holds it out)."""
    ids = {r["id"] for r in corpus}
    seeds = {r["text"]: r["id"] for r in corpus if r["source"] == "seed"}
    problems = [Problem(r["id"], "id already used in the corpus") for r in records if r["id"] in ids]
    problems += [Problem(r["id"], f"same text as seed {seeds[r['text']]}") for r in records if r["text"] in seeds]
    return problems


def whole_documents(records: list[dict], problems: list[Problem],
                    keep_partial: bool = False) -> tuple[list[dict], list[str]]:
    """The records of the documents nothing was refused of, and the ids of those something was refused
    of (a span, a relation, a flag, an item): left out whole, or with ``keep_partial`` kept as far as
    they were accepted, their ``source`` marked ``PARTIAL_SOURCE``."""
    refused = {problem.doc_id for problem in problems}
    partial = [record["id"] for record in records if record["id"] in refused]
    if keep_partial:
        return [{**r, "source": PARTIAL_SOURCE} if r["id"] in refused else r for r in records], partial
    return [r for r in records if r["id"] not in refused], partial
