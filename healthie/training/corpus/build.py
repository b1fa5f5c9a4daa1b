"""Building corpus/data/*.jsonl from the annotated sources (seeds, authored reports, noise variants)."""

from __future__ import annotations

import json
from pathlib import Path

from ..noise import PROFILES, inject
from .markup import read_markup

SPLITS = ("seeds", "authored", "noisy")
_META_DEFAULTS = {"home_region": "", "parent": "", "year": 0, "genre": "", "noise": [], "no_metric": []}


def normalise(record: dict) -> dict:
    """Give every record the same meta keys (the dataset card's features)."""
    meta = record.get("meta", {})
    clean_meta = {key: meta.get(key, default) for key, default in _META_DEFAULTS.items()}
    clean_meta["year"] = int(clean_meta["year"] or 0)
    clean_meta["parent"] = clean_meta["parent"] or ""
    return {"id": record["id"], "source": record["source"], "text": record["text"],
            "entities": record["entities"], "relations": record["relations"], "meta": clean_meta}


def build_corpus(root: str | Path, seed: int = 0) -> dict[str, list[dict]]:
    """Read corpus/seeds and corpus/authored markup; add one noise variant of each authored report."""
    root = Path(root)
    seeds = [normalise(read_markup(p)) for p in sorted((root / "seeds").glob("*.txt"))]
    authored = [normalise(read_markup(p)) for p in sorted((root / "authored").glob("*.txt"))]
    profiles = list(PROFILES.items())
    noisy = []
    for index, record in enumerate(authored):
        name, kinds = profiles[index % len(profiles)]
        variant = inject(record, kinds, seed=seed + index)
        variant["id"] = f"{record['id']}__{name}"
        noisy.append(normalise(variant))
    return {"seeds": seeds, "authored": authored, "noisy": noisy}


def write_corpus(splits: dict[str, list[dict]], data_dir: str | Path) -> list[Path]:
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, records in splits.items():
        path = data_dir / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        paths.append(path)
    return paths


def read_corpus(data_dir: str | Path, splits: tuple[str, ...] | None = None) -> list[dict]:
    """All records of the given splits of corpus/data; by default the built splits, then every
    other ``*.jsonl`` there by name (documents imported with ``healthie corpus import``)."""
    if splits is None:
        splits = SPLITS + tuple(sorted(p.stem for p in Path(data_dir).glob("*.jsonl") if p.stem not in SPLITS))
    records = []
    for name in splits:
        path = Path(data_dir) / f"{name}.jsonl"
        if path.exists():
            records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records
