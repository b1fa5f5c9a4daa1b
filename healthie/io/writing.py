"""Writing claim records: jsonl, csv, parquet, and a readable terminal table."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from ..claims.record import Claim
from ..extras import require

COLUMNS = [f.name for f in fields(Claim)]
FORMATS = ("jsonl", "csv", "parquet", "table")
_TABLE_COLUMNS = [("doc_id", 14), ("value_text", 14), ("value", 12), ("unit", 5), ("kind", 8),
                  ("metric_name", 18), ("region", 8), ("year", 4)]


def write_records(records: list[dict], fmt: str, out: str | Path | None, stream=None) -> None:
    """Write records in ``fmt`` to the file ``out`` (whole or not at all), or to ``stream`` when out is None."""
    if fmt == "parquet":
        if out is None:
            raise ValueError("--format parquet needs -o FILE")
        require("pyarrow", "parquet", "--format parquet")
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(records, schema=arrow_schema()) if records else pa.table(
            {c: pa.array([], type=t) for c, t in zip(COLUMNS, arrow_schema().types)})
        replace_atomically(Path(out), lambda partial: pq.write_table(table, partial))
        return
    text = {"jsonl": _jsonl, "csv": _csv, "table": _table}[fmt](records)
    if out is None:
        stream.write(text)
    else:
        replace_atomically(Path(out), lambda partial: partial.write_text(text, encoding="utf-8"))


def replace_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """``write(partial)`` a temporary file beside ``path``, then rename it to ``path``: a crash or an
    interrupt leaves an older file whole, never truncated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def arrow_schema():
    """The Arrow schema of a claim record (parquet, datasets, Spark)."""
    pa = require("pyarrow", "parquet", "the Arrow schema of records")

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


def _cell(value) -> str:
    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return " ".join(text.split())  # a line break inside a value never breaks the table's row


def _table(records: list[dict]) -> str:
    """A fixed-width table (rich), one line per record, long cells cut with an ellipsis."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, caption=f"{len(records)} claims",
                  caption_justify="left")
    for name, width in _TABLE_COLUMNS:
        table.add_column(name, width=width, no_wrap=True, overflow="ellipsis")
    for record in records:
        table.add_row(*(_cell(record.get(name)) for name, _ in _TABLE_COLUMNS))
    console = Console(file=io.StringIO(), width=sum(w + 3 for _, w in _TABLE_COLUMNS), color_system=None,
                      force_terminal=False, highlight=False, emoji=False, markup=False)
    console.print(table)
    return console.file.getvalue()
