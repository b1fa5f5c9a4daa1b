"""Where the lexicon's entries are attested, and withholding those only a held-out seed attests.

Entries of the metric catalogue and of the rule lexicon (diseases, institution suffixes and names)
that occur in the text of a seed report and of no other corpus document may have been written after
reading that seed: a leave-one-seed-out score that keeps them is flattered. ``healthie corpus
provenance`` writes them down (``data/provenance.json``), and ``healthie crossval --withhold-seed-only``
scores each seed without the entries only it attests (:func:`withholding`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

KINDS = ("metrics", "diseases", "org_suffixes", "org_names")
_WITHHELD: frozenset[str] = frozenset()


def lexicon_entries() -> dict[str, list[str]]:
    """Every entry of each kind: the catalogue's names and aliases, the lexicon's lists."""
    from ..components.entities import lexicon
    from .metrics import catalogue

    with withholding(()):
        entries = {"metrics": catalogue().names()}
        entries.update({kind: list(lexicon()[kind]) for kind in KINDS[1:]})
    return entries


def seed_only(records: list[dict]) -> dict[str, dict[str, list[str]]]:
    """Per kind, the entries that occur in seed text and in no other document, with the seeds they
    occur in. A noise variant (``seed_000__pdf``) counts as its seed; texts are read cleaned."""
    from ..text.cleaning import clean

    seeds: dict[str, list[str]] = {}
    others: list[str] = []
    for record in records:
        root = record["id"].split("__")[0]
        text = clean(record["text"]).text
        (seeds.setdefault(root, []) if record.get("source") == "seed" or root.startswith("seed_") else others).append(text)
    found: dict[str, dict[str, list[str]]] = {}
    for kind, names in lexicon_entries().items():
        found[kind] = {}
        for name in sorted(set(names)):
            if any(name in text for text in others):
                continue
            where = sorted(seed for seed, texts in seeds.items() if any(name in text for text in texts))
            if where:
                found[kind][name] = where
    return found


def provenance_document(records: list[dict]) -> dict:
    return {"about": "Lexicon and catalogue entries attested only in seed reports, with the seeds; "
                     "written by `healthie corpus provenance` from the corpus",
            "seed_only": seed_only(records)}


def shipped() -> dict:
    """healthie/data/provenance.json."""
    return json.loads(resources.files("healthie").joinpath("data/provenance.json").read_text(encoding="utf-8"))


def only_in(seed: str) -> set[str]:
    """The entries that seed alone attests: what its fold must do without."""
    return {name for names in shipped()["seed_only"].values() for name, seeds in names.items() if seeds == [seed]}


def withheld() -> frozenset[str]:
    """The entries the lexicon loaders leave out now."""
    return _WITHHELD


@contextmanager
def withholding(entries) -> Iterator[None]:
    """Leave ``entries`` out of the catalogue and the lexicon inside the block (cached tables rebuilt)."""
    global _WITHHELD
    previous, _WITHHELD = _WITHHELD, frozenset(entries)
    if _WITHHELD != previous:
        _clear_caches()
    try:
        yield
    finally:
        if _WITHHELD != previous:
            _WITHHELD = previous
            _clear_caches()


def _clear_caches() -> None:
    from ..components import entities, lexicon_ruler
    from . import metrics, numbers

    for cached in (metrics.catalogue, entities.lexicon, lexicon_ruler._automaton, lexicon_ruler._patterns,
                   numbers._numeral_places):
        cached.cache_clear()
