"""The Python API: texts in, claim records out."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .claims import claim_builder  # noqa: F401 (registers Doc._.region_hint)
from .claims.record import Claim
from .lexicons.numbers import scan_values
from .lexicons.regions import infer_home
from .linking.defaults import HINT_KEY
from .pipeline import load
from .text.cleaning import clean
from .text.documents import page_at, page_breaks
from .text.tokenizer import ERROR_KEY, TextWithData


ERROR_FIELD = "error"  # the column that carries a failed document's reason in tabular results


def check_type(function: str, name: str, value, types: tuple[type, ...], expected: str) -> None:
    """Raise a TypeError naming ``function`` and its argument ``name`` unless ``value`` is one of
    ``types`` (a bool is no int)."""
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        raise TypeError(f"{function}: {name} must be {expected}, not {type(value).__name__}")


def check_text(function: str, text, name: str = "text") -> None:
    """Raise a TypeError unless ``text`` is a str; bytes are to be decoded by the caller."""
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(f"{function}: {name} must be a str, not {type(text).__name__}; "
                        f"decode it first (data.decode('utf-8'))")
    check_type(function, name, text, (str,), "a str")


def check_at_least(function: str, name: str, value, minimum: int) -> None:
    """Raise a TypeError unless ``value`` is an int, a ValueError unless it is at least ``minimum``."""
    check_type(function, name, value, (int,), "an int")
    if value < minimum:
        raise ValueError(f"{function}: {name} must be at least {minimum}, not {value}")


@lru_cache(maxsize=4)
def shared_pipeline(model: str | None = None) -> Language:
    """The pipeline at ``model`` (None: $HEALTHIE_MODEL or the shipped one), loaded once per process."""
    return load(model)


def prepare_doc(nlp: Language, text: str, region: str | None) -> Doc:
    """The tokenized Doc of a raw text, carrying the home-region hint for the claim builder."""
    doc = nlp.make_doc(text)
    doc._.region_hint = region  # a blank hint is no hint
    return doc


def hinted_docs(nlp: Language, texts: Iterable[tuple[str, str | None]]) -> Iterator[Doc]:
    """Docs for ``nlp.pipe`` from (text, region) pairs, each carrying its home-region hint:
    ``nlp.pipe(hinted_docs(nlp, [(text, "常德市")]))`` gives the claims ``extract(text, region="常德市")`` gives
    (for a text of at most ``MAX_PIECE`` characters, which ``extract`` reads whole)."""
    check_type("hinted_docs", "nlp", nlp, (Language,), "a spacy Language")
    return (_hinted_doc(nlp, text, region) for text, region in texts)


def _hinted_doc(nlp: Language, text: str, region: str | None) -> Doc:
    check_text("hinted_docs", text)
    check_type("hinted_docs", "region", region, (str, type(None)), "a str or None")
    return prepare_doc(nlp, text, region)


MAX_PIECE = 20_000  # characters per Doc: longer documents are split on line, sentence or clause ends
MIN_PIECE = 100  # the smallest max_piece: a piece holds at least a clause
_LINE_END = re.compile(r"\n")
_PIECE_ENDS = (re.compile(r"[。！？；!?;]"), re.compile(r"[，,、：:\s]"))  # sentence ends, else clause ends
_NUMBER_CHARS = set("0123456789.,-~～%‰零〇一二两三四五六七八九十百千万亿点")


@dataclass(frozen=True)
class Value:
    """A value the number grammar read: its span in the original text and its normalisation."""

    start: int
    end: int
    text: str
    value: float
    value_high: float | None
    unit: str | None
    kind: str
    approx: str | None

    def to_dict(self) -> dict:
        return asdict(self)


def find_values(text: str) -> list[Value]:
    """Every value in ``text``, read whole by the pipeline's number grammar after the pipeline's
    cleaning (traditional characters, pinyin, PDF doubling, broken lines, invisible characters);
    ``text[v.start:v.end] == v.text``. The pipeline's VALUE candidates come from the same grammar."""
    check_text("find_values", text)
    cleaned = clean(text)
    values = []
    for match in scan_values(cleaned.text):
        start, end = cleaned.to_original(match.start, match.end)
        parsed = match.parsed
        values.append(Value(start, end, text[start:end], parsed.value, parsed.value_high, parsed.unit,
                            parsed.kind, parsed.approx))
    return values


def extract(text: str, region: str | None = None, doc_id: str | None = None,
            nlp: Language | None = None) -> list[Claim]:
    """The claims of one document; ``region`` is the home-region hint (SPEC section 4)."""
    check_text("extract", text)
    check_type("extract", "region", region, (str, type(None)), "a str or None")
    check_type("extract", "doc_id", doc_id, (str, type(None)), "a str or None")
    check_type("extract", "nlp", nlp, (Language, type(None)), "a spacy Language or None")
    return next(extract_docs([(doc_id, text, region)], nlp=nlp))[1]


def split_long(text: str, limit: int = MAX_PIECE) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most ``limit`` characters, cut after a line break, a sentence end
    or a clause end (a comma, a space) in the second half of the piece, so that no value is cut in two."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = 0
        for pattern in (_LINE_END, *_PIECE_ENDS):
            if cut <= limit // 2:
                cut = max((m.end() for m in pattern.finditer(window, limit // 2) if _between_words(window, m.end())),
                          default=0)
        if cut <= limit // 2:
            cut = limit
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _between_words(window: str, cut: int) -> bool:
    """A cut that leaves no number in two pieces (32\n10个, 1,234, 20 - 30家)."""
    before, after = window[:cut].rstrip()[-1:], window[cut:].lstrip()[:1]
    return not (before and after and before in _NUMBER_CHARS and after in _NUMBER_CHARS)


def document_pieces(text: str, region: str | None, max_piece: int = MAX_PIECE) -> tuple[str | None, list[tuple[int, str]]]:
    """The home-region hint and (offset, piece) pieces a document goes through the pipeline in.

    A document in several pieces without a hint takes the home region inferred from its first piece,
    so that every piece resolves regions alike.
    """
    parts = split_long(text, max_piece)
    if region is None and len(parts) > 1:
        home = infer_home(clean(parts[0][1]).text)
        region = home.name if home else None
    return region, parts


def record_rows(documents: Iterable[tuple[str, str | None, str | None]], nlp: Language | None = None,
                batch_size: int = 1) -> list[dict]:
    """Table rows for (doc_id, text, region) documents: each claim's SPEC record with ``error`` None,
    and for a document without text or that the pipeline fails on one row with only ``doc_id`` and ``error``.
    """
    documents = list(documents)
    outcome: dict[int, tuple[list[Claim], str | None]] = {}
    usable = []
    for index, (_, text, _) in enumerate(documents):
        if isinstance(text, str) and text.strip():
            usable.append(index)
        else:
            outcome[index] = ([], "empty document" if text is None or isinstance(text, str) else _item_problem(text, None))
    reasons: dict[str, str] = {}
    items = ((documents[i][0], documents[i][1], documents[i][2] or None) for i in usable)
    for index, (doc_id, claims) in zip(usable, extract_docs(items, nlp=nlp, batch_size=batch_size,
                                                            on_error=reasons.__setitem__)):
        outcome[index] = (claims, reasons.pop(doc_id, None))
    rows = []
    for index, (doc_id, _, _) in enumerate(documents):
        claims, error = outcome[index]
        rows += [{**claim.to_dict(), ERROR_FIELD: None} for claim in claims]
        if error is not None:
            rows.append({**Claim.from_dict({"doc_id": doc_id}).to_dict(), ERROR_FIELD: error})
    return rows


_SEQUENCE_KEY = "healthie.sequence"


def _record_error(name, component, docs, error) -> None:
    """spaCy error handler: mark the documents a component failed on, and let the batch go on."""
    for doc in docs:
        doc.user_data.setdefault(ERROR_KEY, f"{name} failed: {type(error).__name__}: {error}")


def _set_error_handler(nlp: Language) -> None:
    """``nlp.set_error_handler`` for the components that can keep one.

    spaCy's parser-based components (the trained ``ner``) have no room for a handler and raise on
    ``set_error_handler``; they keep raising, as they would without healthie.
    """
    nlp.default_error_handler = _record_error
    for _, component in nlp.pipeline:
        try:
            component.set_error_handler(_record_error)
        except AttributeError:
            continue


def extract_docs(items: Iterable[tuple[str, str, str | None]], nlp: Language | None = None,
                 n_process: int = 1, batch_size: int = 1,
                 on_error: Callable[[str, str], None] | None = None,
                 max_piece: int = MAX_PIECE) -> Iterator[tuple[str, list[Claim]]]:
    """Claims for (doc_id, text, region) items, streamed in order through ``nlp.pipe``.

    A document longer than ``max_piece`` characters goes through in pieces (bounded memory), its
    home region taken from the first piece, its offsets shifted back into the whole text. A document
    the pipeline fails on, or whose text or region is not a string, yields no claims and is reported
    to ``on_error(doc_id, reason)`` (raised as RuntimeError when no callback is given); the other
    documents go on. ``batch_size`` Docs go through the pipeline together: more is no faster on
    report-sized Docs, and the peak memory grows with it (a batch of eight 20,000-character pieces
    peaks near 1 GB, one piece near 350 MB). ``n_process=-1`` runs a process per CPU, as in spaCy.
    The arguments are checked when it is called, before the first document.
    """
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise TypeError(f"extract_docs: items must be an iterable of (doc_id, text, region), "
                        f"not {type(items).__name__}")
    check_type("extract_docs", "nlp", nlp, (Language, type(None)), "a spacy Language or None")
    check_type("extract_docs", "n_process", n_process, (int,), "an int")
    if n_process < 1 and n_process != -1:
        raise ValueError(f"extract_docs: n_process must be a positive int or -1 (a process per CPU), not {n_process}")
    check_at_least("extract_docs", "batch_size", batch_size, 1)
    if on_error is not None and not callable(on_error):
        raise TypeError(f"extract_docs: on_error must be callable or None, not {type(on_error).__name__}")
    check_at_least("extract_docs", "max_piece", max_piece, MIN_PIECE)
    return _extract_docs(items, nlp, n_process, batch_size, on_error, max_piece)


def _extract_docs(items, nlp: Language | None, n_process: int, batch_size: int, on_error,
                  max_piece: int) -> Iterator[tuple[str, list[Claim]]]:
    """``extract_docs`` past its argument checks."""
    nlp = nlp or shared_pipeline()
    _set_error_handler(nlp)

    def pieces():
        for doc_id, text, region in items:
            breaks = []
            if _item_problem(text, region) is None:
                region, parts = document_pieces(text, region, max_piece)
                breaks = page_breaks(text)
            else:  # one piece, that the pipeline passes over with the problem as its error
                parts = [(0, text)]
            for index, (offset, part) in enumerate(parts):
                yield (doc_id, offset, index == len(parts) - 1, breaks), part, region

    claims: list[Claim] = []
    reasons: list[str] = []
    for (doc_id, offset, last, breaks), found, reason in _run_pieces(nlp, pieces(), n_process, batch_size):
        if reason is not None:
            reasons.append(reason)
        claims += [_shifted(claim, doc_id, offset, breaks) for claim in found]
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
    if n_process != 1:
        yield from _pooled_pieces(nlp, pieces, n_process if n_process > 0 else os.cpu_count() or 1)
        return
    pending: dict[int, tuple] = {}

    def texts():
        for sequence, (key, text, region) in enumerate(pieces):
            pending[sequence] = (key, text, region)
            yield _piece_text(text, region, sequence)

    def dropped(sequence: int):
        key, text, region = pending.pop(sequence)
        again = nlp(_piece_text(text, region, sequence))
        return key, [], again.user_data.get(ERROR_KEY, "the pipeline dropped the document")

    for doc in nlp.pipe(texts(), batch_size=batch_size):
        sequence = doc.user_data[_SEQUENCE_KEY]
        for missing in sorted(k for k in pending if k < sequence):
            yield dropped(missing)
        key = pending.pop(sequence)[0]
        reason = doc.user_data.get(ERROR_KEY)
        yield key, ([] if reason else doc._.claims), reason
    for missing in sorted(pending):
        yield dropped(missing)


_WORKER_NLP: Language | None = None  # the pipeline of a worker process of _pooled_pieces
_AHEAD = 4  # pieces queued per worker: enough to keep each busy, few enough to bound the memory


def _pooled_pieces(nlp: Language, pieces, processes: int):
    """``_run_pieces`` over worker processes that each run the whole pipeline on a piece and send back
    only its claims (spaCy's ``nlp.pipe`` would send back every Doc for the parent to read again).
    Forked workers share the parent's loaded pipeline; at most ``_AHEAD`` pieces a worker wait."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(processes, initializer=_start_worker, initargs=(nlp,)) as pool:
        waiting: deque = deque()
        for sequence, (key, text, region) in enumerate(pieces):
            waiting.append((key, pool.apply_async(_piece_claims, (text, region, sequence))))
            if len(waiting) >= _AHEAD * processes:
                yield _collected(*waiting.popleft())
        while waiting:
            yield _collected(*waiting.popleft())


def _start_worker(nlp: Language) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends its workers on an interrupt


def _piece_claims(text, region, sequence: int) -> tuple[list[dict], str | None]:
    """In a worker: the claims of one piece as records, or the reason it failed."""
    try:
        doc = _WORKER_NLP(_piece_text(text, region, sequence))
    except Exception as error:  # a component without an error handler (spaCy's ner)
        return [], f"{type(error).__name__}: {error}"
    reason = doc.user_data.get(ERROR_KEY)
    return ([] if reason else [claim.to_dict() for claim in doc._.claims]), reason


def _collected(key, result) -> tuple:
    records, reason = result.get()
    return key, [Claim.from_dict(record) for record in records], reason


def _shifted(claim: Claim, doc_id: str | None, offset: int, breaks: list[int]) -> Claim:
    """A piece's claim as a claim of the whole document: its id, offsets into the whole text, and its page
    among the document's ``page_breaks`` (a piece need not start on page 1)."""
    claim.doc_id = doc_id
    if offset:
        for field in ("value_start", "value_end", "metric_start", "metric_end", "region_start", "region_end"):
            if getattr(claim, field) is not None:
                setattr(claim, field, getattr(claim, field) + offset)
    claim.page = page_at(breaks, claim.value_start)
    return claim


def _item_problem(text, region) -> str | None:
    """Why an item's text or region cannot go through the pipeline, if it cannot."""
    if not isinstance(text, str):
        return f"text is not a string ({type(text).__name__})"
    if region is not None and not isinstance(region, str):
        return f"region is not a string ({type(region).__name__})"
    return None


def _piece_text(text: str, region: str | None, sequence: int) -> TextWithData:
    """A piece as the text the tokenizer reads, in whichever process: with its home-region hint and its
    sequence number, or empty and carrying the reason when it is no text to read."""
    reason = _item_problem(text, region)
    data = {_SEQUENCE_KEY: sequence}
    if reason is not None:
        return TextWithData("", {**data, ERROR_KEY: reason})
    if region and region.strip():  # a blank hint is no hint
        data[HINT_KEY] = region
    return TextWithData(text, data)
