"""The text of PDF and Word reports, and the pages of a PDF's text.

A PDF's text is its pages' texts joined by form feeds (as ``pdftotext`` writes it), so that an offset
into the whole text falls on the page :func:`page_at` gives. A PDF's lines are where its characters
stand: a paragraph's lines wrapped at the edge of the text are joined again, and a table's cells come
out separated by tabs (a gap wider than ``CELL_GAP`` times the characters' height), which the pipeline
reads as a table row. A Word file's paragraphs are its lines, and a table row's cells are tab-separated.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from dataclasses import dataclass

from ..extras import require

PAGE_BREAK = "\f"
CELL_GAP = 0.75  # a gap this many character heights wide between two characters of a line separates cells
OVERPRINT = 0.25  # a character over the same one before, overlapping this share of its width, is a copy
WRAP_SLACK = 2.5  # character heights a wrapped line may end short of the right edge (。 takes a character along)
_PASSWORD_ERROR = 4  # PDFium's FPDF_ERR_PASSWORD
_SPACE_CHARS = " \t\u3000"
_LINE = re.compile(r"[^\r\n]+")
_PARAGRAPH_END = set("。！？；：!?;:”")
_LATIN_END = re.compile(r"[A-Za-z]\s*$")
_LATIN_START = re.compile(r"\s*[A-Za-z]")


def read_pdf(data: bytes) -> str:
    """The text layer of a PDF, pages joined by form feeds; ValueError for a damaged, encrypted or
    scanned PDF. Text drawn twice a little apart (fake bold) comes out once."""
    pdfium = require("pypdfium2", "pdf", "reading PDF")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if err.err_code == _PASSWORD_ERROR:
            raise ValueError("encrypted PDF: it needs a password") from None
        raise ValueError(f"damaged PDF: {err}") from None
    try:
        pages = [_page_text(document[index]) for index in range(len(document))]
    except pdfium.PdfiumError as err:
        raise ValueError(f"damaged PDF: {err}") from None
    finally:
        document.close()
    if not any(page.strip() for page in pages):
        raise ValueError("no text layer: scanned")
    return PAGE_BREAK.join(pages)


@dataclass
class _Line:
    """A line of a page: its text, and where its first character starts and its last ends across the page."""

    text: str
    left: float = 0.0
    right: float = 0.0
    height: float = 0.0


def _page_text(page) -> str:
    """A page's text: PDFium's lines, wrapped ones joined, wide gaps as tabs."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if len(text) != textpage.count_chars():  # not a character per index: no positions to go by
            return text.replace("\r\n", "\n")
        lines = [_line(textpage, text, match) for match in _LINE.finditer(text)]
        width = page.get_width()
    finally:
        textpage.close()
        page.close()
    return _unwrapped(lines, width)


def _line(textpage, text: str, match: re.Match) -> _Line:
    """A line of PDFium's text: a character drawn again over itself (fake bold) once, the spaces between
    two characters a cell gap apart as a tab."""
    pieces, spaces, first, last = [], [], None, None
    for index in range(*match.span()):
        char = text[index]
        if char in _SPACE_CHARS:
            spaces.append(char)
            continue
        if _overprinted(textpage, text, index):
            continue
        if spaces:
            pieces.append("\t" if last is not None and _cell_gap(textpage, last, index) else "".join(spaces))
            spaces = []
        pieces.append(char)
        if first is None:
            first = index
        last = index
    pieces += spaces
    if first is None:
        return _Line("".join(pieces))
    start, end = textpage.get_charbox(first, loose=True), textpage.get_charbox(last, loose=True)
    return _Line("".join(pieces), start[0], end[2], end[3] - end[1])


def _overprinted(textpage, text: str, index: int) -> bool:
    """Whether the character at ``index`` repeats the one before over it (their glyphs overlap by more than
    ``OVERPRINT`` of the width): PDFium drops most such copies itself, but not of narrow glyphs (5..6)."""
    if index == 0 or text[index] != text[index - 1]:
        return False
    before, after = textpage.get_charbox(index - 1), textpage.get_charbox(index)
    return before[2] - after[0] > OVERPRINT * (before[2] - before[0])


def _unwrapped(lines: list[_Line], width: float) -> str:
    """The lines joined by line breaks, but where the PDF wrapped a paragraph: a line that runs across
    the page's text (from its left edge, or indented, to its right edge) without ending a sentence, and
    a next line that goes on at the left edge are joined (by a space between two Latin letters). The
    text's edges are its lines' outermost, and lines run to the right one only when it lies about as far
    from the page's edge as the left (no line of a page that no line fills wraps; nor of two columns)."""
    written = [line for line in lines if line.height]
    if not written:
        return "\n".join(line.text for line in lines)
    left, right = min(line.left for line in written), max(line.right for line in written)
    if right < width - left - WRAP_SLACK * max(line.height for line in written):
        right = width  # no line reaches the right margin: none wraps
    parts = [lines[0].text]
    for line, following in zip(lines, lines[1:]):
        if not _wraps(line, following, left, right):
            parts.append("\n")
        elif _LATIN_END.search(line.text) and _LATIN_START.match(following.text):
            parts.append(" ")
        parts.append(following.text)
    return "".join(parts)


def _wraps(line: _Line, following: _Line, left: float, right: float) -> bool:
    """Whether ``following`` goes on with a sentence that ``line`` runs across the text with."""
    if not (line.height and following.height) or "\t" in line.text + following.text:
        return False
    slack = WRAP_SLACK * line.height
    return (line.text.rstrip()[-1] not in _PARAGRAPH_END and line.left <= left + slack
            and line.right >= right - slack and following.left <= left + following.height / 2)


def _cell_gap(textpage, before: int, after: int) -> bool:
    """Whether the characters at ``before`` and ``after`` stand a cell gap apart."""
    left, right = textpage.get_charbox(before, loose=True), textpage.get_charbox(after, loose=True)
    height = max(left[3] - left[1], right[3] - right[1])
    return right[0] - left[2] >= CELL_GAP * height


def read_docx(data: bytes) -> str:
    """The text of a Word (.docx) file: its paragraphs and table rows in order, a line each, the cells
    of a row joined by tabs; ValueError for a damaged file."""
    docx = require("docx", "word", "reading Word files")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, docx.opc.exceptions.PackageNotFoundError) as err:
        raise ValueError(f"damaged Word file: {err}") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += [_row_text(row) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _row_text(row) -> str:
    """A table row's cells joined by tabs; a merged cell once, its paragraphs joined by spaces."""
    cells = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:  # python-docx repeats a merged cell for each column
            cells.append(cell)
    return "\t".join(" ".join(cell.text.split("\n")) for cell in cells)


def page_breaks(text: str) -> list[int]:
    """Where a text's page breaks are (empty for a text that is not split into pages)."""
    return [match.start() for match in re.finditer(PAGE_BREAK, text)]


def page_at(breaks: list[int], offset: int) -> int | None:
    """The 1-based page that ``offset`` falls on, given the text's ``page_breaks``; None without pages."""
    return bisect.bisect_left(breaks, offset) + 1 if breaks else None
