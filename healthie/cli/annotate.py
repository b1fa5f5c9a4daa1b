"""``healthie annotate``: pre-annotated tasks for Label Studio or doccano."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from ._util import MODEL_HELP, PATHS_HELP, QUIET_HELP, Arg, Failures, Opt, app, document_name, load_model, writable


class TaskFormat(str, Enum):
    labelstudio = "labelstudio"
    doccano = "doccano"


@app.command("annotate")
def annotate_cli(
    paths: list[Path] = Arg(..., exists=True, metavar="PATH", help=PATHS_HELP),
    output: Path = Opt(..., "--output", "-o", help="Tasks file (.json for Label Studio, .jsonl for doccano)"),
    fmt: TaskFormat = Opt(TaskFormat.labelstudio, "--format", "-f", help="Annotation tool"),
    model: Path = Opt(None, "--model", "-m", help=MODEL_HELP, show_default=False),
    config_out: Path = Opt(None, "--config-out", help="Also write the Label Studio labeling config XML here",
                           show_default=False),
    quiet: bool = Opt(False, "--quiet", "-q", help=QUIET_HELP),
) -> int:
    """Write the pipeline's predictions as tasks to correct in an annotation tool."""
    import sys

    from .. import __version__
    from ..io.progress import Progress
    from ..text.reading import TEXT_SUFFIXES
    from ..training.annotation import labeling_config, write_tasks
    from ..training.corpus.preannotate import preannotate

    writable(output, paths)
    writable(config_out, paths, "--config-out")
    nlp = load_model(model)
    records, failures = [], Failures()
    for item_id, text, region in Progress("annotate", quiet=quiet).track(failures.readable(paths)):
        doc_id = document_name(item_id) if Path(item_id).suffix.lower() in TEXT_SUFFIXES else item_id
        try:
            records.append(preannotate(nlp, text, doc_id, {"home_region": region or ""}))
        except Exception as err:  # one document the pipeline fails on does not stop the batch
            failures(item_id, f"{type(err).__name__}: {err}")
    for path in filter(None, (output, config_out)):
        path.parent.mkdir(parents=True, exist_ok=True)
    write_tasks(records, str(output), fmt.value, f"healthie-{__version__}/{model.name if model else 'healthie-zh'}")
    if config_out:
        config_out.write_text(labeling_config(), encoding="utf-8")
    print(f"healthie: {len(records)} tasks written to {output}", file=sys.stderr)
    return failures.status
