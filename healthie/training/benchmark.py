"""``healthie benchmark``: throughput, load time, peak memory and model size, measured not asserted.

Each measurement runs in a fresh Python process so that load time is a cold load
and peak memory (ru_maxrss) belongs to that measurement alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from ..pipeline import model_path

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
task, model, size, n_process = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
started = time.perf_counter()
import healthie
nlp = healthie.load(model) if task != "spacy" else None
loaded = time.perf_counter() - started
result = {"load_s": round(loaded, 3)}
if task in ("spacy", "extract_each"):  # spaCy's default Chinese pipeline, or healthie.extract text by text
    from healthie.training.benchmark import seed_documents, spacy_default_pipeline
    texts = [text for _, text in seed_documents(size)]
    total = sum(map(len, texts))
    run = spacy_default_pipeline().pipe if task == "spacy" else (lambda ts: (healthie.extract(t, nlp=nlp) for t in ts))
    started = time.perf_counter()
    outputs = sum(1 for _ in run(texts))
    elapsed = time.perf_counter() - started
    result.update(chars=total, documents=len(texts), seconds=round(elapsed, 2), chars_per_s=round(total / elapsed))
if task == "extract":
    from healthie.training.benchmark import seed_documents
    items = [(doc_id, text, None) for doc_id, text in seed_documents(size)]
    total = sum(len(text) for _, text, _ in items)
    started = time.perf_counter()
    claims = sum(len(c) for _, c in healthie.extract_docs(items, nlp=nlp, n_process=n_process))
    elapsed = time.perf_counter() - started
    result.update(chars=total, documents=len(items), claims=claims, seconds=round(elapsed, 2),
                  chars_per_s=round(total / elapsed), n_process=n_process)
if task == "long":  # one document from a file, read and extracted as `healthie extract` does
    from healthie.text.reading import iter_documents
    result["loaded_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    started = time.perf_counter()
    document = next(iter_documents([sys.argv[5]]))
    claims = sum(len(c) for _, c in healthie.extract_docs([(document.id, document.text, None)], nlp=nlp))
    elapsed = time.perf_counter() - started
    result.update(bytes=Path(sys.argv[5]).stat().st_size, chars=len(document.text), lines=document.text.count("\n") + 1,
                  claims=claims, seconds=round(elapsed, 2), chars_per_s=round(len(document.text) / elapsed))
result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(result))
"""


def _child(task: str, model: Path, size: int = 0, n_process: int = 1, document: Path | None = None) -> dict:
    command = [sys.executable, "-c", _CHILD, task, str(model), str(size), str(n_process)]
    command += [str(document)] if document else []
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def spacy_default_pipeline():
    """spaCy's default Chinese pipeline as a trained one would run: the character tokenizer, the default
    CNN tok2vec and an entity recognizer with healthie's seven labels (weights initialised, not trained:
    training does not change its speed)."""
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("tok2vec")
    ner = nlp.add_pipe("ner")
    for label in ("VALUE", "METRIC", "REGION", "ORG", "DATE", "DISEASE", "POLICY"):
        ner.add_label(label)
    nlp.initialize()
    return nlp


def seed_documents(size: int) -> list[tuple[str, str]]:
    """(id, text) documents: the seeds in whole rounds until they hold ``size`` characters."""
    from .fuzzing import seed_texts

    seeds, documents, total = seed_texts(), [], 0
    while total < size:
        for text in seeds:
            documents.append((str(len(documents)), text))
            total += len(text)
    return documents


def model_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 2)


def run_benchmark(size: int = 1_000_000, model: Path | None = None, processes=(1, 2)) -> dict:
    model = Path(model) if model else model_path()
    loads = [_child("load", model)["load_s"] for _ in range(3)]
    results = {"model": str(model), "model_size_mb": model_size_mb(model),
               "load_s": {"runs": loads, "best": min(loads)}, "extract": []}
    for n_process in processes:
        results["extract"].append(_child("extract", model, size, n_process))
    results["extract_each"] = _child("extract_each", model, size)
    results["spacy"] = _child("spacy", model, size)
    return results


LONG_SIZES = (2**20, 5 * 2**20)  # single documents of 1 MB and 5 MB, each on one line


def run_long_benchmark(model: Path | None = None, sizes: tuple[int, ...] = LONG_SIZES) -> list[dict]:
    """Time and peak memory for single long documents, each of the seeds' sentences on one line of
    ``size`` bytes (the hardest layout: no line to cut at). Each is written to a file first, so that the
    child's peak RSS is the pipeline's plus reading and extracting the document, nothing else."""
    import tempfile

    from .fuzzing import long_line, seed_sentences, seed_texts

    model = Path(model) if model else model_path()
    sentences = seed_sentences(seed_texts())
    runs = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            path = Path(scratch, "long.txt")
            path.write_text(long_line(sentences, size), encoding="utf-8")
            runs.append({"document": f"{size / 2**20:g} MB, one line", **_child("long", model, document=path)})
    return runs


SPARK_SIZE = 5_000_000  # characters of repeated seed text for the Spark measurement
_SPARK_CHILD = "import json, sys; from healthie.training.benchmark import spark_run; a = sys.argv; print(json.dumps(spark_run(int(a[1]), int(a[2]), a[3])))"


def spark_available() -> bool:
    """pyspark is installed and there is a Java runtime to run it."""
    import importlib.util
    import os
    import shutil

    return importlib.util.find_spec("pyspark") is not None and bool(shutil.which("java") or os.environ.get("JAVA_HOME"))


def spark_run(workers: int, size: int, model: str) -> dict:
    """``extract_spark`` over ``size`` characters of seed texts with ``local[workers]``, four partitions a worker."""
    from pyspark.sql import functions as F

    from ..io.distributed import ERROR, extract_spark, spark_session

    documents = seed_documents(size)
    total = sum(len(text) for _, text in documents)
    started = time.perf_counter()
    spark = spark_session(f"local[{workers}]")
    session_s = time.perf_counter() - started
    try:
        frame = spark.createDataFrame(documents, "id string, text string").repartition(4 * workers)
        started = time.perf_counter()
        counts = extract_spark(frame, model=model).agg(F.count("value_text"), F.count(ERROR)).first()
        elapsed = time.perf_counter() - started
    finally:
        spark.stop()
    return {"workers": workers, "chars": total, "documents": len(documents), "claims": counts[0], "failed": counts[1],
            "session_s": round(session_s, 1), "seconds": round(elapsed, 2), "chars_per_s": round(total / elapsed)}


def run_spark_benchmark(size: int = SPARK_SIZE, model: Path | None = None, workers=(1, 2)) -> list[dict]:
    """Spark in local mode with 1 and 2 workers, each in a fresh process."""
    model = Path(model) if model else model_path()
    runs = []
    for count in workers:
        command = [sys.executable, "-c", _SPARK_CHILD, str(count), str(size), str(model.resolve())]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    return runs


def _table(header: list[str], rows: list[list]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + [
        "| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def to_markdown(results: dict) -> str:
    lines = ["# Benchmark (`healthie benchmark`)", "",
             f"- model: `{results['model']}`, {results['model_size_mb']} MB on disk",
             f"- cold load: best {results['load_s']['best']} s of {results['load_s']['runs']}", ""]
    lines += _table(["processes", "characters", "documents", "claims", "seconds", "characters/s",
                     "characters/s per process", "peak RSS (MB, parent)"],
                    [[run["n_process"], run["chars"], run["documents"], run["claims"], run["seconds"], run["chars_per_s"],
                      run["chars_per_s"] // run["n_process"], run["peak_rss_mb"]] for run in results["extract"]])
    if results.get("spacy"):
        spacy_rate, each = results["spacy"]["chars_per_s"], results["extract_each"]["chars_per_s"]
        batched = results["extract"][0]["chars_per_s"]
        lines += ["", "Against spaCy's default Chinese pipeline (character tokenizer, CNN tok2vec, entity recognizer "
                  "with the seven labels; `nlp.pipe`), one process, the same texts:", ""]
        lines += _table(["pipeline", "characters/s", "ratio to spaCy"],
                        [["spaCy default zh (tok2vec + ner)", spacy_rate, "1.0"],
                         ["healthie.extract, text by text", each, f"{each / spacy_rate:.2f}"],
                         ["healthie.extract_docs, in one stream", batched, f"{batched / spacy_rate:.2f}"]])
    if len(results.get("extract", [])) > 1:
        one, two = results["extract"][0]["chars_per_s"], results["extract"][1]["chars_per_s"]
        lines += ["", f"n_process={results['extract'][1]['n_process']} against 1: {two / one:.2f}x"]
    if results.get("long"):
        lines += ["", "One long document, read from a file and extracted in pieces of 20,000 characters (1 process; "
                  "peak RSS of the child, after loading the pipeline and at the end):", ""]
        lines += _table(["document", "MB", "characters", "lines", "claims", "seconds", "characters/s",
                         "RSS after load (MB)", "peak RSS (MB)"],
                        [[run["document"], f"{run['bytes'] / 2**20:.1f}", run["chars"], run["lines"], run["claims"],
                          run["seconds"], run["chars_per_s"], run["loaded_rss_mb"], run["peak_rss_mb"]]
                         for run in results["long"]])
    if results.get("spark"):
        lines += ["", "Spark, local mode (`healthie.io.distributed.extract_spark`, four partitions a worker; seconds exclude "
                  "the session start, include each worker's pipeline load):", ""]
        lines += _table(["workers", "characters", "documents", "claims", "failed", "session start (s)", "seconds",
                         "characters/s"],
                        [[run["workers"], run["chars"], run["documents"], run["claims"], run["failed"], run["session_s"],
                          run["seconds"], run["chars_per_s"]] for run in results["spark"]])
    return "\n".join(lines) + "\n"


def main(out_dir: Path, size: int) -> dict:
    started = time.perf_counter()
    results = run_benchmark(size)
    results["long"] = run_long_benchmark()
    if spark_available():
        results["spark"] = run_spark_benchmark()
    results["wall_s"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "benchmark.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (out_dir / "benchmark.md").write_text(to_markdown(results), encoding="utf-8")
    return results
