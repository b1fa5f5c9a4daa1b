"""Writing claim records: jsonl, csv, parquet, and a readable terminal table, a document at a time.

Records go out as each document finishes, never held for the end. To a stream they are printed and
flushed per document. JSONL and CSV files are appended to a journal beside the target (``Journal``)
that an interrupted run can be resumed from; parquet and the table are streamed into a temporary file
beside the target that replaces it only when complete. A file named as output is never truncated
before its replacement is complete.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections import Counter
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
RESUMABLE = ("jsonl", "csv")  # the formats written a document at a time into a file, so resumable
ROW_GROUP = 10_000  # parquet records held before they go out as a row group
_BOUND_MARK = {"at_least": "≥", "at_most": "≤", "more_than": ">", "less_than": "<", "about": "≈"}
_TABLE_COLUMNS = [("doc_id", 14), ("value_text", 14), ("value", 12), ("unit", 5), ("kind", 8),
                  ("metric_name", 18), ("region", 8), ("year", 4)]


def write_records(records: list[dict], fmt: str, out: str | Path | None, stream=None) -> None:
    """Write records in ``fmt`` to the file ``out`` (whole or not at all), or to ``stream`` when out is None."""
    writer = _whole_file(fmt, Path(out), _encoder(fmt)) if out is not None else open_records(fmt, None, stream)
    with writer:
        writer.write("", records)


def open_records(fmt: str, out: str | Path | None = None, stream=None, resume: bool = False,
                 bom: bool = False) -> RecordWriter:
    """The writer of a run's records in ``fmt``: to ``stream`` when ``out`` is None; for a JSONL or CSV
    file, a ``Journal`` (``resume`` takes up an interrupted run, or the documents already in ``out``);
    for parquet or the table, a temporary file that replaces ``out`` when complete. ``bom`` starts CSV
    with a byte-order mark, which Excel needs to read UTF-8.

    Raises ValueError for parquet without ``out``, for ``resume`` of a format written whole, and for
    an output that cannot be resumed (naming the file and the problem).
    """
    encoder = _encoder(fmt, bom)
    if out is None:
        if fmt == "parquet":
            raise ValueError("--format parquet needs -o FILE")
        return RecordStream(encoder, stream)
    if fmt in RESUMABLE:
        return Journal(encoder, fmt, Path(out), resume)
    if resume:
        raise ValueError(f"{fmt} is written whole or not at all, so there is nothing to resume")
    return _whole_file(fmt, Path(out), encoder)


def replace_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """``write(partial)`` a temporary file beside ``path``, then rename it to ``path``: a crash or an
    interrupt leaves an older file whole, never truncated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(path)
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def partial_path(path: Path) -> Path:
    """The temporary file beside ``path`` that is written before it replaces ``path``."""
    return path.with_name(f".{path.name}.partial")


def unfinished_run(path: str | Path) -> Path | None:
    """The partial file an interrupted run left for ``path`` (JSONL or CSV), if there is one."""
    journal = Journal.files(Path(path))
    return journal[0] if all(p.exists() for p in journal) else None


def arrow_schema():
    """The Arrow schema of a claim record (parquet, datasets, Spark)."""
    pa = require("pyarrow", "parquet", "the Arrow schema of records")

    types = {"value_start": pa.int64(), "value_end": pa.int64(), "page": pa.int64(), "metric_start": pa.int64(),
             "metric_end": pa.int64(), "region_start": pa.int64(), "region_end": pa.int64(),
             "year": pa.int64(), "value": pa.float64(), "value_high": pa.float64(), "confidence": pa.float64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_SIGNED_NUMBER = re.compile(r"[+-][0-9.][0-9.,%‰～~\s\u3007\u4e00-\u9fff]*")


def escape_formula(cell):
    """A CSV cell that no spreadsheet runs as a formula: a text cell starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a leading ``'`` (as OWASP advises against CSV injection),
    and so does one starting with ``'``, so that the escape can always be undone (``unescape_formula``).

    Left as they are: numbers (the numeric columns), and a text that is a signed number as written
    (``-2.1%``, ``+5``, ``-3.2万人``: a sign, a digit, then only digits, ``.,%‰～~``, spaces and Chinese
    characters). Such a cell holds no function, reference or link, so a spreadsheet can run nothing from
    it (it shows a number, or an error when a unit follows), and a ``value_text`` stays what the text
    says at its offsets. A reader that checks offsets
    (``text[value_start:value_end] == value_text``) undoes the escape of every text cell first.
    """
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def unescape_formula(cell: str) -> str:
    """The text of a CSV cell ``escape_formula`` wrote."""
    return cell[1:] if cell.startswith("'") else cell


class _Text:
    """A text format: what comes before the records, the records of a document, what comes after."""

    def header(self) -> str:
        return ""

    def rows(self, records: list[dict]) -> str:
        raise NotImplementedError

    def footer(self, count: int) -> str:
        return ""


class _JsonLines(_Text):
    def rows(self, records: list[dict]) -> str:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


class _Csv(_Text):
    """CSV of the record's columns, formula-like cells escaped; ``bom``: UTF-8 that Excel reads as such."""

    def __init__(self, bom: bool = False):
        self.bom = bom

    def header(self) -> str:
        return ("\ufeff" if self.bom else "") + _csv_lines([COLUMNS])

    def rows(self, records: list[dict]) -> str:
        return _csv_lines([escape_formula(record.get(column)) for column in COLUMNS] for record in records)


def _csv_lines(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


class _Table(_Text):
    """A fixed-width table (rich), one line per record, long cells cut with an ellipsis: the header,
    the rows a document at a time, and the count of claims below."""

    def header(self) -> str:
        return _rendered([], show_header=True)

    def rows(self, records: list[dict]) -> str:
        return _rendered(records, show_header=False) if records else ""

    def footer(self, count: int) -> str:
        return f"{count} claims\n"


def _cell(value) -> str:
    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return " ".join(text.split())  # a line break inside a value never breaks the table's row


def _value_cell(record: dict) -> str:
    """The value as the table shows it, with its bound and the high end of a range: ≥95, ≈3000, 20-30."""
    if record.get("value") is None:
        return ""
    high = record.get("value_high")
    return _BOUND_MARK.get(record.get("approx"), "") + _cell(record["value"]) + (f"-{_cell(high)}" if high is not None else "")


def _rendered(records: list[dict], show_header: bool) -> str:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_header=show_header)
    for name, width in _TABLE_COLUMNS:
        table.add_column(name, width=width, no_wrap=True, overflow="ellipsis")
    for record in records:
        table.add_row(*(_value_cell(record) if name == "value" else _cell(record.get(name)) for name, _ in _TABLE_COLUMNS))
    console = Console(file=io.StringIO(), width=sum(w + 3 for _, w in _TABLE_COLUMNS), color_system=None,
                      force_terminal=False, highlight=False, emoji=False, markup=False)
    console.print(table)
    return console.file.getvalue()


def _encoder(fmt: str, bom: bool = False) -> _Text | None:
    """The text format ``fmt`` (None for parquet)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    return {"jsonl": _JsonLines(), "csv": _Csv(bom), "table": _Table()}.get(fmt)


class RecordWriter:
    """Where a run's records go, a document at a time (``write``). As a context manager it completes
    the output when the run does (``close``); on an exception (an interrupt, a crash) it keeps what is
    finished where a resumed run finds it (``kept``), or, for a format written whole, drops it
    (``abandon``)."""

    kept: Path | None = None  # where an abandoned run's finished documents are

    def __init__(self):
        self.finished: Counter[str] = Counter()  # documents already in the output, by id, when resumed
        self.count = 0  # records written by this run
        self.documents = 0  # documents written by this run

    def write(self, doc_id: str, records: list[dict]) -> None:
        self.count += len(records)
        self.documents += 1

    def close(self) -> None:
        """The run is complete."""

    def abandon(self) -> None:
        """The run stops short."""

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abandon()


class RecordStream(RecordWriter):
    """A text format to a stream, flushed after each document: what was printed stays printed."""

    def __init__(self, encoder: _Text, stream):
        super().__init__()
        self.encoder, self.stream = encoder, stream
        self._put(encoder.header())

    def write(self, doc_id: str, records: list[dict]) -> None:
        self._put(self.encoder.rows(records))
        super().write(doc_id, records)

    def close(self) -> None:
        self._put(self.encoder.footer(self.count))

    def _put(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


class TextFile(RecordStream):
    """A text format into a temporary file beside ``path``, which replaces ``path`` when complete."""

    def __init__(self, encoder: _Text, path: Path):
        self.path, self.partial = path, partial_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(encoder, open(self.partial, "w", encoding="utf-8", newline=""))

    def close(self) -> None:
        super().close()
        self.stream.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        self.stream.close()
        self.partial.unlink(missing_ok=True)


class ParquetFile(RecordWriter):
    """Parquet into a temporary file beside ``path``, which replaces ``path`` when complete. Records go
    out as a row group every ``ROW_GROUP`` of them, so memory stays bounded."""

    def __init__(self, path: Path):
        super().__init__()
        require("pyarrow", "parquet", "--format parquet")
        import pyarrow.parquet as pq

        self.path, self.partial = path, partial_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._schema = arrow_schema()
        self._file = pq.ParquetWriter(self.partial, self._schema)
        self._rows: list[dict] = []

    def write(self, doc_id: str, records: list[dict]) -> None:
        self._rows += records
        super().write(doc_id, records)
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def close(self) -> None:
        self._flush()
        self._file.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        self._file.close()
        self.partial.unlink(missing_ok=True)

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._file.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []


def _whole_file(fmt: str, path: Path, encoder: _Text | None) -> RecordWriter:
    return ParquetFile(path) if fmt == "parquet" else TextFile(encoder, path)


class Journal(RecordWriter):
    """JSONL or CSV for ``path``, appended a document at a time to a partial file beside it and flushed,
    each finished document then listed in a done list with the partial file's length after it; the
    partial file replaces ``path`` when the run completes.

    An interrupt or a crash leaves both files beside ``path``, and ``path`` as it was: a file named as
    output always holds a whole run. Left beside rather than renamed over ``path``, an interrupted and a
    crashed run (which can rename nothing) leave the same state, and a resumed run has one place to
    look. Both files are cut back to the documents listed in whole lines (by ``abandon`` on an
    interrupt, by ``resume`` after a crash), so a document cut off mid-write is redone, never kept in
    part. With ``resume`` the listed documents are ``finished`` and the rest is appended in input
    order: the completed file equals an uninterrupted run's, line for line. Without a journal,
    ``resume`` takes the documents whose records are in ``path`` as finished (a document without claims
    is then run again, adding nothing). Without ``resume`` a run starts over.
    """

    def __init__(self, encoder: _Text, fmt: str, path: Path, resume: bool = False):
        super().__init__()
        self.encoder, self.fmt, self.path = encoder, fmt, path
        self.partial, self.done_list = self.files(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume and self.partial.exists() and self.done_list.exists():
            self.finished, self.size = self._cut_back()
        elif resume and path.exists():
            self.finished, self.size = self._adopt()
        else:
            self.size = self._start(encoder.header())
        self._records = open(self.partial, "a", encoding="utf-8", newline="")
        self._done = open(self.done_list, "a", encoding="utf-8")

    @staticmethod
    def files(path: Path) -> tuple[Path, Path]:
        """The partial file and the done list of the journal for ``path``."""
        return partial_path(path), path.with_name(f".{path.name}.done")

    def write(self, doc_id: str, records: list[dict]) -> None:
        text = self.encoder.rows(records)
        self._records.write(text)
        self._records.flush()
        self.size += len(text.encode("utf-8"))
        self._done.write(json.dumps([doc_id, self.size]) + "\n")
        self._done.flush()
        super().write(doc_id, records)

    def close(self) -> None:
        self._close_files()
        os.replace(self.partial, self.path)
        self.done_list.unlink()

    def abandon(self) -> None:
        self._close_files()
        self._cut_back()
        self.kept = self.partial

    def _close_files(self) -> None:
        self._records.close()
        self._done.close()

    def _start(self, header: str) -> int:
        """A new journal whose partial file holds ``header``; its length in bytes."""
        self.partial.write_text(header, encoding="utf-8", newline="")
        return self._new_done_list(len(header.encode("utf-8")))

    def _new_done_list(self, start: int) -> int:
        self.done_list.write_text(json.dumps({"format": self.fmt, "start": start}) + "\n", encoding="utf-8")
        return start

    def _cut_back(self) -> tuple[Counter, int]:
        """Both files cut back to the documents the done list names in whole lines (a document or a
        line cut off mid-write is dropped); their ids, and the partial file's length."""
        finished, end, listed = _read_done_list(self.done_list, self.fmt)
        if self.partial.stat().st_size < end:
            raise ValueError(f"{self.partial} is shorter than {self.done_list} says")
        os.truncate(self.partial, end)
        os.truncate(self.done_list, listed)
        return finished, end

    def _adopt(self) -> tuple[Counter, int]:
        """The documents in a complete output as finished, in a journal that starts as its copy."""
        finished = Counter(_doc_ids(self.path, self.fmt))
        shutil.copyfile(self.path, self.partial)
        size = self._new_done_list(self.partial.stat().st_size)
        with open(self.done_list, "a", encoding="utf-8") as done:
            done.writelines(json.dumps([doc_id, size]) + "\n" for doc_id in finished)
        return finished, size


def _read_done_list(path: Path, fmt: str) -> tuple[Counter, int, int]:
    """The documents a done list names, the partial file's length after the last of them, and the
    length of the list's whole lines (a last line cut off mid-write is not one)."""
    raw = path.read_bytes()
    whole = raw[:raw.rfind(b"\n") + 1]
    lines = whole.decode("utf-8", errors="replace").splitlines() or [""]
    head = _json_line(path, 1, lines[0])
    if not (isinstance(head, dict) and isinstance(head.get("start"), int)):
        raise ValueError(f"{path}:1 is not the head of a done list")
    if head.get("format") != fmt:
        raise ValueError(f"{path} lists {head.get('format')} records, not {fmt}")
    finished, end = Counter(), head["start"]
    for number, line in enumerate(lines[1:], start=2):
        entry = _json_line(path, number, line)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], int)):
            raise ValueError(f"{path}:{number} is not a finished document's [id, length]")
        finished[entry[0]] += 1
        end = entry[1]
    return finished, end, len(whole)


def _doc_ids(path: Path, fmt: str) -> set[str]:
    """The document ids of the records in a JSONL or CSV records file; ValueError naming what is not one."""
    with open(path, encoding="utf-8-sig", newline="") as lines:
        if fmt == "csv":
            rows = csv.DictReader(lines)
            if rows.fieldnames != COLUMNS:
                raise ValueError(f"{path} is no claims CSV: its first line is not the record's columns")
            return {unescape_formula(row["doc_id"] or "") for row in rows}
        ids = set()
        for number, line in enumerate(lines, start=1):
            if line.strip():
                record = _json_line(path, number, line)
                if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
                    raise ValueError(f"{path}:{number} is not a claim record")
                ids.add(record["doc_id"])
        return ids


def _json_line(path: Path, number: int, line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}:{number} is not JSON ({err.msg})") from None
