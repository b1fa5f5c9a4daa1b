"""The typer app every command registers on, and what the commands share."""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

import click
import typer

from ..extras import MissingExtraError
from ..io.writing import replace_atomically

NAME = "healthie"
HELP = """healthie: numeric claims from Chinese health-administration reports, as a table.

Exit status: 0 all good, 1 some documents failed, 2 usage error (nothing written)."""

app = typer.Typer(name=NAME, help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]})
Arg = typer.Argument
Opt = typer.Option

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = REPO_ROOT / "corpus"
PATHS_HELP = "Files, folders of .txt/.html/.pdf/.docx reports, or .jsonl of {id, text, region?} documents"
MODEL_HELP = "Pipeline directory [default: $HEALTHIE_MODEL or the shipped pipeline]"
QUIET_HELP = "No progress bar on stderr (there is none when stderr is not a terminal)"


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"{NAME} {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = Opt(False, "--version", callback=_version, is_eager=True,
                              help="Print the version and exit")) -> None:
    """healthie: numeric claims from Chinese health-administration reports, as a table."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: sys.argv) and return its exit status."""
    command = typer.main.get_command(app)
    try:
        status = command.main(args=argv, prog_name=NAME, standalone_mode=False)
    except (typer.TyperException, click.ClickException) as err:  # usage errors (typer's and spaCy's): 2
        err.show()
        return err.exit_code
    except typer.Abort:
        print("healthie: interrupted", file=sys.stderr)
        return 130
    except MissingExtraError as err:
        print(f"healthie: {err}", file=sys.stderr)
        return 1
    return status if isinstance(status, int) else 0


def fail(message: str) -> typer.Exit:
    """Say why on stderr; the exit status 2 of a usage error."""
    print(f"healthie: {message}", file=sys.stderr)
    return typer.Exit(2)


def check_n_process(value: int) -> int:
    """spaCy's convention: a positive number of processes, or -1 for one per CPU."""
    if value == 0 or value < -1:
        raise typer.BadParameter(f"{value}: give a positive number of processes, or -1 for one per CPU")
    return value


def check_region(region: str | None) -> None:
    """Warn when a home-region hint is no known division: records then carry it as written, without a code."""
    from ..lexicons.regions import home_from_hint

    if region and region.strip() and home_from_hint(region).division is None:
        print(f"healthie: warning: --region {region} is no known division; records carry it without a code",
              file=sys.stderr)


def writable(path: Path | None, inputs: list[Path] = (), option: str = "-o/--output",
             rereads: tuple[str, ...] = (".txt", ".md", ".html", ".htm")) -> Path | None:
    """``path`` when it can be written and is none of the inputs, nor a file of a suffix in ``rereads``
    inside an input folder (a re-run would read it as a report); a usage error otherwise, before any work."""
    if path is None:
        return None
    resolved = path.resolve()
    for given in inputs:
        given = given.resolve()
        if resolved == given or (given.is_dir() and given in resolved.parents and path.suffix.lower() in rereads):
            raise typer.BadParameter(f"{path} is one of the inputs (or would be read as one on a re-run)",
                                     param_hint=option)
    folder = resolved.parent
    while not folder.exists():
        folder = folder.parent
    if path.is_dir() or not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise typer.BadParameter(f"{path} cannot be written", param_hint=option)
    return path




class Failures:
    """The documents a command could not read or process: each named on stderr as it happens."""

    def __init__(self):
        self.items: list[tuple[str, str]] = []

    def __call__(self, doc_id: str, reason: str) -> None:
        self.items.append((doc_id, reason))
        print(f"healthie: {doc_id}: {reason}", file=sys.stderr)

    def readable(self, paths: list[Path], region: str | None = None):
        """(id, text, region) of the documents under ``paths``; the unreadable ones are recorded, and a
        file skipped in a folder (healthie's own output, a hidden file) and a document's note (a
        duplicate id renamed) are said on stderr."""
        from ..text.reading import ReadError, Skipped, iter_documents

        for item in iter_documents(paths):
            if isinstance(item, Skipped):
                print(f"healthie: {item.id}: skipped: {item.reason}", file=sys.stderr)
                continue
            if isinstance(item, ReadError):
                self(item.id, item.reason)
                continue
            if item.note:
                print(f"healthie: {item.id}: {item.note}", file=sys.stderr)
            yield item.id, item.text, item.region or region  # --region: for documents that give none

    def write(self, path: Path | None) -> None:
        """The failures as JSONL (``--errors FILE``)."""
        if path:
            lines = "".join(json.dumps({"id": i, "reason": r}, ensure_ascii=False) + "\n" for i, r in self.items)
            replace_atomically(path, lambda partial: partial.write_text(lines, encoding="utf-8"))

    @property
    def status(self) -> int:
        return 1 if self.items else 0


def document_name(doc_id: str) -> str:
    """A document's id without its file suffix (``2020/report.txt`` -> ``2020/report``): subfolders keep
    same-named reports apart."""
    return Path(doc_id).with_suffix("").as_posix()


def load_model(model: Path | None):
    """The pipeline; a missing or damaged one is a usage error that says how to rebuild it. Its warnings
    (a folder without a manifest, whose files were not checked) are said on stderr."""
    from ..pipeline import ModelNotFoundError, load

    with warnings.catch_warnings(record=True) as caught:
        try:
            nlp = load(model)
        except ModelNotFoundError as err:
            raise fail(str(err)) from None
    for warning in caught:
        print(f"healthie: warning: {warning.message}", file=sys.stderr)
    return nlp


def corpus_records(paths: list[Path]) -> list[dict]:
    """Corpus records of .jsonl files and marked-up .txt files (default: every split of corpus/data)."""
    from ..training.corpus.build import normalise, read_corpus
    from ..training.corpus.markup import read_markup

    if not paths:
        return read_corpus(CORPUS / "data", held_out=True)
    records = []
    for path in paths:
        if path.suffix == ".jsonl":
            records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        else:
            records.append(normalise(read_markup(path)))
    return records
