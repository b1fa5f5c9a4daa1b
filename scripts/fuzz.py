"""Fuzz the path of ``healthie extract`` (iter_documents + extract_docs) with generated bad input.

    python scripts/fuzz.py                         # 10,000 inputs -> reports/fuzz.json, reports/fuzz.md
    python scripts/fuzz.py --budget 200 --out /tmp/fuzz

Each input (``healthie.training.fuzzing``) is written to a file, read back with ``iter_documents`` and run
through ``extract_docs`` with an ``on_error`` callback, in batches as the command line runs them.
Checked: no exception escapes (a batch that raises is run again an input at a time to name the
culprit); every input gives a document or exactly one read error, and a document at most one
failure (none lost, none twice); every record's offsets slice to its texts; a file decodes to the
text it was written from. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

import healthie
from healthie.training.fuzzing import GENERATORS, Input, generate, seed_texts
from healthie.text.reading import ReadError, iter_documents

_SPANS = (("value_text", "value_start", "value_end"), ("metric_text", "metric_start", "metric_end"),
          ("region_text", "region_start", "region_end"))


def run_batch(batch: dict[int, Input], folder: Path, nlp) -> dict[int, dict]:
    """Outcome per input index: read errors, documents, failures, records, bad offsets, misdecoding."""
    paths = []
    for index, item in batch.items():
        paths.append(folder / f"{index:06d}{item.suffix}")
        paths[-1].write_bytes(item.data)
    outcomes = {index: {"read_errors": [], "documents": 0, "failures": [], "records": 0, "chars": 0,
                        "bad_offsets": 0, "misdecoded": 0} for index in batch}
    texts: dict[str, str] = {}

    def readable():
        for item in iter_documents(paths):
            if isinstance(item, ReadError):
                outcomes[_index(item.id)]["read_errors"].append(item.reason)
            else:
                texts[item.id] = item.text
                yield item.id, item.text, item.region

    def failed(doc_id: str, reason: str) -> None:
        outcomes[_index(doc_id)]["failures"].append(reason)

    try:
        for doc_id, claims in healthie.extract_docs(readable(), nlp=nlp, on_error=failed):
            index, text = _index(doc_id), texts.pop(doc_id)
            outcome = outcomes[index]
            outcome["documents"] += 1
            outcome["chars"] += len(text)
            outcome["records"] += len(claims)
            outcome["bad_offsets"] += sum(not _slices(claim.to_dict(), text) for claim in claims)
            expected = batch[index].text
            outcome["misdecoded"] += expected is not None and text != expected
    finally:
        for path in paths:
            path.unlink()
    return outcomes


def _index(doc_id: str) -> int:
    return int(Path(doc_id.split(":")[0]).name[:6])


def _slices(record: dict, text: str) -> bool:
    for text_key, start_key, end_key in _SPANS:
        if record[text_key] is None:
            continue
        start, end = record[start_key], record[end_key]
        if not (0 <= start < end <= len(text)) or text[start:end] != record[text_key]:
            return False
    return True


def fuzz(budget: int, seed: int, batch_size: int = 50) -> dict:
    """Generate ``budget`` inputs, run them and count what came out; the report as a dict."""
    nlp = healthie.load()
    texts = seed_texts()
    started = time.perf_counter()
    outcomes: dict[int, dict] = {}
    kinds: dict[int, str] = {}
    crashes: list[dict] = []
    with tempfile.TemporaryDirectory() as scratch:
        for first in range(0, budget, batch_size):
            batch = {i: generate(i, seed, texts) for i in range(first, min(budget, first + batch_size))}
            kinds.update((i, item.kind) for i, item in batch.items())
            try:
                outcomes.update(run_batch(batch, Path(scratch), nlp))
            except Exception:  # a crash: run the batch an input at a time to name the culprits
                for index, item in batch.items():
                    try:
                        outcomes.update(run_batch({index: item}, Path(scratch), nlp))
                    except Exception as error:
                        crashes.append({"input": index, "kind": item.kind, "error": f"{type(error).__name__}: {error}",
                                        "where": traceback.format_exc(limit=-3)})
            print(f"\rfuzz: {len(outcomes) + len(crashes)}/{budget} inputs, {time.perf_counter() - started:.0f}s",
                  end="", file=sys.stderr)
    print(file=sys.stderr)
    return summarise(outcomes, kinds, crashes, seed, round(time.perf_counter() - started, 1))


def summarise(outcomes: dict[int, dict], kinds: dict[int, str], crashes: list[dict], seed: int, seconds: float) -> dict:
    lost = [i for i, o in outcomes.items() if o["documents"] + len(o["read_errors"]) == 0]
    twice = [i for i, o in outcomes.items() if o["documents"] + len(o["read_errors"]) > 1 or len(o["failures"]) > 1]
    by_kind: dict[str, Counter] = defaultdict(Counter)
    reasons: Counter = Counter()
    for index, outcome in outcomes.items():
        errors = outcome["read_errors"] + outcome["failures"]
        counts = by_kind[kinds[index]]
        counts.update(inputs=1, documents=outcome["documents"], records=outcome["records"], errors=len(errors),
                      with_records=outcome["records"] > 0, without_records=outcome["documents"] > 0 and not outcome["records"])
        reasons.update(f"{kinds[index]}: {_general(reason)}" for reason in errors)
    total = sum(by_kind.values(), Counter())
    return {
        "seed": seed, "inputs": len(outcomes) + len(crashes), "seconds": seconds,
        "characters": sum(o["chars"] for o in outcomes.values()),
        "documents": total["documents"], "documents_with_records": total["with_records"],
        "documents_without_records": total["without_records"], "records": total["records"],
        "errors": total["errors"], "pipeline_failures": sum(len(o["failures"]) for o in outcomes.values()),
        "errors_by_reason": dict(reasons.most_common()),
        "crashes": len(crashes), "crash_examples": crashes[:10],
        "lost": len(lost), "lost_inputs": lost[:20], "counted_twice": len(twice), "counted_twice_inputs": twice[:20],
        "bad_offsets": sum(o["bad_offsets"] for o in outcomes.values()),
        "misdecoded": sum(o["misdecoded"] for o in outcomes.values()),
        "misdecoded_inputs": [i for i, o in outcomes.items() if o["misdecoded"]][:20],
        "by_kind": {kind: dict(by_kind[kind]) for kind in GENERATORS if kind in by_kind},
    }


def _general(reason: str) -> str:
    """A reason without the document text that some messages quote."""
    return re.sub(r"'[^']{20,}.*", "'...'", reason, flags=re.S)[:100]


def failed_checks(report: dict) -> list[str]:
    return [key for key in ("crashes", "lost", "counted_twice", "bad_offsets", "misdecoded") if report[key]]


def to_markdown(report: dict) -> str:
    lines = ["# Fuzzing `healthie extract` (`scripts/fuzz.py`)", "",
             f"{report['inputs']} generated inputs (seed {report['seed']}), {report['characters']} characters read, "
             f"{report['seconds']} s. Failed checks: {', '.join(failed_checks(report)) or 'none'}.", "",
             "| check | count |", "|---|---|"]
    lines += [f"| {key.replace('_', ' ')} | {report[key]} |" for key in
              ("crashes", "lost", "counted_twice", "bad_offsets", "misdecoded", "documents", "documents_with_records",
               "documents_without_records", "records", "errors", "pipeline_failures")]
    lines += ["", "| generator | inputs | documents | with records | records | errors |", "|---|---|---|---|---|---|"]
    lines += [f"| {kind} | {c.get('inputs', 0)} | {c.get('documents', 0)} | {c.get('with_records', 0)} | "
              f"{c.get('records', 0)} | {c.get('errors', 0)} |" for kind, c in report["by_kind"].items()]
    lines += ["", "| error (generator: reason) | count |", "|---|---|"]
    lines += [f"| {reason.replace('|', '/')} | {count} |" for reason, count in report["errors_by_reason"].items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=10_000, help="number of inputs (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="reports", help="folder for fuzz.json and fuzz.md")
    args = parser.parse_args(argv)
    report = fuzz(args.budget, args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "fuzz.md").write_text(to_markdown(report), encoding="utf-8")
    print(to_markdown(report))
    return 1 if failed_checks(report) else 0


if __name__ == "__main__":
    sys.exit(main())
