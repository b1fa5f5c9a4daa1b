"""How far noise moves the claims of clean documents: each document is rewritten by a noise profile
(healthie.training.noise, e.g. hard-wrapped lines with spaces in words) under several seeds, and every
claim whose value is found in both texts is compared field by field with the clean text's claim.

    python scripts/noise_stability.py                                 # wrapped tables of the train split
    python scripts/noise_stability.py --profile pdf --seeds 2 --documents 5

No gold is needed: a field that changes under noise is wrong in one of the two texts. Documents are
taken from corpus/data/authored.jsonl (train, none of dev or test), those with a table (20 or more
cell separators) unless --all.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import healthie
from healthie.training.noise import PROFILES, inject

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("metric_text", "region", "year", "unit")


def _words(text: str | None) -> str:
    return "".join((text or "").split())


def compare(nlp, record: dict, kinds: list[str], seeds: int) -> Counter:
    """Claims compared and, per field, the claims whose field differs from the clean text's."""
    clean = {(_words(c.value_text), c.value): c for c in nlp(record["text"])._.claims}
    counts: Counter = Counter()
    for seed in range(seeds):
        noisy = inject(record, kinds, seed=seed)
        for claim in nlp(noisy["text"])._.claims:
            base = clean.get((_words(claim.value_text), claim.value))
            if base is None:
                continue
            counts["claims"] += 1
            for name in FIELDS:
                before, after = getattr(base, name), getattr(claim, name)
                counts[name] += (_words(before) != _words(after)) if name == "metric_text" else before != after
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="wrapped", choices=sorted(PROFILES))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--all", action="store_true", help="documents without a table too")
    parser.add_argument("--model", default=None, help="a pipeline folder (default: the shipped one)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "data" / "authored.jsonl")
    args = parser.parse_args()
    nlp = healthie.load(args.model) if args.model else healthie.load()
    records = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if args.all or r["text"].count("|") >= 20][:args.documents]
    total: Counter = Counter()
    for record in records:
        total += compare(nlp, record, PROFILES[args.profile], args.seeds)
    print(f"{len(records)} documents x {args.seeds} seeds, profile {args.profile}: {total['claims']} claims in both")
    for name in FIELDS:
        print(f"  {name}: {total[name]} differ ({total[name] / max(1, total['claims']):.1%})")


if __name__ == "__main__":
    main()
