"""``healthie evaluate``: score a trained pipeline on annotated documents, as ``spacy evaluate`` does."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._util import Arg, Opt, app, corpus_records, load_model, writable


@app.command("evaluate")
def evaluate_cli(
    model: Path = Arg(..., exists=True, file_okay=False, help="Pipeline directory, e.g. models/healthie-zh"),
    data: list[Path] = Arg(..., exists=True, help="Held-out corpus files (.jsonl, or marked-up .txt)"),
    output: Path = Opt(None, "--output", "-o", show_default=False,
                       help="Also write the scores as JSON here (without the per-claim comparison)"),
) -> int:
    """Entity, relation, claim and breakdown P/R/F1 of MODEL on DATA (never train on it)."""
    from ..training.evaluation import evaluate, format_scores

    writable(output, data)
    nlp = load_model(model)
    try:
        records = corpus_records(data)
    except (OSError, ValueError) as err:
        raise typer.BadParameter(str(err), param_hint="DATA") from None
    if not records:
        raise typer.BadParameter("no documents to score in " + " ".join(map(str, data)), param_hint="DATA")
    scores = evaluate(nlp, records)
    print(format_scores(scores, f"{model} on {', '.join(map(str, data))}"), end="")
    if output:
        output.write_text(json.dumps({k: v for k, v in scores.items() if k != "comparisons"}, ensure_ascii=False,
                                     indent=1) + "\n", encoding="utf-8")
    return 0
