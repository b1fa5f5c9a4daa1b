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

from .pipeline import REPO_ROOT, model_path

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
task, model, size, n_process = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
started = time.perf_counter()
import healthie
nlp = healthie.load(model)
loaded = time.perf_counter() - started
result = {"load_s": round(loaded, 3)}
if task == "extract":
    seeds = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[5]).glob("*.txt"))]
    items, total = [], 0
    while total < size:
        for index, text in enumerate(seeds):
            items.append((f"{len(items)}", text, None))
            total += len(text)
    started = time.perf_counter()
    claims = sum(len(c) for _, c in healthie.extract_docs(items, nlp=nlp, n_process=n_process))
    elapsed = time.perf_counter() - started
    result.update(chars=total, documents=len(items), claims=claims, seconds=round(elapsed, 2),
                  chars_per_s=round(total / elapsed), n_process=n_process)
result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(result))
"""


def _child(task: str, model: Path, size: int = 0, n_process: int = 1) -> dict:
    command = [sys.executable, "-c", _CHILD, task, str(model), str(size), str(n_process), str(REPO_ROOT / "seeds")]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def model_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 2)


def run_benchmark(size: int = 1_000_000, model: Path | None = None, processes=(1, 2)) -> dict:
    model = Path(model) if model else model_path()
    loads = [_child("load", model)["load_s"] for _ in range(3)]
    results = {"model": str(model), "model_size_mb": model_size_mb(model),
               "load_s": {"runs": loads, "best": min(loads)}, "extract": []}
    for n_process in processes:
        results["extract"].append(_child("extract", model, size, n_process))
    return results


def to_markdown(results: dict) -> str:
    lines = ["# Benchmark (`healthie benchmark`)", "",
             f"- model: `{results['model']}`, {results['model_size_mb']} MB on disk",
             f"- cold load: best {results['load_s']['best']} s of {results['load_s']['runs']}", "",
             "| processes | characters | documents | claims | seconds | characters/s | characters/s per process | peak RSS (MB, parent) |",
             "|---|---|---|---|---|---|---|---|"]
    for run in results["extract"]:
        lines.append(f"| {run['n_process']} | {run['chars']} | {run['documents']} | {run['claims']} | {run['seconds']} | "
                     f"{run['chars_per_s']} | {run['chars_per_s'] // run['n_process']} | {run['peak_rss_mb']} |")
    return "\n".join(lines) + "\n"


def main(out_dir: Path, size: int) -> dict:
    started = time.perf_counter()
    results = run_benchmark(size)
    results["wall_s"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "benchmark.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (out_dir / "benchmark.md").write_text(to_markdown(results), encoding="utf-8")
    return results
