"""Claims as HTML pages: the raw report with its entities highlighted, and a sortable table of claims.

A page is self-contained (inline CSS and JS, nothing fetched) and safe for any report: every piece of
document text is escaped, none of it is placed inside an attribute, and a Content-Security-Policy lets
only the page's own style and script run. displaCy is not used: its entity markup cannot carry the
ids that link a value to its metric, region and date, and it leaves titles and labels unescaped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__
from ..claims.record import Claim, grammar_spans, value_span
from ..text.cleaning import CleanText, covered_by
from ..extraction import document_pieces, prepare_doc, shared_pipeline
from ..text.documents import PAGE_BREAK, page_at, page_breaks
from ..text.reading import TEXT_SUFFIXES
from ..text.tokenizer import ERROR_KEY
from ..linking.relations import TAIL_LABEL, best_relations

_DATA = Path(__file__).resolve().parents[1] / "data"
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
# (column key, header, numeric)
_COLUMNS = (("n", "#", True), ("page", "page", True), ("value_text", "value text", False), ("value", "value", True),
            ("unit", "unit", False), ("kind", "kind", False), ("metric", "metric", False),
            ("metric_id", "metric id", False), ("region_text", "region phrase", False), ("region", "region", False),
            ("region_code", "region code", False), ("date", "date", False), ("year", "year", True),
            ("confidence", "confidence", True))
_NUM_TYPE = ' data-type="num"'


@dataclass
class Mark:
    """An entity in original offsets."""

    start: int
    end: int
    label: str


@dataclass
class Annotated:
    """A report's raw text with its entities, claims, links and cleaning marks, all in raw-text offsets.

    ``links[i]`` maps "VALUE" and the labels the i-th claim is linked to ("METRIC", "REGION", "DATE")
    to indexes into ``entities``.
    """

    doc_id: str | None
    text: str
    entities: list[Mark] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    links: list[dict[str, int]] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    dropped: list[tuple[int, int]] = field(default_factory=list)


_CARRIED = {"METRIC": "metric_text", "REGION": "region_text", "DATE": "date_text"}  # the record's field per link


def annotate_doc(doc: Doc, doc_id: str | None = None) -> Annotated:
    """Collect what a processed Doc found, in offsets into the raw text it was made from; a claim is
    linked to the entities its record carries (a link the claim builder dropped is not shown)."""
    cleaned = doc._.clean
    ents = sorted((e for e in doc.ents if e.end_char > e.start_char), key=lambda e: e.start_char)
    entities, index_of_token = [], {}
    grammar = grammar_spans(doc)
    for ent in ents:
        span = value_span(grammar, ent) if ent.label_ == "VALUE" else (ent.start_char, ent.end_char)
        start, end = cleaned.to_original(*span)  # a VALUE as its claim has it (2支, not the token's 2支省)
        if entities and start < entities[-1].end:
            continue
        index_of_token[ent.start] = len(entities)
        entities.append(Mark(start, end, ent.label_))
    index_of_value = {(m.start, m.end): i for i, m in enumerate(entities) if m.label == "VALUE"}
    token_of_index = {i: token for token, i in index_of_token.items()}
    decoded = best_relations(doc, dict.fromkeys(TAIL_LABEL, 0.0))
    claims, links = [], []
    for claim in sorted(doc._.claims, key=lambda c: c.value_start):
        value = index_of_value.get((claim.value_start, claim.value_end))
        if value is None:
            continue
        claim.doc_id = doc_id
        linked = {"VALUE": value}
        for relation, label in TAIL_LABEL.items():
            tail = decoded.get((token_of_index[value], relation))
            if tail is not None and tail[0] in index_of_token and getattr(claim, _CARRIED[label]) is not None:
                linked[label] = index_of_token[tail[0]]
        claims.append(claim)
        links.append(linked)
    boilerplate = [cleaned.to_original(start, end) for start, end in cleaned.boilerplate]
    return Annotated(doc_id, cleaned.original, entities, claims, links, boilerplate, dropped_spans(cleaned))


def dropped_spans(cleaned: CleanText) -> list[tuple[int, int]]:
    """Raw-text spans that no cleaned character came from (HTML tags, pinyin, doubled text, joined breaks)."""
    spans, cursor = [], 0
    for index, start in enumerate(cleaned.offsets):
        if start > cursor:
            spans.append((cursor, start))
        cursor = max(cursor, cleaned.source_end(index))
    if cursor < len(cleaned.original):
        spans.append((cursor, len(cleaned.original)))
    return spans


def annotate(doc_or_text: Doc | str, doc_id: str | None = None, nlp: Language | None = None,
             region: str | None = None) -> Annotated:
    """Annotate a processed Doc, or run ``nlp`` (default: the shipped pipeline) on a raw text.

    A long text goes through in
    the pieces ``healthie.extract`` uses, so the claims are the same; a piece the pipeline fails on
    raises RuntimeError with the reason.
    """
    if isinstance(doc_or_text, Doc):
        return annotate_doc(doc_or_text, doc_id)
    nlp = nlp or shared_pipeline()
    region, parts = document_pieces(doc_or_text, region)
    whole = Annotated(doc_id, doc_or_text)
    for offset, part in parts:
        doc = nlp(prepare_doc(nlp, part, region))
        if ERROR_KEY in doc.user_data:
            raise RuntimeError(doc.user_data[ERROR_KEY])
        _append(whole, annotate_doc(doc, doc_id), offset)
    breaks = page_breaks(doc_or_text)
    for claim in whole.claims:
        claim.page = page_at(breaks, claim.value_start)
    return whole


def _append(whole: Annotated, piece: Annotated, offset: int) -> None:
    first = len(whole.entities)
    whole.entities += [Mark(m.start + offset, m.end + offset, m.label) for m in piece.entities]
    for claim in piece.claims:
        for name in ("value_start", "value_end", "metric_start", "metric_end", "region_start", "region_end"):
            if getattr(claim, name) is not None:
                setattr(claim, name, getattr(claim, name) + offset)
    whole.claims += piece.claims
    whole.links += [{label: index + first for label, index in linked.items()} for linked in piece.links]
    whole.boilerplate += [(start + offset, end + offset) for start, end in piece.boilerplate]
    whole.dropped += [(start + offset, end + offset) for start, end in piece.dropped]


def render_html(doc_or_text: Doc | str, doc_id: str | None = None, nlp: Language | None = None,
                region: str | None = None) -> str:
    """One self-contained HTML page for one report (a processed Doc or a raw text)."""
    return render_page([annotate(doc_or_text, doc_id, nlp, region)], title=doc_id or "healthie claims")


def render_page(docs: Sequence[Annotated], title: str = "healthie claims") -> str:
    """One page with a section per document, and a table of contents when there are several."""
    labels = Counter(m.label for doc in docs for m in doc.entities)
    toc = _toc([(f"#d{i}", doc.doc_id, len(doc.claims)) for i, doc in enumerate(docs)]) if len(docs) > 1 else ""
    sections = "".join(_section(doc, f"d{i}") for i, doc in enumerate(docs))
    return _page(title, _legend(labels) + _options() + toc, sections)


def render_index(entries: Sequence[tuple[str, str | None, int]], title: str = "healthie claims") -> str:
    """A page linking (href, doc_id, claim count) entries: the index of a folder of pages."""
    return _page(title, _toc(entries), "")


def write_pages(items: Iterable[tuple[str, str, str | None]], output: str | Path | None, nlp: Language,
                on_error: Callable[[str, str], None], stream: TextIO | None = None) -> int:
    """Render (doc_id, text, region) items and return how many were rendered.

    ``output`` ending in .html/.htm (or None: ``stream``) gets one page with a section per document;
    any other path is a folder that gets a page per document, named after its id, and index.html.
    A document that fails is passed to ``on_error(doc_id, reason)`` and left out.
    """
    folder = Path(output) if output and Path(output).suffix.lower() not in (".html", ".htm") else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    docs, entries, taken = [], [], {"index.html"}
    for doc_id, text, region in items:
        try:
            annotated = annotate(text, doc_id, nlp, region)
        except Exception as error:  # one report's failure must not stop the batch
            on_error(doc_id, f"{type(error).__name__}: {error}")
            continue
        if folder is None:
            docs.append(annotated)
            continue
        name = page_name(doc_id, taken)
        (folder / name).write_text(render_page([annotated], title=doc_id), encoding="utf-8")
        entries.append((name, doc_id, len(annotated.claims)))
    if folder is not None:
        (folder / "index.html").write_text(render_index(entries), encoding="utf-8")
        return len(entries)
    page = render_page(docs, title=docs[0].doc_id if len(docs) == 1 else "healthie claims")
    if output:
        Path(output).write_text(page, encoding="utf-8")
    elif stream is not None:
        stream.write(page)
    return len(docs)


def page_name(doc_id: str, taken: set[str]) -> str:
    """A file name for a document's page: its id made safe, unique among ``taken`` (which it joins)."""
    base = Path(doc_id).stem if Path(doc_id).suffix.lower() in TEXT_SUFFIXES else doc_id
    stem = _UNSAFE_NAME.sub("_", base).strip("._") or "document"
    name, number = f"{stem}.html", 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}.html"
    taken.add(name)
    return name


def _escape(text: str) -> str:
    return html.escape(_SURROGATE.sub("\ufffd", text), quote=True)


def _label(label: str) -> str:
    """A label as it may appear in a class name or attribute: letters, digits, _ and - only."""
    return re.sub(r"[^A-Za-z0-9_-]", "", label)


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    """The inline CSS, the inline JS, and the Content-Security-Policy that admits exactly those two."""
    css = (_DATA / "render.css").read_text(encoding="utf-8")
    js = (_DATA / "render.js").read_text(encoding="utf-8")

    def digest(source: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"

    policy = (f"default-src 'none'; style-src {digest(css)}; script-src {digest(js)}; "
              "base-uri 'none'; form-action 'none'")
    return css, js, policy


def _page(title: str | None, header: str, body: str) -> str:
    css, js, policy = _assets()
    heading = _escape(title or "healthie claims")
    return ("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"generator\" content=\"healthie {__version__}\">\n"  # a re-run over a folder skips the page
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
            f"<title>{heading}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            f"<header><h1>{heading}</h1>{header}</header>\n{body}<script>{js}</script>\n</body>\n</html>\n")


def _legend(labels: Counter) -> str:
    marks = "".join(f'<mark class="ent ent-{_label(label)}">{_escape(label)} {count}</mark>'
                    for label, count in sorted(labels.items()))
    return f'<p class="legend">{marks}</p>'


def _options() -> str:
    return ('<p class="options"><label><input type="checkbox" data-toggle="show-labels"> show entity labels</label>'
            '<label><input type="checkbox" data-toggle="hide-dropped"> hide text the cleaning removed</label></p>')


def _toc(entries: Sequence[tuple[str, str | None, int]]) -> str:
    items = "".join(f'<li><a href="{_escape(href)}">{_escape(doc_id or "(no id)")}</a> {_claims(claims)}</li>'
                    for href, doc_id, claims in entries)
    return f'<nav class="toc"><ol>{items}</ol></nav>'


def _claims(count: int) -> str:
    return f"{count} claim" if count == 1 else f"{count} claims"


def _section(doc: Annotated, prefix: str) -> str:
    counts = Counter(m.label for m in doc.entities)
    labels = ", ".join(f"{_escape(label)} {n}" for label, n in sorted(counts.items()))
    summary = f"{_claims(len(doc.claims))}; {labels}; {len(doc.boilerplate)} boilerplate lines"
    return (f'<section class="document" id="{prefix}">\n<h2>{_escape(doc.doc_id or "(no id)")}</h2>\n'
            f'<p class="summary">{summary}</p>\n<div class="text">{_marked_text(doc, prefix)}</div>\n'
            f'{_claims_table(doc, prefix)}</section>\n')


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked_text(doc: Annotated, prefix: str) -> str:
    """The raw text escaped, entities as <mark>, boilerplate and dropped runs as classed <span>s."""
    shades = {name: _merged(spans) for name, spans in (("boilerplate", doc.boilerplate), ("dropped", doc.dropped))}
    starts = {name: [s for s, _ in spans] for name, spans in shades.items()}
    claim_of = {linked["VALUE"]: i for i, linked in enumerate(doc.links)}
    opening = {m.start: i for i, m in enumerate(doc.entities)}
    closing = {m.end for m in doc.entities}
    cuts = sorted({0, len(doc.text), *opening, *closing, *(p for spans in shades.values() for s in spans for p in s)})
    out, page = [], 1
    for start, end in zip(cuts, cuts[1:]):
        if start in opening:
            out.append(_open_mark(doc, opening[start], claim_of.get(opening[start]), prefix))
        classes = " ".join(name for name, spans in shades.items() if covered_by(spans, starts[name], start))
        piece, page = _paged(doc.text[start:end], page)
        out.append(f'<span class="{classes}">{piece}</span>' if classes else piece)
        if end in closing:
            out.append("</mark>")
    return "".join(out)


def _paged(text: str, page: int) -> tuple[str, int]:
    """A piece of text escaped, each page break in it shown as a line "— page N —"; and the page it ends on."""
    pages = text.split(PAGE_BREAK)
    markers = [f'\n<span class="page-break">— page {page + n} —</span>\n' for n in range(1, len(pages))]
    escaped = [_escape(piece) for piece in pages]
    return "".join(piece + marker for piece, marker in zip(escaped, markers)) + escaped[-1], page + len(markers)


def _open_mark(doc: Annotated, index: int, claim: int | None, prefix: str) -> str:
    label = _label(doc.entities[index].label)
    attributes = f'class="ent ent-{label}" id="{prefix}-e{index}" data-label="{label}"'
    if claim is not None:
        ids = [f"{prefix}-e{i}" for name, i in doc.links[claim].items() if name != "VALUE"] + [f"{prefix}-c{claim}"]
        attributes += f' data-claim="{prefix}-c{claim}" data-links="{" ".join(ids)}"'
    return f"<mark {attributes}>"


def _claims_table(doc: Annotated, prefix: str) -> str:
    """The claims as a sortable table; its page column only for a text of pages (a PDF's)."""
    columns = [column for column in _COLUMNS if column[0] != "page" or PAGE_BREAK in doc.text]
    head = "".join(f'<th data-column="{key}"{_NUM_TYPE if numeric else ""}>{header}</th>'
                   for key, header, numeric in columns)
    rows = []
    for index, (claim, linked) in enumerate(zip(doc.claims, doc.links)):
        cells = {
            "n": _link(prefix, linked, "VALUE", str(index + 1)), "page": str(claim.page or ""),
            "value_text": _escape(claim.value_text),
            "value": "" if claim.value is None else f"{claim.value:.15g}", "unit": _escape(claim.unit or ""),
            "kind": _escape(claim.kind or ""), "metric": _link(prefix, linked, "METRIC", claim.metric_text),
            "metric_id": _escape(claim.metric_id or ""),
            "region_text": _link(prefix, linked, "REGION", claim.region_text),
            "region": _escape(claim.region or ""), "region_code": _escape(claim.region_code or ""),
            "date": _link(prefix, linked, "DATE", claim.date_text),
            "year": "" if claim.year is None else str(claim.year), "confidence": f"{claim.confidence:.2f}",
        }
        ids = " ".join(f"{prefix}-e{i}" for i in linked.values())
        tds = "".join(f'<td class="col-{key}{" num" if numeric else ""}">{cells[key]}</td>'
                      for key, _, numeric in columns)
        rows.append(f'<tr id="{prefix}-c{index}" data-links="{ids}">{tds}</tr>\n')
    return f'<table class="claims"><thead><tr>{head}</tr></thead>\n<tbody>\n{"".join(rows)}</tbody></table>\n'


def _link(prefix: str, linked: dict[str, int], label: str, text: str | None) -> str:
    """A table cell's text, as a link to the entity the claim is linked to under ``label`` when it is."""
    if label not in linked or not text:
        return _escape(text or "")
    return f'<a href="#{prefix}-e{linked[label]}">{_escape(text)}</a>'
