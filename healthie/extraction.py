"""The Python API: texts in, claim records out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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


ERROR_KEY = "healthie.error"
_SEQUENCE_KEY = "healthie.sequence"


def _record_error(name, component, docs, error) -> None:
    """spaCy error handler: mark the documents a component failed on, and let the batch go on."""
    for doc in docs:
        doc.user_data.setdefault(ERROR_KEY, f"{name} failed: {type(error).__name__}: {error}")


def extract_docs(items: Iterable[tuple[str, str, str | None]], nlp: Language | None = None,
                 n_process: int = 1, batch_size: int = 8,
                 on_error: Callable[[str, str], None] | None = None) -> Iterator[tuple[str, list[Claim]]]:
    """Claims for (doc_id, text, region) items, streamed in order through ``nlp.pipe``.

    A document the pipeline fails on yields no claims and is reported to ``on_error(doc_id, reason)``
    (raised as RuntimeError when no callback is given); the other documents go on. ``nlp.pipe``
    drops a document that a plain component raised on, so each carries a sequence number, and a
    gap in the numbers is run again alone to learn the reason.
    """
    nlp = nlp or _shared_pipeline()
    nlp.set_error_handler(_record_error)
    pending: dict[int, tuple[str, str, str | None]] = {}

    def docs():
        for sequence, (doc_id, text, region) in enumerate(items):
            pending[sequence] = (doc_id, text, region)
            yield _prepared_or_failed(nlp, text, region, sequence)

    def failed(doc_id: str, reason: str) -> tuple[str, list[Claim]]:
        if on_error is None:
            raise RuntimeError(f"{doc_id}: {reason}")
        on_error(doc_id, reason)
        return doc_id, []

    def dropped(sequence: int) -> tuple[str, list[Claim]]:
        doc_id, text, region = pending.pop(sequence)
        again = nlp(_prepared_or_failed(nlp, text, region, sequence))
        return failed(doc_id, again.user_data.get(ERROR_KEY, "the pipeline dropped the document"))

    for doc in nlp.pipe(docs(), n_process=n_process, batch_size=batch_size):
        sequence = doc.user_data[_SEQUENCE_KEY]
        for missing in sorted(k for k in pending if k < sequence):
            yield dropped(missing)
        doc_id = pending.pop(sequence)[0]
        reason = doc.user_data.get(ERROR_KEY)
        yield failed(doc_id, reason) if reason is not None else (doc_id, _with_id(doc, doc_id))
    for missing in sorted(pending):
        yield dropped(missing)


def _prepared_or_failed(nlp: Language, text: str, region: str | None, sequence: int) -> Doc:
    try:
        doc = _prepare(nlp, text, region)
    except Exception as error:  # the cleaning tokenizer failed: an empty Doc carries the reason
        doc = nlp.make_doc("")
        doc.user_data[ERROR_KEY] = f"tokenizer failed: {type(error).__name__}: {error}"
    doc.user_data[_SEQUENCE_KEY] = sequence
    return doc


def _with_id(doc: Doc, doc_id: str | None) -> list[Claim]:
    claims = doc._.claims
    for claim in claims:
        claim.doc_id = doc_id
    return claims
