"""The JSON Schema (draft 2020-12) of the claim record, generated from ``Claim``.

``python -m healthie.claims.schema`` writes it to docs/record.schema.json.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from dataclasses import fields
from pathlib import Path

from .record import FIELD_DOCS, FIELD_VALUES, Claim

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "record.schema.json"
_JSON_TYPES = {str: "string", int: "integer", float: "number", type(None): "null"}


def record_schema() -> dict:
    """The schema every ``Claim.to_dict()`` record satisfies: every field required, no other."""
    hints = typing.get_type_hints(Claim)
    names = [field.name for field in fields(Claim)]
    return {
        "$schema": DRAFT,
        "title": "healthie claim record",
        "description": "One numeric claim of a report: a value with its metric, region and year "
                       "(healthie.Claim.to_dict(): a JSONL line, a CSV or parquet row).",
        "type": "object",
        "properties": {name: field_schema(name, hints[name]) for name in names},
        "required": names,
        "additionalProperties": False,
    }


def field_schema(name: str, hint) -> dict:
    """The schema of one field: its JSON type(s), its description and, for a closed set, its values."""
    members = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    json_types = [_JSON_TYPES[member] for member in members]
    schema = {"type": json_types if len(json_types) > 1 else json_types[0], "description": FIELD_DOCS[name]}
    if name in FIELD_VALUES:
        schema["enum"] = [*FIELD_VALUES[name], *([None] if type(None) in members else [])]
    return schema


def schema_text() -> str:
    """The schema as written to docs/record.schema.json."""
    return json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # python -m healthie.claims.schema [PATH]
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
