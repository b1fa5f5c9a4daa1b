"""Writing claim records: jsonl, csv, parquet, and a readable terminal table."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import fields
from pathlib import Path

from ..claims.record import Claim

COLUMNS = [f.name for f in fields(Claim)]
FORMATS = ("jsonl", "csv", "parquet", "table")
_TABLE_COLUMNS = [("doc_id", 14), ("value_text", 14), ("value", 12), ("unit", 5), ("kind", 8),
                  ("metric_name", 18), ("region", 8), ("year", 4)]


def write_records(records: list[dict], fmt: str, out: str | Path | None, stream=None) -> None:
    """Write records in ``fmt`` to the file ``out``, or to ``stream`` (text) when out is None."""
    if fmt == "parquet":
        if out is None:
            raise ValueError("--format parquet needs -o FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(records, schema=arrow_schema()) if records else pa.table(
            {c: pa.array([], type=t) for c, t in zip(COLUMNS, arrow_schema().types)})
        pq.write_table(table, out)
        return
    text = {"jsonl": _jsonl, "csv": _csv, "table": _table}[fmt](records)
    if out is None:
        stream.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")


def arrow_schema():
    """The Arrow schema of a claim record (parquet, datasets, Spark)."""
    import pyarrow as pa

    types = {"value_start": pa.int64(), "value_end": pa.int64(), "metric_start": pa.int64(),
             "metric_end": pa.int64(), "region_start": pa.int64(), "region_end": pa.int64(),
             "year": pa.int64(), "value": pa.float64(), "value_high": pa.float64(), "confidence": pa.float64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value, width: int) -> str:
    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    text = " ".join(text.split())  # a line break inside a value never breaks the table's row
    while _width(text) > width:
        text = text[:-1]
    return text + " " * (width - _width(text))


def _table(records: list[dict]) -> str:
    lines = [" ".join(_cell(name, width) for name, width in _TABLE_COLUMNS)]
    lines.append(" ".join("-" * width for _, width in _TABLE_COLUMNS))
    for record in records:
        lines.append(" ".join(_cell(record.get(name), width) for name, width in _TABLE_COLUMNS))
    lines.append(f"{len(records)} claims")
    return "\n".join(lines) + "\n"
