"""``healthie render``: HTML pages of reports with their entities and claims highlighted."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ._util import MODEL_HELP, PATHS_HELP, QUIET_HELP, Arg, Failures, Opt, app, check_region, load_model, writable


@app.command("render")
def render_cli(
    paths: list[Path] = Arg(..., exists=True, metavar="PATH", help=PATHS_HELP),
    output: Path = Opt(None, "--output", "-o", show_default=False,
                       help="An .html file: one page, a section per document; any other path: a folder of pages, "
                            "one per document, and index.html [default: one page on standard output]"),
    region: str = Opt(None, "--region", help="Home-region hint for every document (e.g. 常德市)", show_default=False),
    model: Path = Opt(None, "--model", "-m", help=MODEL_HELP, show_default=False),
    quiet: bool = Opt(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """Draw reports as HTML with their entities, boilerplate and claims, to check by eye."""
    from ..io.progress import Progress
    from ..io.rendering import write_pages

    if output is not None and output.is_file() and output.suffix.lower() not in (".html", ".htm"):
        raise typer.BadParameter(f"{output} is a file but not .html; give an .html file or a folder", param_hint="-o")
    if output is not None and output.suffix.lower() in (".html", ".htm"):
        writable(output, paths, rereads=())  # healthie's own pages are never read as reports
    check_region(region)
    nlp = load_model(model)
    failures = Failures()
    documents = Progress("render", quiet=quiet).track(failures.readable(paths, region))
    write_pages(documents, str(output) if output else None, nlp, on_error=failures, stream=sys.stdout)
    return failures.status
