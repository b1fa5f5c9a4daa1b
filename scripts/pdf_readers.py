"""Measure PDF and Word readers on our reports: write reports as PDF and .docx, read them back, compare.

    python scripts/pdf_readers.py [--out DIR] [--chromium /usr/bin/chromium]

Each report (the seeds and eleven authored reports, several with tables) is printed to PDF twice: by
headless Chromium from an HTML page (paragraphs wrapped to the page, table rows as an HTML table) and by
fpdf2 (lines wrapped by fpdf2, table cells at fixed columns). Both draw the title twice, 0.3 pt apart, as
PDFs fake bold. python-docx writes it as a Word file (a paragraph a line, table rows as a table). Each
reader's text is compared with the source: how alike the characters are (whitespace and table bars aside:
2 x the characters in common, in order, over both lengths), and the share of the source's claims (value,
unit, metric, region, year) that healthie extracts from it the same; and each reader is timed. Prints a
Markdown table (reports/pdf-readers.md).
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import healthie
from healthie.text.cleaning import is_table_row
from healthie.text.documents import read_docx, read_pdf

ROOT = Path(__file__).resolve().parent.parent
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
AUTHORED = ("a_01_haidianqu", "b_01_quanzhou", "c_01_zunyi", "d_01_zhejiang-gongbao", "d_08_jinjiang-tegao",
            "e_01_jiangsu", "e_03_changsha", "f_01_shanxi", "g_01_gansu", "h_01_chongqing", "i_01_beijing")
CELL_GAP = re.compile(r"\s*\|\s*|\t|[ \u3000]{2,}")
IGNORED = re.compile(r"[\s|]+")


def sources() -> dict[str, str]:
    """The reports measured on: the seeds, and authored reports of each kind (tables in e-i)."""
    texts = {path.stem: path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))}
    wanted = {f"authored_{name}" for name in AUTHORED}
    with open(ROOT / "corpus" / "data" / "authored.jsonl", encoding="utf-8") as lines:
        texts.update((r["id"], r["text"]) for r in map(json.loads, lines) if r["id"] in wanted)
    return texts


def title_and_body(text: str) -> tuple[str, list[str]]:
    lines = text.strip().split("\n")
    return lines[0].strip(), lines[1:]


def cells(line: str) -> list[str]:
    return CELL_GAP.split(line.strip())


def html_page(text: str) -> str:
    """The report as an HTML page: the title drawn twice (fake bold), a table for each run of table rows."""
    title, body = title_and_body(text)
    copies = "".join(f'<span style="grid-area:1/1;margin-left:{shift}pt">{html.escape(title)}</span>'
                     for shift in (0, 0.3))
    parts = [f'<h2 style="display:grid">{copies}</h2>']
    for line in body:
        if is_table_row(line) or (parts[-1].startswith("<tr>") and CELL_GAP.search(line.strip())):
            parts.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells(line)) + "</tr>")
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    markup = re.sub(r"((?:<tr>.*?</tr>)+)", r"<table>\1</table>", "".join(parts))
    style = ("body{font-family:'WenQuanYi Micro Hei';font-size:10.5pt} p{margin:0;white-space:pre-wrap;min-height:1em}"
             " td{padding:0 12pt}")
    return f'<!doctype html><html><head><meta charset="utf-8"><style>{style}</style></head><body>{markup}</body></html>'


def print_chromium(chromium: str, text: str, pdf: Path) -> None:
    page = pdf.with_suffix(".html")
    page.write_text(html_page(text), encoding="utf-8")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={pdf.parent / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)


def print_fpdf(text: str, pdf: Path) -> None:
    from fpdf import FPDF

    document = FPDF()
    document.add_font("wqy", fname=FONT)
    document.set_font("wqy", size=10.5)
    document.add_page()
    title, body = title_and_body(text)
    for shift in (0, 0.3):
        document.set_xy(document.l_margin + shift, document.t_margin)
        document.cell(text=title)
    document.ln(8)
    for line in body:
        if is_table_row(line):
            for index, cell in enumerate(cells(line)):
                document.cell(w=60 if index == 0 else 30, h=6, text=cell)
            document.ln(6)
        else:
            document.multi_cell(w=0, h=6, text=line.strip() or " ", new_x="LMARGIN", new_y="NEXT")
    document.output(str(pdf))


def write_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []
    for line in text.split("\n") + [""]:
        if is_table_row(line):
            rows.append(cells(line))
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
            for row, values in zip(table.rows, rows):
                for cell, value in zip(row.cells, values):
                    cell.text = value
            rows = []
        document.add_paragraph(line)
    document.save(path)


def read_pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as document:
        return "\f".join(page.dedupe_chars().extract_text() for page in document.pages)


def read_pypdf(path: Path) -> str:
    import pypdf

    return "\f".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def read_pypdfium2(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return "\f".join(document[i].get_textpage().get_text_range().replace("\r\n", "\n")
                         for i in range(len(document)))
    finally:
        document.close()


READERS = {"pypdfium2": (".pdf", read_pypdfium2), "pdfplumber (dedupe_chars)": (".pdf", read_pdfplumber),
           "pypdf": (".pdf", read_pypdf),
           "healthie: pypdfium2, lines unwrapped, cell tabs": (".pdf", lambda path: read_pdf(path.read_bytes())),
           "healthie: python-docx, cells tab-separated": (".docx", lambda path: read_docx(path.read_bytes()))}


def alike(source: str, read: str) -> float:
    """How alike two texts' characters are, whitespace and table bars aside (difflib's ratio)."""
    return difflib.SequenceMatcher(None, IGNORED.sub("", source), IGNORED.sub("", read), autojunk=False).ratio()


def claim_keys(text: str, nlp) -> Counter:
    return Counter((IGNORED.sub("", c.value_text), c.value, c.unit, c.metric_name, c.region, c.year)
                   for c in healthie.extract(text, nlp=nlp))


def measure(chromium: str, out: Path) -> list[dict]:
    nlp = healthie.load()
    texts = sources()
    writers = {"Chromium": (".pdf", lambda text, path: print_chromium(chromium, text, path)),
               "fpdf2": (".pdf", print_fpdf), "python-docx": (".docx", write_docx)}
    for name, text in texts.items():
        for writer, (suffix, write) in writers.items():
            write(text, out / f"{name}.{writer}{suffix}")
    expected = {name: claim_keys(text, nlp) for name, text in texts.items()}
    rows = []
    for reader_name, (suffix, reader) in READERS.items():
        for writer in (writer for writer, (kind, _) in writers.items() if kind == suffix):
            similar, same, total, extra, seconds, pages = [], 0, 0, 0, 0.0, 0
            for name, text in texts.items():
                started = time.perf_counter()
                read = reader(out / f"{name}.{writer}{suffix}")
                seconds += time.perf_counter() - started
                pages += read.count("\f") + 1
                similar.append(alike(text, read))
                found = claim_keys(read, nlp)
                same += sum((found & expected[name]).values())
                total += sum(expected[name].values())
                extra += sum((found - expected[name]).values())
            rows.append({"reader": reader_name, "writer": writer, "pages": pages,
                         "alike": sum(similar) / len(similar), "same_claims": same / total, "other_claims": extra,
                         "ms_per_page": 1000 * seconds / pages})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="keep the PDFs here [default: a temporary folder]")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        rows = measure(args.chromium, out)
    print("| reader | written by | pages | text alike | same claims | other claims | ms/page |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['reader']} | {row['writer']} | {row['pages']} | {row['alike']:.2%} | {row['same_claims']:.1%} "
              f"| {row['other_claims']} | {row['ms_per_page']:.1f} |")


if __name__ == "__main__":
    main()
