"""``healthie crossval``: leave-one-seed-out cross-validation of the pipeline's arrangements."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from ._util import QUIET_HELP, Opt, app


class Segmenter(str, Enum):
    pkuseg = "pkuseg"
    jieba = "jieba"
    char = "char"


@app.command("crossval")
def crossval_cli(
    output: Path = Opt(Path("reports"), "--output", "-o", file_okay=False,
                       help="Folder for evaluation-<segmenter>.md and .json"),
    segmenter: Segmenter = Opt(Segmenter.char, "--segmenter", help="Word segmenter of the folds' pipelines"),
    variants: list[str] = Opt(None, "--variant", "-v", show_default=False,
                              help="An <entities>/<linker> arrangement to score (repeat) [default: all four]"),
    folds: list[str] = Opt(None, "--fold", show_default=False, help="A held-out seed id (repeat) [default: all five]"),
    max_steps: int = Opt(None, "--max-steps", min=1, show_default=False,
                         help="Training steps per fold [default: the config's]"),
    seed: int = Opt(0, "--seed", help="Random seed"),
    models_dir: Path = Opt(None, "--models-dir", file_okay=False, show_default=False,
                           help="Keep fold models here and reuse them when present"),
    withhold_seed_only: bool = Opt(False, "--withhold-seed-only",
                                   help="Train and score each fold without the lexicon entries only its held-out seed "
                                        "attests (healthie/data/provenance.json); reports evaluation-<segmenter>-withheld"),
    compare_segmenters: bool = Opt(False, "--compare-segmenters",
                                   help="Only tabulate the evaluation-<segmenter>.json reports in --output"),
    quiet: bool = Opt(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """Train on all but one seed report, score on it, for each seed (about an hour for all arrangements)."""
    from ..training.crossval import VARIANTS, run, segmenter_table

    if compare_segmenters:
        reports = {p.stem.removeprefix("evaluation-"): json.loads(p.read_text(encoding="utf-8"))
                   for p in sorted(output.glob("evaluation-*.json"))}
        table = segmenter_table(reports)
        (output / "segmenters.md").write_text(table, encoding="utf-8")
        print(table)
        return 0 if reports else 1
    chosen = tuple(variants) if variants else VARIANTS
    malformed = [v for v in chosen if "/" not in v or v.partition("/")[2] not in ("nearest", "ranker")]
    if malformed:
        raise typer.BadParameter(f"arrangements are <entities>/<nearest|ranker>, e.g. {VARIANTS[1]}; got {malformed}",
                                 param_hint="--variant")
    results = run(output, variants=chosen, seed=seed, max_steps=max_steps, segmenter=segmenter.value,
                  folds=list(folds) if folds else None, quiet=quiet, models_dir=models_dir,
                  withhold_seed_only=withhold_seed_only)
    name = f"evaluation-{segmenter.value}{'-withheld' if withhold_seed_only else ''}"
    print((output / f"{name}.md").read_text(encoding="utf-8"))
    return 0 if results["folds"] else 1
