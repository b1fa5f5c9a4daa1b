"""``healthie train``: rebuild the shipped pipeline from the project's text."""

from __future__ import annotations

import sys
from pathlib import Path

from .pipeline import DEFAULT_MODEL, REPO_ROOT, build_rules_pipeline


def training_texts(root: Path = REPO_ROOT) -> list[str]:
    """The raw texts the segmenter learns from: the seed reports and the corpus documents."""
    from .corpus.markup import read_markup

    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    texts += [read_markup(p)["text"] for p in sorted((root / "corpus" / "authored").glob("*.txt"))]
    return texts


def train_pipeline(out: str | Path | None = None, seed: int = 0, quiet: bool = False) -> Path:
    out = Path(out) if out else DEFAULT_MODEL
    texts = training_texts()
    if not quiet:
        print(f"healthie train: segmenter on {len(texts)} documents", file=sys.stderr)
    nlp = build_rules_pipeline(texts, seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return out
