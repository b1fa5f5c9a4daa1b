"""One indicator table from the claims of many reports: a row per indicator, region, year and breakdown,
with the value, where it was stated and whether the reports disagree.

Claims merge into one row when they share a key: the metric (its catalogue id, else its cleaned name), the
region (its code, else its name), the year, the breakdown, the measure (``level``; ``change`` and ``rank``
are kept apart from levels, so 同比下降2.1% never meets the level it changes) and the unit. The unit is
part of the key: ``%`` and ``‰``, ``人`` and ``张`` are different indicators (a scale such as 万 is already
applied to ``value``, so 48.6万人 and 486,000人 merge), and only measure words that name the same thing
are one unit (名, 位 -> 人; 所 -> 家; 床 -> 张). Claims without a metric or without a value are left out.

Two values agree when they are equal after rounding both (half away from zero) to the coarser precision
of the two texts (:func:`precision`): 48.6万 and 486,000 agree, 6.79‰ and 6.8‰ agree, 43417 and 43420
do not. A row's value is the value its sources state most often (ties: the higher confidence, then the
finer precision, then the first stated); the sources that do not agree with it make it a ``conflict``
and their values are its ``other_values``. Sources that each agree with the row's value are no conflict,
even when they would not agree with each other (6.79 and 6.84 beside a 6.8 stated twice).
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..extras import require
from ..lexicons import metrics
from .writing import replace_atomically

KEY = ("metric_id", "metric_name", "region", "region_code", "year", "breakdown", "measure", "unit")
COLUMNS = (*KEY, "value", "value_high", "approx", "kind", "n_sources", "n_reports", "conflict", "other_values",
           "sources")
SOURCE_FIELDS = ("doc_id", "page", "value_start", "value_end", "value_text", "value", "sentence")
SUFFIXES = (".csv", ".jsonl", ".parquet", ".xlsx")
EXTRAS = {".parquet": ("pyarrow.parquet", "parquet"), ".xlsx": ("openpyxl", "xlsx")}  # the library and its extra
SENTENCE_REACH = 150  # characters either side of a value at most: a table or a page without full stops
_UNITS = {"名": "人", "位": "人", "所": "家", "床": "张"}
_MEASURES = {"change": "change", "rank": "rank"}  # every other kind is a level
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.(\d+))?")
_CHINESE = re.compile(r"([零〇一二两三四五六七八九十百千万亿几]+)(?:点([零〇一二两三四五六七八九]+)([万亿]*))?")
_SCALE_POWERS = {"万": 4, "亿": 8}
_SENTENCE_END = re.compile(r"[。！？；!?\n]|</?(?:p|div|br|li|tr|td|th|h\d)\b[^<>]*>", re.I)  # not ";" (&nbsp;)
_TAG = re.compile(r"<[^<>]*>")
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_indicator(record: dict) -> bool:
    """Whether a claim record goes into the table: it has a metric and a value."""
    return bool(record.get("metric_id") or record.get("metric_name")) and record.get("value") is not None


def indicator_table(records: Iterable[dict], texts: Mapping[str, str] | None = None) -> list[dict]:
    """Rows of the claim ``records`` (``Claim.to_dict()``) merged by indicator, region, year and breakdown.

    ``texts`` maps a ``doc_id`` to the text its offsets point into; with it each source carries the
    sentence around its value, else ``sentence`` is None. Rows are sorted by their key; ``sources`` is a
    list of dicts (:data:`SOURCE_FIELDS`), ``other_values`` the sorted distinct values that disagree.
    """
    groups: dict[tuple, list[dict]] = {}
    for record in records:
        if has_indicator(record):
            groups.setdefault(_key(record), []).append(record)
    rows = [_row(key, group, texts) for key, group in groups.items()]
    return sorted(rows, key=lambda row: [(row[name] is None, row[name]) for name in KEY])


def precision(value_text: str, value: float) -> int:
    """The power of ten that the last digit of ``value_text`` stands for, in the units of ``value``.

    Digits are exact, trailing zeros included, and a scale word scales them: 48.6万 -> 3, 6.79‰ -> -2,
    486,000 -> 0, a cell 4.12 under 医师（万人） -> 2, 十二万 -> 4, 三点五万 -> 3, 百分之百 and 两千 -> 0.
    The number read is the first whose digits scale to ``value`` by a power of ten (of a PDF's doubled
    0.80.87 the 87, for 0.87); when none does (3万4000), the value counts as exact to the unit.
    """
    text = "".join(unicodedata.normalize("NFKC", value_text).split())  # 9\n0%: a number broken by a line
    numbers = list(_ARABIC.finditer(text))
    if not numbers:
        return _chinese_precision(text)
    for match in numbers:
        written, decimals = float(match.group().replace(",", "")), len(match.group(1) or "")
        if written == value == 0:
            return -decimals
        if written and value:
            power = round(math.log10(abs(value) / written))
            if math.isclose(abs(value), written * 10.0**power, rel_tol=1e-9):
                return power - decimals
    return min(0, _last_digit(value))


def agree(a: dict, b: dict) -> bool:
    """Whether two claim records state the same value (and upper end of a range) up to rounding."""
    if (a.get("value_high") is None) != (b.get("value_high") is None):
        return False
    place = max(precision(a["value_text"], a["value"]), precision(b["value_text"], b["value"]))
    ends = ("value",) if a.get("value_high") is None else ("value", "value_high")
    return all(_rounded(a[end], place) == _rounded(b[end], place) for end in ends)


def sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]`` (at most :data:`SENTENCE_REACH` characters either side),
    HTML tags and entities undone, whitespace collapsed, a lone surrogate U+FFFD (no file encodes it)."""
    left = max(0, start - SENTENCE_REACH)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    begin = ends[-1] if ends else left
    stop = _SENTENCE_END.search(text, end, min(len(text), end + SENTENCE_REACH))
    finish = stop.end() if stop else min(len(text), end + SENTENCE_REACH)
    return _SURROGATE.sub("\ufffd", " ".join(html.unescape(_TAG.sub("", text[begin:finish])).split()))


def write_indicators(rows: list[dict], path: str | Path) -> None:
    """Write the table to ``path`` by its suffix (:data:`SUFFIXES`), whole or not at all. In CSV and
    Excel the ``sources`` and ``other_values`` cells are JSON; JSONL and Parquet keep them nested."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path}: an indicator table is written as {', '.join(SUFFIXES)}, not {suffix or 'no suffix'}")
    if suffix == ".parquet":
        pq = table_library(suffix)
        table = require("pyarrow", "parquet", "a .parquet table").Table.from_pylist(rows, schema=arrow_schema())
        replace_atomically(path, lambda partial: pq.write_table(table, partial))
        return
    if suffix == ".xlsx":
        workbook = _workbook(rows, table_library(suffix))
        replace_atomically(path, lambda partial: workbook.save(partial))
        return
    text = _csv(rows) if suffix == ".csv" else "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    replace_atomically(path, lambda partial: partial.write_text(text, encoding="utf-8"))


def table_library(suffix: str):
    """The library that writes an indicator table of ``suffix`` (:data:`EXTRAS`), None for one that needs
    none; MissingExtraError names the extra that brings it."""
    if suffix not in EXTRAS:
        return None
    module, extra = EXTRAS[suffix]
    return require(module, extra, f"an indicator table in {suffix}")


def arrow_schema():
    """The Arrow schema of a row of the table: ``sources`` a list of structs, ``other_values`` of floats."""
    pa = require("pyarrow", "parquet", "a .parquet table")
    source = pa.struct([(name, pa.string() if name in ("doc_id", "value_text", "sentence") else
                         pa.float64() if name == "value" else pa.int64()) for name in SOURCE_FIELDS])
    types = {"year": pa.int64(), "value": pa.float64(), "value_high": pa.float64(), "n_sources": pa.int64(),
             "n_reports": pa.int64(), "conflict": pa.bool_(), "other_values": pa.list_(pa.float64()),
             "sources": pa.list_(source)}
    return pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])


def _key(record: dict) -> tuple:
    unit = record.get("unit")
    return (record.get("metric_id") or record["metric_name"], record.get("region_code") or record.get("region"),
            record.get("year"), record.get("breakdown"), _MEASURES.get(record["kind"], "level"), _UNITS.get(unit, unit))


def _row(key: tuple, group: list[dict], texts: Mapping[str, str] | None) -> dict:
    best = _best(group)
    others = [r for r in group if not agree(r, best)]
    metric = metrics.catalogue().get(best.get("metric_id"))
    return {
        "metric_id": best.get("metric_id"),
        "metric_name": metric.zh if metric else best["metric_name"],
        "region": best.get("region"), "region_code": best.get("region_code"), "year": best.get("year"),
        "breakdown": best.get("breakdown"), "measure": key[4], "unit": key[5],
        "value": best["value"], "value_high": best.get("value_high"), "approx": best.get("approx"),
        "kind": best["kind"],
        "n_sources": len(group), "n_reports": len({r.get("doc_id") for r in group}),
        "conflict": bool(others), "other_values": sorted({r["value"] for r in others}),
        "sources": [_source(r, texts) for r in group],
    }


def _best(group: list[dict]) -> dict:
    """The claim of the value stated most often; ties by confidence, then by the finer precision, then the first."""
    counts = Counter((r["value"], r.get("value_high")) for r in group)

    def rank(index: int) -> tuple:
        record = group[index]
        return (counts[record["value"], record.get("value_high")], record.get("confidence") or 0.0,
                -precision(record["value_text"], record["value"]), -index)

    return group[max(range(len(group)), key=rank)]


def _source(record: dict, texts: Mapping[str, str] | None) -> dict:
    text = texts.get(record.get("doc_id")) if texts is not None else None
    found = sentence(text, record["value_start"], record["value_end"]) if text is not None else None
    return {**{name: record.get(name) for name in SOURCE_FIELDS[:-1]}, "sentence": found}


def _rounded(value: float, place: int) -> Decimal:
    """``value`` rounded half away from zero to a multiple of 10**place, exactly (decimal, not binary)."""
    return Decimal(repr(value)).scaleb(-place).to_integral_value(ROUND_HALF_UP)


def _chinese_precision(text: str) -> int:
    """The precision of the longest Chinese numeral in ``text``: the power of the scale words it ends with,
    less its decimals after 点 (十二万 -> 4, 三点五万 -> 3, 一百零一万一千 -> 0); 0 without one."""
    numerals = list(_CHINESE.finditer(text))
    if not numerals:
        return 0
    match = max(numerals, key=lambda m: len(m.group()))
    tail = match.group(3) if match.group(2) else match.group(1)
    scale = tail[len(tail.rstrip("万亿")):]
    return sum(_SCALE_POWERS[c] for c in scale) - len(match.group(2) or "")


def _last_digit(value: float) -> int:
    """The power of ten of the last nonzero digit of ``value`` (1011000 -> 3, 3.5 -> -1; 0 -> 0)."""
    return Decimal(repr(abs(value))).normalize().as_tuple().exponent if value else 0


def _workbook(rows: list[dict], openpyxl):
    """An Excel workbook of one sheet: a frozen header row of :data:`COLUMNS`, then a row per indicator.
    Text cells stay text (never a formula); characters XML cannot hold (control characters) become U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "indicators"
    sheet.append(COLUMNS)
    for row in rows:
        cells = _json_cells(row)
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v
                      for v in (cells[name] for name in COLUMNS)])
    for cell in (c for line in sheet.iter_rows() for c in line if isinstance(c.value, str)):
        cell.data_type = "s"  # openpyxl takes a text starting with "=" for a formula
    sheet.freeze_panes = "A2"
    return workbook


def _json_cells(row: dict) -> dict:
    """A row with its ``sources`` and ``other_values`` as JSON text, for a flat table."""
    return {**row, "other_values": json.dumps(row["other_values"]),
            "sources": json.dumps(row["sources"], ensure_ascii=False)}


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(_json_cells(row))
    return buffer.getvalue()
