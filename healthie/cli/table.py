"""``healthie table``: the claims of many reports merged into one indicator table."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..extras import MissingExtraError
from ._util import (MODEL_HELP, PATHS_HELP, QUIET_HELP, Arg, Failures, Opt, app, check_n_process, check_region,
                    load_model, writable)


@app.command("table")
def table_cli(
    paths: list[Path] = Arg(..., exists=True, metavar="PATH", help=PATHS_HELP),
    output: Path = Opt(..., "--output", "-o", show_default=False,
                       help="Table file; its suffix gives the format (.csv, .jsonl, .parquet, .xlsx)"),
    region: str = Opt(None, "--region", help="Home-region hint for every document (e.g. 常德市)", show_default=False),
    model: Path = Opt(None, "--model", "-m", help=MODEL_HELP, show_default=False),
    n_process: int = Opt(1, "--n-process", "-n", callback=check_n_process, help="Processes for nlp.pipe (-1: one per CPU)"),
    quiet: bool = Opt(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """One row per indicator, region, year and breakdown: the value, its sources, and whether reports disagree.

    Changes and ranks are rows of their own, apart from levels. Claims without a metric are left out
    (counted on stderr). Sources agree when their values are equal after rounding to the coarser of
    their precisions (48.6万 and 486,000); a row whose sources do not is flagged as a conflict.
    """
    from ..extraction import extract_docs
    from ..io.indicators import has_indicator, indicator_table, write_indicators
    from ..io.progress import Progress

    _check_format(output)
    writable(output, paths)
    check_region(region)
    nlp = load_model(model)
    failures = Failures()
    texts: dict[str, str] = {}
    records = []
    progress = Progress("table", quiet=quiet)
    for doc_id, claims in extract_docs(_kept(failures.readable(paths, region), texts), nlp=nlp,
                                       n_process=n_process, on_error=failures):
        records.extend(c.to_dict() for c in claims)
        progress.step(f"{doc_id}: {len(claims)} claims")
    rows = indicator_table(records, texts)
    progress.close(f"{len(rows)} rows")
    write_indicators(rows, output)
    left_out = sum(not has_indicator(r) for r in records)
    conflicts = sum(row["conflict"] for row in rows)
    print(f"healthie: {len(records)} claims -> {len(rows)} rows, {conflicts} with conflicting sources; "
          f"{left_out} claims without a metric or a value left out", file=sys.stderr)
    return failures.status


def _check_format(output: Path) -> None:
    """A usage error unless ``output`` names a format the table is written in (and its extra is installed)."""
    from ..io.indicators import SUFFIXES, table_library

    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise typer.BadParameter(f"{output}: give a {', '.join(SUFFIXES)} file", param_hint="-o/--output")
    try:
        table_library(suffix)
    except MissingExtraError as err:
        raise typer.BadParameter(str(err), param_hint="-o/--output") from None


def _kept(documents, texts: dict[str, str]):
    """Pass (id, text, region) documents on, keeping each text: the sources' sentences come from it."""
    for doc_id, text, region in documents:
        texts[doc_id] = text
        yield doc_id, text, region
