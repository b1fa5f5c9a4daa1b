"""The Python API: texts in, claim records out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .claims import HINT_KEY, Claim
from .pipeline import load


@lru_cache(maxsize=1)
def _shared_pipeline() -> Language:
    return load()


def _prepare(nlp: Language, text: str, region: str | None) -> Doc:
    doc = nlp.make_doc(text)
    if region:
        doc.user_data[HINT_KEY] = region
    return doc


def extract(text: str, region: str | None = None, doc_id: str | None = None,
            nlp: Language | None = None) -> list[Claim]:
    """The claims of one document; ``region`` is the home-region hint (SPEC section 4)."""
    nlp = nlp or _shared_pipeline()
    doc = nlp(_prepare(nlp, text, region))
    return _with_id(doc, doc_id)


def extract_docs(items: Iterable[tuple[str, str, str | None]], nlp: Language | None = None,
                 n_process: int = 1, batch_size: int = 8) -> Iterator[tuple[str, list[Claim]]]:
    """Claims for (doc_id, text, region) items, streamed in order through ``nlp.pipe``."""
    nlp = nlp or _shared_pipeline()
    ids = []

    def docs():
        for doc_id, text, region in items:
            ids.append(doc_id)
            yield _prepare(nlp, text, region)

    for index, doc in enumerate(nlp.pipe(docs(), n_process=n_process, batch_size=batch_size)):
        yield ids[index], _with_id(doc, ids[index])


def _with_id(doc: Doc, doc_id: str | None) -> list[Claim]:
    claims = doc._.claims
    for claim in claims:
        claim.doc_id = doc_id
    return claims
