"""``healthie benchmark``: throughput, load time, memory and model size, measured and reported."""

from __future__ import annotations

from pathlib import Path

from ._util import Opt, app


@app.command("benchmark")
def benchmark_cli(
    size: int = Opt(1_000_000, "--size", min=1, help="Characters of seed text to extract from"),
    output: Path = Opt(Path("reports"), "--output", "-o", help="Folder for benchmark.md and benchmark.json"),
) -> int:
    """Measure throughput (1 and 2 processes), load time, memory on long documents and model size."""
    from ..training.benchmark import main, to_markdown

    print(to_markdown(main(output, size)))
    return 0
