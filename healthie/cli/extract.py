"""``healthie extract``: claim records of reports, as a table, JSONL, CSV or Parquet."""

from __future__ import annotations

import re
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

import typer

from ..extras import MissingExtraError, require
from ._util import (MODEL_HELP, PATHS_HELP, QUIET_HELP, Arg, Failures, Opt, app, check_n_process, check_region,
                    load_model, writable)

_DIGITS = re.compile(r"[0-9]+")  # in a clean text (full-width digits made ASCII)


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
    region: str = Opt(None, "--region", help="Home-region hint for the documents that give none (e.g. 常德市)",
                      show_default=False),
    model: Path = Opt(None, "--model", "-m", help=MODEL_HELP, show_default=False),
    n_process: int = Opt(1, "--n-process", "-n", callback=check_n_process, help="Processes for nlp.pipe (-1: one per CPU)"),
    errors: Path = Opt(None, "--errors", help="Also write the documents that failed as JSONL here", show_default=False),
    resume: bool = Opt(False, "--resume", help="Skip the documents already in -o FILE (jsonl, csv), as an interrupted "
                                               "run left it, and add the rest"),
    excel: bool = Opt(False, "--excel", help="CSV with a byte-order mark, so that Excel reads the Chinese as UTF-8"),
    quiet: bool = Opt(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """Extract the claim records of reports (SPEC section 7)."""
    from ..io.progress import Progress

    check_output(fmt, output, resume, excel)
    writable(output, paths)
    writable(errors, paths, "--errors")
    check_region(region)
    nlp = load_model(model)
    writer = open_writer(fmt, output, resume, excel)
    failures = Failures()
    progress = Progress("extract", quiet=quiet)
    documents = unfinished(failures.readable(paths, region), Counter(writer.finished))
    try:
        with writer:
            extract_into(writer, documents, nlp, n_process, failures, progress)
    except KeyboardInterrupt:
        print(f"healthie: interrupted{kept(writer)}", file=sys.stderr)
        return 130
    except Exception:
        if writer.kept is not None:
            print(f"healthie: stopped by an error{kept(writer)}", file=sys.stderr)
        raise
    finally:
        progress.close(f"{writer.count} claims")
        failures.write(errors)
    return failures.status


def check_output(fmt: Format, output: Path | None, resume: bool, excel: bool) -> None:
    """Usage errors of the output options, before any work."""
    if fmt is Format.parquet:
        if output is None:
            raise typer.BadParameter("--format parquet needs -o FILE", param_hint="--format")
        try:
            require("pyarrow", "parquet", "--format parquet")
        except MissingExtraError as err:
            raise typer.BadParameter(str(err), param_hint="--format") from None
    if resume and (output is None or fmt not in (Format.jsonl, Format.csv)):
        raise typer.BadParameter("needs -o FILE in --format jsonl or csv (parquet and the table are written whole "
                                 "or not at all)", param_hint="--resume")
    if excel and fmt is not Format.csv:
        raise typer.BadParameter("is for --format csv", param_hint="--excel")


def open_writer(fmt: Format, output: Path | None, resume: bool, excel: bool):
    """The record writer; a journal that cannot be resumed is a usage error, before anything is written."""
    from ..io.writing import open_records, unfinished_run

    partial = unfinished_run(output) if output is not None and not resume else None
    try:
        writer = open_records(fmt.value, output, sys.stdout, resume=resume, bom=excel)
    except ValueError as err:
        raise typer.BadParameter(f"cannot resume: {err}; run without --resume to start over",
                                 param_hint="--resume") from None
    if partial is not None:
        print(f"healthie: warning: started over; the unfinished run in {partial} was dropped (--resume would "
              f"have kept it)", file=sys.stderr)
    if writer.finished:
        print(f"healthie: resuming: {sum(writer.finished.values())} documents already in the output are skipped",
              file=sys.stderr)
    return writer


def unfinished(documents: Iterable[tuple], finished: Counter) -> Iterator[tuple]:
    """The (id, ...) documents not yet ``finished`` (an id that two documents share counts twice)."""
    for document in documents:
        if finished[document[0]] > 0:
            finished[document[0]] -= 1
        else:
            yield document


def extract_into(writer, documents, nlp, n_process: int, failures: Failures, progress) -> None:
    """Each document's records to ``writer`` as it finishes. A document that gives no claims although
    its text holds numbers is warned about on stderr, with the likely reason (:func:`no_claims_reason`)."""
    from ..extraction import extract_docs

    pending: deque[str] = deque()  # the texts of the documents whose claims have not come back, in order
    failed: set[str] = set()

    def on_error(doc_id: str, reason: str) -> None:
        failed.add(doc_id)
        failures(doc_id, reason)

    found = extract_docs(remembered(documents, pending), nlp=nlp, n_process=n_process, on_error=on_error)
    try:
        for doc_id, claims in found:  # every document comes back, a failed one without claims
            text = pending.popleft()
            writer.write(doc_id, [claim.to_dict() for claim in claims])
            progress.step(f"{doc_id}: {len(claims)} claims")
            if doc_id in failed:
                failed.discard(doc_id)
            elif not claims:
                warn_no_claims(doc_id, text)
    finally:
        found.close()  # an interrupt or an error ends extract_docs' worker processes at once


def remembered(documents: Iterable[tuple], pending: deque[str]) -> Iterator[tuple]:
    """Pass (id, text, region) documents on, adding each text to ``pending``."""
    for document in documents:
        pending.append(document[1])
        yield document


def warn_no_claims(doc_id: str, text: str) -> None:
    """Say on stderr that a document holding numbers gave no claims, and why."""
    reason = no_claims_reason(text)
    if reason:
        print(f"healthie: warning: {doc_id}: no claims although the text holds numbers ({reason})", file=sys.stderr)


def no_claims_reason(text: str) -> str | None:
    """Why a text gave no claims although it holds numbers (digits, or values the number grammar reads);
    None when it holds none."""
    from ..lexicons.numbers import scan_values
    from ..text.cleaning import clean

    cleaned = clean(text)
    values = [(match.start, match.end) for match in scan_values(cleaned.text)]
    numbers = values + [match.span() for match in _DIGITS.finditer(cleaned.text)]
    if not numbers:
        return None
    if all(cleaned.in_boilerplate(start, end) for start, end in numbers):
        return "all its lines read as web boilerplate"
    if not values:
        return "its numbers are dates, phone or ID numbers only"
    return f"the pipeline kept none of the values read in it ({len(values)})"



def kept(writer) -> str:
    """Where the finished documents of a run that stopped short are, if they were kept."""
    if writer.kept is None:
        return ""
    count = sum(writer.finished.values()) + writer.documents
    return f"; {count} finished document(s) kept in {writer.kept}: run again with --resume to add the rest"
