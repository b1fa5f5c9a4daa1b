"""``healthie extract``: claim records of reports, as a table, JSONL, CSV or Parquet."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from ..extras import MissingExtraError, require
from ._util import (MODEL_HELP, PATHS_HELP, QUIET_HELP, Arg, Failures, Opt, app, check_n_process, check_region,
                    load_model, writable)


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@app.command("extract")
def extract_cli(
    paths: list[Path] = Arg(..., exists=True, metavar="PATH", help=PATHS_HELP),
    output: Path = Opt(None, "--output", "-o", help="Write here instead of standard output [default: stdout]",
                       show_default=False),
    fmt: Format = Opt(Format.table, "--format", "-f", help="Output format"),
    region: str = Opt(None, "--region", help="Home-region hint for every document (e.g. 常德市)", show_default=False),
    model: Path = Opt(None, "--model", "-m", help=MODEL_HELP, show_default=False),
    n_process: int = Opt(1, "--n-process", "-n", callback=check_n_process, help="Processes for nlp.pipe (-1: one per CPU)"),
    errors: Path = Opt(None, "--errors", help="Also write the documents that failed as JSONL here", show_default=False),
    quiet: bool = Opt(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """Extract the claim records of reports (SPEC section 7)."""
    from ..extraction import extract_docs
    from ..io.progress import Progress
    from ..io.writing import write_records

    if fmt is Format.parquet:
        if output is None:
            raise typer.BadParameter("--format parquet needs -o FILE", param_hint="--format")
        try:
            require("pyarrow", "parquet", "--format parquet")
        except MissingExtraError as err:
            raise typer.BadParameter(str(err), param_hint="--format") from None
    writable(output, paths)
    writable(errors, paths, "--errors")
    check_region(region)
    nlp = load_model(model)
    failures = Failures()
    records = []
    progress = Progress("extract", quiet=quiet)
    for doc_id, claims in extract_docs(failures.readable(paths, region), nlp=nlp, n_process=n_process,
                                       on_error=failures):
        records.extend(c.to_dict() for c in claims)
        progress.step(f"{doc_id}: {len(claims)} claims")
    progress.close(f"{len(records)} claims")
    write_records(records, fmt.value, output, stream=sys.stdout)
    failures.write(errors)
    return failures.status

