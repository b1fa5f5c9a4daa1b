"""The Python API: texts in, claim records out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .claims import HINT_KEY, Claim
from .cleaning import clean
from .pipeline import load
from .regions import infer_home


@lru_cache(maxsize=1)
def _shared_pipeline() -> Language:
    return load()


def _prepare(nlp: Language, text: str, region: str | None) -> Doc:
    doc = nlp.make_doc(text)
    if region:
        doc.user_data[HINT_KEY] = region
    return doc


MAX_PIECE = 20_000  # characters per Doc: longer documents are split on line or sentence ends
_PIECE_END = re.compile(r"[。！？；!?;]")


def extract(text: str, region: str | None = None, doc_id: str | None = None,
            nlp: Language | None = None) -> list[Claim]:
    """The claims of one document; ``region`` is the home-region hint (SPEC section 4)."""
    return next(extract_docs([(doc_id, text, region)], nlp=nlp))[1]


def split_long(text: str, limit: int = MAX_PIECE) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most ``limit`` characters, cut after a line break or a sentence end."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 2:
            ends = [m.end() for m in _PIECE_END.finditer(window)]
            cut = ends[-1] if ends and ends[-1] > limit // 2 else limit
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


ERROR_KEY = "healthie.error"
_SEQUENCE_KEY = "healthie.sequence"


def _record_error(name, component, docs, error) -> None:
    """spaCy error handler: mark the documents a component failed on, and let the batch go on."""
    for doc in docs:
        doc.user_data.setdefault(ERROR_KEY, f"{name} failed: {type(error).__name__}: {error}")


def extract_docs(items: Iterable[tuple[str, str, str | None]], nlp: Language | None = None,
                 n_process: int = 1, batch_size: int = 8,
                 on_error: Callable[[str, str], None] | None = None,
                 max_piece: int = MAX_PIECE) -> Iterator[tuple[str, list[Claim]]]:
    """Claims for (doc_id, text, region) items, streamed in order through ``nlp.pipe``.

    A document longer than ``max_piece`` characters goes through in pieces (bounded memory), its
    home region taken from the first piece, its offsets shifted back into the whole text. A document
    the pipeline fails on yields no claims and is reported to ``on_error(doc_id, reason)`` (raised as
    RuntimeError when no callback is given); the other documents go on.
    """
    nlp = nlp or _shared_pipeline()
    nlp.set_error_handler(_record_error)

    def pieces():
        for doc_id, text, region in items:
            parts = split_long(text, max_piece)
            if region is None and len(parts) > 1:
                home = infer_home(clean(parts[0][1]).text)
                region = home.name if home else None
            for index, (offset, part) in enumerate(parts):
                yield (doc_id, offset, index == len(parts) - 1), part, region

    claims: list[Claim] = []
    reasons: list[str] = []
    for (doc_id, offset, last), found, reason in _run_pieces(nlp, pieces(), n_process, batch_size):
        if reason is not None:
            reasons.append(reason)
        claims += [_shifted(claim, doc_id, offset) for claim in found]
        if not last:
            continue
        if reasons:
            if on_error is None:
                raise RuntimeError(f"{doc_id}: {reasons[0]}")
            on_error(doc_id, reasons[0])
            claims = []
        yield doc_id, claims
        claims, reasons = [], []


def _run_pieces(nlp: Language, pieces, n_process: int, batch_size: int):
    """(key, claims, error reason) for each (key, text, region) piece, in order.

    ``nlp.pipe`` drops a Doc that a plain component raised on, so each carries a sequence number,
    and a gap in the numbers is run again alone to learn the reason.
    """
    pending: dict[int, tuple] = {}

    def docs():
        for sequence, (key, text, region) in enumerate(pieces):
            pending[sequence] = (key, text, region)
            yield _prepared_or_failed(nlp, text, region, sequence)

    def dropped(sequence: int):
        key, text, region = pending.pop(sequence)
        again = nlp(_prepared_or_failed(nlp, text, region, sequence))
        return key, [], again.user_data.get(ERROR_KEY, "the pipeline dropped the document")

    for doc in nlp.pipe(docs(), n_process=n_process, batch_size=batch_size):
        sequence = doc.user_data[_SEQUENCE_KEY]
        for missing in sorted(k for k in pending if k < sequence):
            yield dropped(missing)
        key = pending.pop(sequence)[0]
        reason = doc.user_data.get(ERROR_KEY)
        yield key, ([] if reason else doc._.claims), reason
    for missing in sorted(pending):
        yield dropped(missing)


def _shifted(claim: Claim, doc_id: str | None, offset: int) -> Claim:
    claim.doc_id = doc_id
    if offset:
        for field in ("value_start", "value_end", "metric_start", "metric_end", "region_start", "region_end"):
            if getattr(claim, field) is not None:
                setattr(claim, field, getattr(claim, field) + offset)
    return claim


def _prepared_or_failed(nlp: Language, text: str, region: str | None, sequence: int) -> Doc:
    try:
        doc = _prepare(nlp, text, region)
    except Exception as error:  # the cleaning tokenizer failed: an empty Doc carries the reason
        doc = nlp.make_doc("")
        doc.user_data[ERROR_KEY] = f"tokenizer failed: {type(error).__name__}: {error}"
    doc.user_data[_SEQUENCE_KEY] = sequence
    return doc
