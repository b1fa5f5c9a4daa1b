"""Corpus records as spaCy Docs: gold entities on the clean text, gold relations in ``doc._.rel``."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from ...linking.defaults import HINT_KEY
from ...linking.relations import set_relations


def record_to_doc(nlp: Language, record: dict) -> Doc:
    """The record's text through the pipeline's tokenizer, with its annotations aligned to the tokens."""
    doc = nlp.make_doc(record["text"])
    if record.get("meta", {}).get("home_region"):
        doc.user_data[HINT_KEY] = record["meta"]["home_region"]
    cleaned = doc._.clean
    spans = {}
    for index, entity in enumerate(record["entities"]):
        start, end = cleaned.to_clean(entity["start"], entity["end"])
        span = doc.char_span(start, end, label=entity["label"], alignment_mode="expand") if end > start else None
        if span is not None:
            spans[index] = span
    kept = set(filter_spans(list(spans.values())))
    doc.ents = sorted(kept, key=lambda s: s.start)
    gold = {}
    for relation in record["relations"]:
        head, tail = spans.get(relation["head"]), spans.get(relation["tail"])
        if head in kept and tail in kept:
            gold.setdefault((head.start, tail.start), {})[relation["label"]] = 1.0
    set_relations(doc, gold)
    doc.user_data["healthie.id"] = record["id"]
    return doc


def to_docbin(nlp: Language, records: list[dict], path: str | Path | None = None) -> DocBin:
    """A DocBin of the records (user data kept, so relations travel with the Docs)."""
    docbin = DocBin(store_user_data=True)
    for record in records:
        docbin.add(record_to_doc(nlp, record))
    if path is not None:
        docbin.to_disk(path)
    return docbin


def leave_one_seed_out(records: list[dict]) -> list[tuple[str, list[dict], list[dict]]]:
    """Folds by document: for each seed, (seed id, training records, [that seed]).

    Training gets the other seeds and every authored and noisy document; a noisy variant is
    never of a seed, so no text of the held-out seed is trained on.
    """
    seeds = [r for r in records if r["source"] == "seed"]
    others = [r for r in records if r["source"] != "seed"]
    return [(held["id"], [s for s in seeds if s is not held] + others, [held]) for held in seeds]
