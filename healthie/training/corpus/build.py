"""Building corpus/data/*.jsonl from the annotated sources (seeds, authored reports, noise variants)."""

from __future__ import annotations

import json
from pathlib import Path

from ..noise import PROFILES, inject
from .markup import read_markup

SPLITS = ("seeds", "authored", "noisy")  # what training reads (with imported documents)
HELD_OUT = ("dev", "test")  # never trained on: dev chooses, test reports (corpus/splits.json)
_META_DEFAULTS = {"home_region": "", "parent": "", "year": 0, "genre": "", "noise": [], "no_metric": [], "checks": []}
_ENTITY_ATTRIBUTES = ("breakdown", "construction", "year")


def normalise(record: dict) -> dict:
    """Give every record the same meta keys (the dataset card's features)."""
    meta = record.get("meta", {})
    clean_meta = {key: meta.get(key, default) for key, default in _META_DEFAULTS.items()}
    clean_meta["year"] = int(clean_meta["year"] or 0)
    clean_meta["parent"] = clean_meta["parent"] or ""
    entities = [{"start": e["start"], "end": e["end"], "label": e["label"],
                 **{key: e.get(key) or "" for key in _ENTITY_ATTRIBUTES}} for e in record["entities"]]
    return {"id": record["id"], "source": record["source"], "text": record["text"],
            "entities": entities, "relations": record["relations"], "meta": clean_meta}


def held_out_ids(root: str | Path) -> dict[str, set[str]]:
    """The document ids of the dev and test splits (corpus/splits.json)."""
    path = Path(root) / "splits.json"
    splits = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {name: set(splits.get(name, ())) for name in HELD_OUT}


def build_corpus(root: str | Path, seed: int = 0) -> dict[str, list[dict]]:
    """Read corpus/seeds and corpus/authored markup; add one noise variant of each authored report;
    put the documents of corpus/splits.json, with their variants, in dev and test."""
    root = Path(root)
    seeds = [normalise(read_markup(p)) for p in sorted((root / "seeds").glob("*.txt"))]
    authored = [normalise(read_markup(p)) for p in sorted((root / "authored").glob("*.txt"))]
    profiles = list(PROFILES.items())
    held_out = held_out_ids(root)
    splits: dict[str, list[dict]] = {"seeds": seeds, "authored": [], "noisy": [], "dev": [], "test": []}
    for index, record in enumerate(authored):
        name, kinds = profiles[index % len(profiles)]
        variant = inject(record, kinds, seed=seed + index)
        variant["id"] = f"{record['id']}__{name}"
        split = next((s for s in HELD_OUT if record["id"] in held_out[s]), None)
        splits[split or "authored"].append(record)
        splits[split or "noisy"].append(normalise(variant))
    return splits


def write_corpus(splits: dict[str, list[dict]], data_dir: str | Path) -> list[Path]:
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, records in splits.items():
        path = data_dir / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        paths.append(path)
    return paths


def read_corpus(data_dir: str | Path, splits: tuple[str, ...] | None = None, held_out: bool = False) -> list[dict]:
    """All records of the given splits of corpus/data; by default what training reads: the built
    splits, then every other ``*.jsonl`` there by name (documents imported with ``healthie corpus
    import``), and dev and test only when ``held_out`` is set."""
    if splits is None:
        splits = SPLITS + tuple(sorted(p.stem for p in Path(data_dir).glob("*.jsonl")
                                       if p.stem not in SPLITS + HELD_OUT)) + (HELD_OUT if held_out else ())
    records = []
    for name in splits:
        path = Path(data_dir) / f"{name}.jsonl"
        if path.exists():
            records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records
