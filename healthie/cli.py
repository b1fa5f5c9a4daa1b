"""The ``healthie`` command line (SPEC section 7)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .writing import FORMATS


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="healthie", description=__doc__)
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

    train = commands.add_parser("train", help="train the shipped pipeline from corpus/ and seeds/")
    train.add_argument("--out", default=None, help="output directory (default: models/healthie-zh)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--quiet", action="store_true")
    train.set_defaults(run=_run_train)
    return parser


def _run_extract(args) -> int:
    import json

    from . import extraction
    from .pipeline import ModelNotFoundError, load
    from .progress import Progress
    from .reading import Document, ReadError, iter_documents
    from .writing import write_records

    try:
        nlp = load(args.model)
    except ModelNotFoundError as err:
        print(f"healthie: {err}", file=sys.stderr)
        return 2
    if args.format == "parquet" and not args.output:
        print("healthie: --format parquet needs -o FILE", file=sys.stderr)
        return 2
    errors: list[ReadError] = []

    def readable():
        for item in iter_documents(args.paths):
            if isinstance(item, ReadError):
                errors.append(item)
                print(f"healthie: {item.id}: {item.reason}", file=sys.stderr)
            else:
                yield item.id, item.text, args.region or item.region

    records = []
    progress = Progress("extract", quiet=args.quiet)
    for doc_id, claims in extraction.extract_docs(readable(), nlp=nlp, n_process=args.n_process):
        records.extend(c.to_dict() for c in claims)
        progress.step(f"{doc_id}: {len(claims)} claims")
    progress.close(f"{len(records)} claims")
    write_records(records, args.format, args.output, stream=sys.stdout)
    if args.errors:
        Path(args.errors).write_text("".join(json.dumps({"id": e.id, "reason": e.reason}, ensure_ascii=False) + "\n"
                                             for e in errors), encoding="utf-8")
    return 1 if errors else 0


def _run_train(args) -> int:
    from .training import train_pipeline

    out = train_pipeline(out=args.out, seed=args.seed, quiet=args.quiet)
    print(f"healthie: pipeline written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
