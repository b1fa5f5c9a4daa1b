"""The ``healthie`` command line (SPEC section 7)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .io.writing import FORMATS


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="healthie", description=__doc__)
    parser.add_argument("--version", action="version", version=f"healthie {__version__}")
    commands = parser.add_subparsers(dest="command")

    extract = commands.add_parser("extract", help="extract claim records from reports")
    extract.add_argument("paths", nargs="+", help="files, folders of .txt/.html, or .jsonl of documents")
    extract.add_argument("--region", help="home-region hint for every document (e.g. 常德市)")
    extract.add_argument("--format", choices=FORMATS, default="table")
    extract.add_argument("-o", "--output", help="write here instead of standard output")
    extract.add_argument("--model", help="pipeline directory (default: the shipped model)")
    extract.add_argument("--n-process", type=int, default=1, help="processes for nlp.pipe")
    extract.add_argument("--errors", help="also write the documents that failed as JSONL here")
    extract.add_argument("--quiet", action="store_true", help="no progress on stderr")
    extract.set_defaults(run=_run_extract)

    render = commands.add_parser("render", help="HTML pages of reports with their entities and claims highlighted")
    render.add_argument("paths", nargs="+", help="files, folders of .txt/.html, or .jsonl of documents")
    render.add_argument("-o", "--output", help="an .html file: one page, a section per document; any other path: "
                        "a folder of pages, one per document, and index.html (default: one page on standard output)")
    render.add_argument("--region", help="home-region hint for every document (e.g. 常德市)")
    render.add_argument("--model", help="pipeline directory (default: the shipped model)")
    render.add_argument("--quiet", action="store_true", help="no progress on stderr")
    render.set_defaults(run=_run_render)

    train = commands.add_parser("train", help="train the shipped pipeline from corpus/ and seeds/")
    train.add_argument("--out", default=None, help="output directory (default: models/healthie-zh)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--corpus", default=None, help="folder of corpus .jsonl files (default: corpus/data)")
    train.add_argument("--variant", default=None,
                       help="how the trained components are assembled, <entities>/<linker>, linker nearest or ranker (default: the shipped one)")
    train.add_argument("--quiet", action="store_true")
    train.set_defaults(run=_run_train)

    evaluate = commands.add_parser("evaluate", help="leave-one-seed-out cross-validation (P/R/F1 tables)")
    evaluate.add_argument("--out", default="reports", help="folder for evaluation-<segmenter>.md/.json")
    evaluate.add_argument("--segmenter", choices=["pkuseg", "jieba", "char"], default="pkuseg")
    evaluate.add_argument("--variants", nargs="+", default=None, help="<entities>/<linker> arrangements to score")
    evaluate.add_argument("--folds", nargs="+", default=None, help="held-out seed ids (default: all five)")
    evaluate.add_argument("--max-steps", type=int, default=None, help="training steps per fold (default: the config's)")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--models-dir", default=None, help="keep fold models here and reuse them when present")
    evaluate.add_argument("--model", default=None,
                          help="with --on: score this trained pipeline (default: the shipped one) instead of cross-validating")
    evaluate.add_argument("--on", nargs="+", default=None, metavar="FILE",
                          help="score a trained pipeline on these held-out corpus files (.jsonl or marked-up .txt)")
    evaluate.add_argument("--quiet", action="store_true", help="no progress on stderr")
    evaluate.add_argument("--compare-segmenters", action="store_true",
                          help="only tabulate the evaluation-<segmenter>.json reports in --out into segmenters.md")
    evaluate.set_defaults(run=_run_evaluate)

    bench = commands.add_parser("benchmark", help="throughput (1 and 2 processes), load time, memory, model size")
    bench.add_argument("--size", type=int, default=1_000_000, help="characters of seed text to extract from")
    bench.add_argument("--out", default="reports")
    bench.set_defaults(run=_run_benchmark)

    annotate = commands.add_parser("annotate", help="pre-annotated tasks for Label Studio or doccano")
    annotate.add_argument("paths", nargs="+", help="files, folders of .txt/.html, or .jsonl of documents")
    annotate.add_argument("-o", "--output", required=True, help="tasks file (.json for Label Studio, .jsonl for doccano)")
    annotate.add_argument("--format", choices=("labelstudio", "doccano"), default="labelstudio")
    annotate.add_argument("--model", help="pipeline directory (default: the shipped model)")
    annotate.add_argument("--config-out", help="also write the Label Studio labeling config XML here")
    annotate.add_argument("--quiet", action="store_true", help="no progress on stderr")
    annotate.set_defaults(run=_run_annotate)

    corpus = commands.add_parser("corpus", help="build, check and describe the annotated corpus")
    corpus_commands = corpus.add_subparsers(dest="corpus_command", required=True)
    build = corpus_commands.add_parser("build", help="corpus/seeds + corpus/authored -> corpus/data/*.jsonl")
    build.add_argument("--root", default=str(_CORPUS))
    build.set_defaults(run=_run_corpus_build)
    validate = corpus_commands.add_parser("validate", help="check corpus documents (default: corpus/data)")
    validate.add_argument("paths", nargs="*", help=".jsonl corpus files or marked-up .txt files")
    validate.set_defaults(run=_run_corpus_validate)
    stats = corpus_commands.add_parser("stats", help="documents, entities, relations, regions, metrics")
    stats.add_argument("paths", nargs="*")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(run=_run_corpus_stats)
    agree = corpus_commands.add_parser("agreement", help="span and relation F1 between two marked-up files "
                                       "(default: every corpus/agreement/*.second.txt against its gold, pooled)")
    agree.add_argument("first", nargs="?")
    agree.add_argument("second", nargs="?")
    agree.add_argument("--pass", dest="annotation_pass", choices=["second", "third"], default="second",
                       help="which independent pass of corpus/agreement to score (default: %(default)s)")
    agree.set_defaults(run=_run_corpus_agreement)
    pre = corpus_commands.add_parser("preannotate", help="marked-up pre-annotations of reports, to correct by hand")
    pre.add_argument("paths", nargs="+")
    pre.add_argument("-o", "--out", required=True, help="folder for the marked-up files")
    pre.add_argument("--model")
    pre.set_defaults(run=_run_corpus_preannotate)
    imp = corpus_commands.add_parser("import", help="a Label Studio or doccano export -> corpus records (valid ones only)")
    imp.add_argument("export", help="Label Studio JSON export or doccano JSONL")
    imp.add_argument("-o", "--output", required=True, help="corpus file to write, e.g. corpus/data/NAME.jsonl")
    imp.add_argument("--format", choices=("labelstudio", "doccano"), help="default: by suffix or content")
    imp.set_defaults(run=_run_corpus_import)
    return parser


_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _corpus_records(paths: list[str]) -> list[dict]:
    import json

    from .training.corpus.build import normalise, read_corpus
    from .training.corpus.markup import read_markup

    if not paths:
        return read_corpus(_CORPUS / "data", held_out=True)
    records = []
    for raw in paths:
        path = Path(raw)
        if path.suffix == ".jsonl":
            records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        else:
            records.append(normalise(read_markup(path)))
    return records


def _run_corpus_build(args) -> int:
    from .training.corpus.build import build_corpus, write_corpus

    root = Path(args.root)
    for path in write_corpus(build_corpus(root), root / "data"):
        print(f"healthie: wrote {path}", file=sys.stderr)
    return 0


def _run_corpus_validate(args) -> int:
    from .training.corpus.markup import MarkupError
    from .training.corpus.validate import justified_differences, validate_corpus

    try:
        records = _corpus_records(args.paths)
    except (MarkupError, ValueError) as err:
        print(f"healthie: {err}", file=sys.stderr)
        return 1
    report = validate_corpus(records, justified_differences((_CORPUS / "GUIDELINES.md").read_text(encoding="utf-8")))
    for doc_id, problems in report.items():
        for problem in problems:
            print(f"{doc_id}: {problem}")
    print(f"{len(records)} documents, {len(report)} with problems", file=sys.stderr)
    return 1 if report or not records else 0


def _run_corpus_stats(args) -> int:
    import json

    from .training.corpus.build import held_out_ids
    from .training.corpus.stats import corpus_stats, format_stats

    stats = corpus_stats(_corpus_records(args.paths), held_out_ids(_CORPUS))
    print(json.dumps(stats, ensure_ascii=False, indent=1) if args.json else format_stats(stats), end="\n" if args.json else "")
    return 0


def _run_corpus_agreement(args) -> int:
    import json

    from .training.corpus.agreement import agreement
    from .training.corpus.markup import read_markup

    if args.first and args.second:
        pairs = [(Path(args.first), Path(args.second))]
    elif args.first or args.second:
        print("healthie: corpus agreement takes two files, or none for every second pass in corpus/agreement",
              file=sys.stderr)
        return 2
    else:
        suffix = f".{args.annotation_pass}.txt"
        pairs = [(next(_CORPUS.glob(f"*/{p.name.removesuffix(suffix)}.txt")), p)
                 for p in sorted((_CORPUS / "agreement").glob(f"*{suffix}"))]
    result = agreement([read_markup(a) for a, _ in pairs], [read_markup(b) for _, b in pairs])
    print(json.dumps({"documents": [b.name for _, b in pairs], **result}, ensure_ascii=False, indent=1))
    return 0


class _Failures:
    """The documents a command could not read or process: each named on stderr as it happens."""

    def __init__(self):
        self.items: list[tuple[str, str]] = []

    def __call__(self, doc_id: str, reason: str) -> None:
        self.items.append((doc_id, reason))
        print(f"healthie: {doc_id}: {reason}", file=sys.stderr)

    def readable(self, paths: list[str], region: str | None = None):
        """(id, text, region) of the documents under ``paths``; the unreadable ones are recorded."""
        from .text.reading import ReadError, iter_documents

        for item in iter_documents(paths):
            if isinstance(item, ReadError):
                self(item.id, item.reason)
            else:
                yield item.id, item.text, region or item.region

    def write(self, path: str | None) -> None:
        """The failures as JSONL (``--errors FILE``)."""
        import json

        if path:
            Path(path).write_text("".join(json.dumps({"id": i, "reason": r}, ensure_ascii=False) + "\n"
                                          for i, r in self.items), encoding="utf-8")


def _load(model: str | None):
    """The pipeline, or None after saying on stderr why it cannot be loaded (a usage error)."""
    from .pipeline import ModelNotFoundError, load

    try:
        return load(model)
    except ModelNotFoundError as err:
        print(f"healthie: {err}", file=sys.stderr)
        return None


def _run_corpus_preannotate(args) -> int:
    from .training.corpus.markup import to_markup
    from .training.corpus.preannotate import preannotate

    nlp = _load(args.model)
    if nlp is None:
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failures = _Failures()
    for doc_id, text, region in failures.readable(args.paths):
        record = preannotate(nlp, text, Path(doc_id).stem, {"home_region": region or ""})
        (out / f"{Path(doc_id).stem}.txt").write_text(to_markup(record), encoding="utf-8")
    return 1 if failures.items else 0


def _run_annotate(args) -> int:
    from . import __version__
    from .training.annotation import labeling_config, write_tasks
    from .training.corpus.preannotate import preannotate
    from .io.progress import Progress
    from .text.reading import TEXT_SUFFIXES

    nlp = _load(args.model)
    if nlp is None:
        return 2
    records, failures = [], _Failures()
    for item_id, text, region in Progress("annotate", quiet=args.quiet).track(failures.readable(args.paths)):
        doc_id = Path(item_id).stem if Path(item_id).suffix.lower() in TEXT_SUFFIXES else item_id
        try:
            records.append(preannotate(nlp, text, doc_id, {"home_region": region or ""}))
        except Exception as err:  # one document the pipeline fails on does not stop the batch
            failures(item_id, f"{type(err).__name__}: {err}")
    model = Path(args.model).name if args.model else "healthie-zh"
    for path in filter(None, (args.output, args.config_out)):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_tasks(records, args.output, args.format, f"healthie-{__version__}/{model}")
    if args.config_out:
        Path(args.config_out).write_text(labeling_config(), encoding="utf-8")
    print(f"healthie: {len(records)} tasks written to {args.output}", file=sys.stderr)
    return 1 if failures.items else 0


def _run_corpus_import(args) -> int:
    """Write the valid records of an export; list every refusal and validation problem; 1 if any."""
    import json

    from .training.annotation import corpus_clashes, read_export
    from .training.corpus.build import HELD_OUT, SPLITS, read_corpus
    from .training.corpus.validate import validate_corpus

    out = Path(args.output)
    data_dir = (_CORPUS / "data").resolve()
    if out.resolve().parent == data_dir and out.stem in SPLITS + HELD_OUT:
        print(f"healthie: {out} is rebuilt by `healthie corpus build`; import into another file", file=sys.stderr)
        return 2
    try:
        records, problems = read_export(args.export, args.format)
    except (OSError, ValueError) as err:
        print(f"healthie: {err}", file=sys.stderr)
        return 2
    clashes = []
    if out.resolve().parent == data_dir:
        others = [p.stem for p in data_dir.glob("*.jsonl") if p.resolve() != out.resolve()]
        clashes = corpus_clashes(records, read_corpus(data_dir, tuple(others)))
    invalid = validate_corpus(records)
    for problem in problems + clashes:
        print(problem)
    for doc_id, reasons in invalid.items():
        for reason in reasons:
            print(f"{doc_id}: {reason}")
    left_out = set(invalid) | {p.doc_id for p in clashes}
    kept = [r for r in records if r["id"] not in left_out]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    print(f"healthie: {len(records)} annotated documents, {len(problems)} refused, {len(invalid)} failing validation, "
          f"{len(clashes)} clashing with the corpus; {len(kept)} written to {out}", file=sys.stderr)
    return 1 if problems or clashes or invalid else 0


def _run_extract(args) -> int:
    from . import extraction
    from .io.progress import Progress
    from .io.writing import write_records

    if args.format == "parquet" and not args.output:
        print("healthie: --format parquet needs -o FILE", file=sys.stderr)
        return 2
    nlp = _load(args.model)
    if nlp is None:
        return 2
    failures = _Failures()
    records = []
    progress = Progress("extract", quiet=args.quiet)
    for doc_id, claims in extraction.extract_docs(failures.readable(args.paths, args.region), nlp=nlp,
                                                  n_process=args.n_process, on_error=failures):
        records.extend(c.to_dict() for c in claims)
        progress.step(f"{doc_id}: {len(claims)} claims")
    progress.close(f"{len(records)} claims")
    write_records(records, args.format, args.output, stream=sys.stdout)
    failures.write(args.errors)
    return 1 if failures.items else 0


def _run_render(args) -> int:
    from .io.progress import Progress
    from .io.rendering import write_pages

    if args.output and Path(args.output).is_file() and Path(args.output).suffix.lower() not in (".html", ".htm"):
        print(f"healthie: -o {args.output} is a file but not .html; give an .html file or a folder", file=sys.stderr)
        return 2
    nlp = _load(args.model)
    if nlp is None:
        return 2
    failures = _Failures()
    documents = Progress("render", quiet=args.quiet).track(failures.readable(args.paths, args.region))
    write_pages(documents, args.output, nlp, on_error=failures, stream=sys.stdout)
    return 1 if failures.items else 0


def _run_evaluate(args) -> int:
    import json

    from .training.crossval import VARIANTS, run, segmenter_table

    if args.on:
        return _score_model(args)
    if args.compare_segmenters:
        reports = {p.stem.removeprefix("evaluation-"): json.loads(p.read_text(encoding="utf-8"))
                   for p in sorted(Path(args.out).glob("evaluation-*.json"))}
        table = segmenter_table(reports)
        Path(args.out, "segmenters.md").write_text(table, encoding="utf-8")
        print(table)
        return 0 if reports else 1

    variants = tuple(args.variants) if args.variants else VARIANTS
    malformed = [v for v in variants if "/" not in v]
    if malformed:
        print(f"healthie: variants are <entities>/<linker>, e.g. {VARIANTS[1]}; got {malformed}", file=sys.stderr)
        return 2
    results = run(Path(args.out), variants=variants, seed=args.seed, max_steps=args.max_steps,
                  segmenter=args.segmenter, folds=args.folds, quiet=args.quiet,
                  models_dir=Path(args.models_dir) if args.models_dir else None)
    print(Path(args.out, f"evaluation-{args.segmenter}.md").read_text(encoding="utf-8"))
    return 0 if results["folds"] else 1


def _score_model(args) -> int:
    from .training.evaluation import evaluate, format_scores

    nlp = _load(args.model)
    if nlp is None:
        return 2
    try:
        records = _corpus_records(args.on)
    except (OSError, ValueError) as err:
        print(f"healthie: {err}", file=sys.stderr)
        return 2
    if not records:
        print("healthie: no documents to score in " + " ".join(args.on), file=sys.stderr)
        return 2
    print(format_scores(evaluate(nlp, records), f"{args.model or 'shipped model'} on {', '.join(args.on)}"), end="")
    return 0


def _run_benchmark(args) -> int:
    from .training.benchmark import main as benchmark, to_markdown

    print(to_markdown(benchmark(Path(args.out), args.size)))
    return 0


def _run_train(args) -> int:
    from .training.train import train_pipeline

    from .training.train import SHIPPED_VARIANT

    quiet = args.quiet or not sys.stderr.isatty()  # spaCy's training table only on a terminal
    out = train_pipeline(out=args.out, seed=args.seed, quiet=quiet, variant=args.variant or SHIPPED_VARIANT,
                         corpus=args.corpus)
    print(f"healthie: pipeline written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
