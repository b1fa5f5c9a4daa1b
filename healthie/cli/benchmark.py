"""``healthie benchmark``: throughput, load time, memory and model size, measured and reported."""

from __future__ import annotations

from pathlib import Path

from ._util import Opt, app


@app.command("benchmark")
def benchmark_cli(
    size: int = Opt(1_000_000, "--size", min=1, help="Characters of seed text to extract from"),
    output: Path = Opt(Path("reports"), "--output", "-o", file_okay=False,
                       help="Folder for benchmark.md and benchmark.json (profile.md with --profile)"),
    profile: bool = Opt(False, "--profile", help="Only profile one process: time per stage and per function"),
) -> int:
    """Measure throughput (1 and 2 processes), load time, memory on long documents and model size."""
    if profile:
        from ..training.profiling import profile as profile_extraction

        report = profile_extraction(min(size, 200_000))
        output.mkdir(parents=True, exist_ok=True)
        (output / "profile.md").write_text(report, encoding="utf-8")
        print(report)
        return 0
    from ..training.benchmark import main, to_markdown

    print(to_markdown(main(output, size)))
    return 0
