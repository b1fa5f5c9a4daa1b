"""``healthie benchmark --profile``: where extraction's time goes, by pipeline stage and by function."""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections import Counter
from pathlib import Path

from ..pipeline import load
from .benchmark import seed_documents


def stage_times(nlp, texts: list[str]) -> Counter:
    """Seconds spent in the tokenizer (cleaning and segmentation) and in each component, over ``texts``."""
    spent: Counter = Counter()
    for text in texts:
        started = time.perf_counter()
        doc = nlp.make_doc(text)
        spent["tokenizer (cleaning, segmentation)"] += time.perf_counter() - started
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - started
    return spent


def profile(size: int = 200_000, model: Path | None = None, top: int = 25) -> str:
    """A markdown report: time per stage, then the functions with the most time of their own (cProfile),
    for ``size`` characters of seed text in one process."""
    nlp = load(model)
    texts = [text for _, text in seed_documents(size)]
    chars = sum(map(len, texts))
    stage_times(nlp, texts[:1])  # warm caches, as a long run would have them
    spent = stage_times(nlp, texts)
    total = sum(spent.values())
    lines = [f"# Where the time goes ({chars:,} characters of seed text, one process)", "",
             f"{total:.1f} s, {chars / total:,.0f} characters/s", "", "| stage | seconds | share |", "|---|---|---|"]
    lines += [f"| {name} | {seconds:.2f} | {seconds / total:.1%} |" for name, seconds in spent.most_common()]
    profiler = cProfile.Profile()
    profiler.enable()
    stage_times(nlp, texts)
    profiler.disable()
    listing = io.StringIO()
    pstats.Stats(profiler, stream=listing).strip_dirs().sort_stats("tottime").print_stats(top)
    body = listing.getvalue()
    lines += ["", f"## The {top} functions with the most time of their own (cProfile, tottime)", "", "```",
              body[body.index("ncalls"):].rstrip(), "```", ""]
    return "\n".join(lines)
