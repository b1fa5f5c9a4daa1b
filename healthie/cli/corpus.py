"""``healthie corpus``: build, check and describe the annotated corpus; import annotations."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from ._util import CORPUS, MODEL_HELP, Arg, Failures, Opt, app, corpus_records, document_name, load_model, writable

corpus_cli = typer.Typer(name="corpus", help="Build, check and describe the annotated corpus.", no_args_is_help=True)
app.add_typer(corpus_cli)


@corpus_cli.command("build")
def build_cli(root: Path = Opt(CORPUS, "--root", exists=True, file_okay=False, help="The corpus folder")) -> int:
    """corpus/seeds + corpus/authored -> corpus/data/*.jsonl (the splits)."""
    from ..training.corpus.build import build_corpus, write_corpus

    for path in write_corpus(build_corpus(root), root / "data"):
        print(f"healthie: wrote {path}", file=sys.stderr)
    return 0


@corpus_cli.command("validate")
def validate_cli(paths: list[Path] = Arg(None, exists=True, show_default=False,
                                         help=".jsonl corpus files or marked-up .txt files [default: corpus/data]")) -> int:
    """Check corpus documents against the guidelines; 1 when any has a problem."""
    from ..training.corpus.markup import MarkupError
    from ..training.corpus.validate import justified_differences, validate_corpus

    try:
        records = corpus_records(paths or [])
    except (MarkupError, ValueError) as err:
        print(f"healthie: {err}", file=sys.stderr)
        return 1
    report = validate_corpus(records, justified_differences((CORPUS / "GUIDELINES.md").read_text(encoding="utf-8")))
    for doc_id, problems in report.items():
        for problem in problems:
            print(f"{doc_id}: {problem}")
    print(f"{len(records)} documents, {len(report)} with problems", file=sys.stderr)
    return 1 if report or not records else 0


@corpus_cli.command("stats")
def stats_cli(paths: list[Path] = Arg(None, exists=True, show_default=False,
                                      help=".jsonl corpus files or marked-up .txt files [default: corpus/data]"),
              as_json: bool = Opt(False, "--json", help="JSON instead of a table")) -> int:
    """Documents, entities, relations, regions and metrics of the corpus."""
    from ..training.corpus.build import held_out_ids
    from ..training.corpus.stats import corpus_stats, format_stats

    stats = corpus_stats(corpus_records(paths or []), held_out_ids(CORPUS))
    print(json.dumps(stats, ensure_ascii=False, indent=1) if as_json else format_stats(stats), end="\n" if as_json else "")
    return 0


@corpus_cli.command("provenance")
def provenance_cli(output: Path = Opt(Path(__file__).resolve().parents[1] / "data" / "provenance.json", "--output", "-o",
                                      dir_okay=False, help="Where to write the JSON")) -> int:
    """Write down the lexicon and catalogue entries only seed reports attest (for crossval --withhold-seed-only)."""
    from ..lexicons.provenance import provenance_document

    document = provenance_document(corpus_records([]))
    output.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counted = {kind: len(names) for kind, names in document["seed_only"].items()}
    print(f"healthie: wrote {output}: {counted}", file=sys.stderr)
    return 0


class Pass(str, Enum):
    second = "second"
    third = "third"


@corpus_cli.command("agreement")
def agreement_cli(first: Path = Arg(None, exists=True, show_default=False, help="A marked-up file"),
                  second: Path = Arg(None, exists=True, show_default=False, help="Another annotation of it"),
                  annotation_pass: Pass = Opt(Pass.second, "--pass", help="Which independent pass of corpus/agreement")) -> int:
    """Span and relation F1 between two marked-up files (default: every pass of corpus/agreement, pooled)."""
    from ..training.corpus.agreement import agreement
    from ..training.corpus.markup import read_markup

    if (first is None) != (second is None):
        raise typer.BadParameter("give two files, or none for every pass in corpus/agreement", param_hint="FIRST SECOND")
    if first is not None:
        pairs = [(first, second)]
    else:
        suffix = f".{annotation_pass.value}.txt"
        pairs = [(next(CORPUS.glob(f"*/{p.name.removesuffix(suffix)}.txt")), p)
                 for p in sorted((CORPUS / "agreement").glob(f"*{suffix}"))]
    result = agreement([read_markup(a) for a, _ in pairs], [read_markup(b) for _, b in pairs])
    print(json.dumps({"documents": [b.name for _, b in pairs], **result}, ensure_ascii=False, indent=1))
    return 0


@corpus_cli.command("preannotate")
def preannotate_cli(paths: list[Path] = Arg(..., exists=True, help="Reports to pre-annotate"),
                    output: Path = Opt(..., "--output", "-o", file_okay=False, help="Folder for the marked-up files"),
                    model: Path = Opt(None, "--model", "-m", help=MODEL_HELP, show_default=False)) -> int:
    """Marked-up pre-annotations of reports, to correct by hand."""
    from ..training.corpus.markup import to_markup
    from ..training.corpus.preannotate import preannotate

    nlp = load_model(model)
    output.mkdir(parents=True, exist_ok=True)
    failures = Failures()
    for doc_id, text, region in failures.readable(paths):
        name = document_name(doc_id)
        record = preannotate(nlp, text, name, {"home_region": region or ""})
        (output / f"{name}.txt").parent.mkdir(parents=True, exist_ok=True)
        (output / f"{name}.txt").write_text(to_markup(record), encoding="utf-8")
    return failures.status


class ExportFormat(str, Enum):
    labelstudio = "labelstudio"
    doccano = "doccano"


@corpus_cli.command("import")
def import_cli(export: Path = Arg(..., help="Label Studio JSON export or doccano JSONL"),
               output: Path = Opt(..., "--output", "-o", help="Corpus file to write, e.g. corpus/data/NAME.jsonl"),
               fmt: ExportFormat = Opt(None, "--format", "-f", show_default=False,
                                       help="Annotation tool [default: by suffix or content]"),
               keep_partial: bool = Opt(False, "--keep-partial", help="Keep a document some of whose spans or relations "
                                        "were refused, without them, marked source imported-partial"),
               overwrite: bool = Opt(False, "--overwrite",
                                     help="Replace -o FILE even with fewer records than it holds")) -> int:
    """An annotation export -> corpus records (the whole, valid ones); 1 when anything was refused."""
    from ..io.writing import replace_atomically
    from ..training.annotation import PARTIAL_SOURCE, corpus_clashes, read_export, whole_documents
    from ..training.corpus.build import HELD_OUT, SPLITS, read_corpus
    from ..training.corpus.validate import validate_corpus

    data_dir = (CORPUS / "data").resolve()
    if output.resolve().parent == data_dir and output.stem in SPLITS + HELD_OUT:
        raise typer.BadParameter(f"{output} is rebuilt by `healthie corpus build`; import into another file",
                                 param_hint="-o")
    writable(output, [export])
    try:
        records, problems = read_export(str(export), fmt.value if fmt else None)
    except (OSError, ValueError) as err:
        raise typer.BadParameter(str(err), param_hint="EXPORT") from None
    candidates, refused = whole_documents(records, problems, keep_partial)
    clashes = []
    if output.resolve().parent == data_dir:
        others = [p.stem for p in data_dir.glob("*.jsonl") if p.resolve() != output.resolve()]
        clashes = corpus_clashes(candidates, read_corpus(data_dir, tuple(others)))
    invalid = validate_corpus(candidates)
    for problem in problems + clashes:
        print(problem)
    for doc_id in refused:
        print(f"{doc_id}: kept without what was refused (source {PARTIAL_SOURCE})" if keep_partial else
              f"{doc_id}: left out whole, since something of it was refused (--keep-partial keeps the rest)")
    for doc_id, reasons in invalid.items():
        for reason in reasons:
            print(f"{doc_id}: {reason}")
    left_out = set(invalid) | {p.doc_id for p in clashes}
    kept = [r for r in candidates if r["id"] not in left_out]
    check_not_fewer(output, len(kept), overwrite)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept)
    replace_atomically(output, lambda partial: partial.write_text(text, encoding="utf-8"))
    print(f"healthie: {len(records)} annotated documents, {len(problems)} refused items, {len(refused)} documents "
          f"{'kept in part' if keep_partial else 'left out for them'}, {len(invalid)} failing validation, "
          f"{len(clashes)} clashing with the corpus; {len(kept)} written to {output}", file=sys.stderr)
    return 1 if problems or clashes or invalid else 0


def check_not_fewer(output: Path, count: int, overwrite: bool) -> None:
    """A usage error (nothing written) when ``output`` holds more records than the ``count`` that would
    replace them, unless ``overwrite``: an import never shrinks an earlier one unasked."""
    if overwrite or not output.is_file():
        return
    held = sum(1 for line in output.read_bytes().splitlines() if line.strip())
    if count < held:
        raise typer.BadParameter(f"{output} holds {held} records and this import would write {count}; give "
                                 f"--overwrite to replace it all the same", param_hint="-o")
