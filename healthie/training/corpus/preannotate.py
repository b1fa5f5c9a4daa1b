"""Pre-annotation: a pipeline's entities and best relations as a corpus record on the raw text."""

from __future__ import annotations

from spacy.language import Language

from ...linking.defaults import HINT_KEY
from ...linking.relations import LABELS, best_relations


def preannotate(nlp: Language, text: str, doc_id: str, meta: dict | None = None,
                source: str = "seed", threshold: float = 0.1) -> dict:
    """Run ``nlp`` on ``text`` and return a corpus record with offsets into ``text`` itself."""
    doc = nlp.make_doc(text)
    if meta and meta.get("home_region"):
        doc.user_data[HINT_KEY] = meta["home_region"]
    doc = nlp(doc)
    cleaned = doc._.clean
    ents = sorted(doc.ents, key=lambda e: e.start_char)
    index_of = {e.start: i for i, e in enumerate(ents)}
    entities = []
    for ent in ents:
        start, end = cleaned.to_original(ent.start_char, ent.end_char)
        entities.append({"start": start, "end": end, "label": ent.label_})
    relations = [{"head": index_of[head], "tail": index_of[tail], "label": label}
                 for (head, label), (tail, _) in sorted(best_relations(doc, dict.fromkeys(LABELS, threshold)).items())]
    return {"id": doc_id, "source": source, "text": text, "entities": entities, "relations": relations,
            "meta": dict(meta or {})}
