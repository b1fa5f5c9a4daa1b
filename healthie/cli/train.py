"""``healthie train``: build a pipeline from a complete config, as ``spacy train`` does."""

from __future__ import annotations

import configparser
import sys
from pathlib import Path

import typer
from thinc.api import ConfigValidationError

from ._util import REPO_ROOT, Arg, Opt, app, fail


@app.command("train", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def train_cli(
    ctx: typer.Context,
    config: Path = Arg(REPO_ROOT / "configs" / "healthie-zh.cfg", exists=True, dir_okay=False,
                       help="Complete pipeline config"),
    output: Path = Opt(REPO_ROOT / "models" / "healthie-zh", "--output", "-o", file_okay=False,
                       help="Folder to write the pipeline to (replaced)"),
    quiet: bool = Opt(False, "--quiet", "-q", help="No progress on stderr"),
) -> int:
    """Train the pipeline CONFIG describes and save it to --output. Settings of the config can be
    overridden as with spaCy: --paths.corpus corpus/data --system.seed 1."""
    from spacy.cli._util import parse_config_overrides

    from ..training.train import train_pipeline

    try:
        overrides = parse_config_overrides(list(ctx.args))
    except SystemExit:  # spaCy's parser has already said why
        raise typer.Exit(2) from None
    try:
        out = train_pipeline(config, output, overrides=overrides, quiet=quiet)
    except (FileNotFoundError, ConfigValidationError, configparser.Error) as err:
        raise fail(f"{config}: {err}") from None
    print(f"healthie: pipeline written to {out}", file=sys.stderr)
    return 0
