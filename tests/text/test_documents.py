"""PDF and Word reports, built in the test run (fpdf2 and python-docx; Chromium prints a seed)."""

import io
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import docx
import fpdf
import pytest

import healthie
from healthie.cli import main
from healthie.text.cleaning import clean
from healthie.text.documents import PAGE_BREAK, read_docx, read_pdf
from healthie.text.reading import Document, ReadError, iter_documents

from ..conftest import ROOT, SEEDS

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
needs_font = pytest.mark.skipif(not FONT.exists(), reason=f"no {FONT} (apt-get install fonts-wqy-microhei)")
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install chromium)")
SEED = SEEDS[1]  # 株洲市: its PDF gives its claims
TABLE = "指标\t2021年\t2022年\n医疗卫生机构（个）\t36448\t37086\n床位（万张）\t53.76\t55.62"


def pdf_of(pages: list[str], bold: str = "", width: float = 300) -> bytes:
    """A PDF of pages of lines on a page too wide for any to wrap: each line a cell, a tab-separated row's
    cells at fixed columns, a line equal to ``bold`` drawn twice 0.3 mm apart (fake bold)."""
    document = fpdf.FPDF(format=(width, 297))
    document.add_font("wqy", fname=str(FONT))
    document.set_font("wqy", size=10.5)
    for page in pages:
        document.add_page()
        for line in page.split("\n"):
            y = document.get_y()
            for shift in (0, 0.3) if line == bold else (0,):
                document.set_xy(document.l_margin + shift, y)
                for cell in line.split("\t"):
                    document.cell(w=50 if "\t" in line else 0, h=6, text=cell)
            document.ln(6)
    return bytes(document.output())


def claim_keys(text: str, nlp) -> Counter:
    """What a claim says, apart from where: value, unit, metric, region, year."""
    return Counter((c.value_text, c.value, c.unit, c.metric_name, c.region, c.year)
                   for c in healthie.extract(text, nlp=nlp))


def lines_in_pages(text: str, per_page: int) -> list[str]:
    lines = [line for line in text.split("\n") if line.strip()]
    return ["\n".join(lines[i:i + per_page]) for i in range(0, len(lines), per_page)]


@needs_font
def test_a_pdf_of_a_seed_gives_the_claims_of_its_text(nlp):
    source = SEED.read_text(encoding="utf-8")
    pages = lines_in_pages(source, 40)
    text = read_pdf(pdf_of(pages))
    assert text.split(PAGE_BREAK) == pages  # the seed's lines, blank ones aside
    assert claim_keys(text, nlp) == claim_keys(source, nlp)


@needs_font
def test_the_page_of_each_claim_in_a_three_page_pdf(nlp):
    pages = ["常德市2020年卫生健康统计公报\n全市医疗卫生机构3456个。", "全市床位数1.2万张。", "卫生技术人员2.3万人。"]
    text = read_pdf(pdf_of(pages))
    claims = healthie.extract(text, nlp=nlp)
    assert text == PAGE_BREAK.join(pages)
    assert [(c.value_text, c.page) for c in claims] == [("3456个", 1), ("1.2万张", 2), ("2.3万人", 3)]
    assert all(text[c.value_start:c.value_end] == c.value_text for c in claims)


@needs_font
def test_text_drawn_twice_over_itself_comes_out_once(nlp):
    bold = "全省医疗卫生机构1234个，床位5.6万张，增长2.5%。"
    text = read_pdf(pdf_of(["湖南省卫生健康事业发展统计公报\n" + bold, "卫生技术人员12.3万人。"], bold=bold))
    assert text == f"湖南省卫生健康事业发展统计公报\n{bold}{PAGE_BREAK}卫生技术人员12.3万人。"
    assert claim_keys(text, nlp) == claim_keys(text.replace(PAGE_BREAK, "\n"), nlp)


@needs_font
def test_a_wrapped_paragraph_is_joined_again_and_lines_that_end_short_are_not():
    paragraph = "2020年，全市医疗卫生机构3456个，比上年增加12个；床位数1.2万张，每千人口床位数6.79张。" * 4
    document = fpdf.FPDF()
    document.add_font("wqy", fname=str(FONT))
    document.set_font("wqy", size=10.5)
    document.add_page()
    document.multi_cell(w=0, h=6, text=paragraph, wrapmode="CHAR", new_x="LMARGIN", new_y="NEXT")
    for line, align in (("常德市卫生健康委员会", "R"), ("2021年1月5日", "R"), ("附件：统计表", "L")):
        document.cell(w=0, h=6, text=line, align=align, new_x="LMARGIN", new_y="NEXT")
    assert document.page_no() == 1 and document.get_y() > 40  # the paragraph took several lines
    assert read_pdf(bytes(document.output())) == paragraph + "\n常德市卫生健康委员会\n2021年1月5日\n附件：统计表"


def test_the_cleaning_undoes_the_doubling_other_readers_leave():
    bold = "全省医疗卫生机构1234个，床位5.6万张。"
    for doubled in (bold + bold, "".join(char * 2 for char in bold[:8]) + bold[8:]):  # pypdf's, pdfplumber's
        assert clean(doubled).text == bold


@needs_font
def test_a_table_in_a_pdf_comes_out_as_tab_separated_rows(nlp):
    text = read_pdf(pdf_of(["2022年江苏省卫生资源\n" + TABLE]))
    assert text == "2022年江苏省卫生资源\n" + TABLE
    assert claim_keys(text, nlp) == claim_keys("2022年江苏省卫生资源\n" + TABLE, nlp)


@needs_font
def test_a_pdf_of_images_only_has_no_text_layer(tmp_path):
    from PIL import Image

    document = fpdf.FPDF()
    document.add_page()
    document.image(Image.new("RGB", (200, 100), "white"), x=10, y=10, w=100)
    (tmp_path / "scan.pdf").write_bytes(bytes(document.output()))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n" + "全市出生人口数43417人".encode())
    assert {item.id: item.reason for item in iter_documents([tmp_path])} == {
        "broken.pdf": "damaged PDF: Failed to load document (PDFium: Data format error).",
        "scan.pdf": "no text layer: scanned"}


@needs_font
def test_an_encrypted_pdf_says_it_needs_a_password(tmp_path):
    document = fpdf.FPDF()
    document.add_font("wqy", fname=str(FONT))
    document.set_font("wqy", size=12)
    document.set_encryption(owner_password="owner", user_password="user", encryption_method="RC4")
    document.add_page()
    document.cell(text="全市出生人口数43417人。")
    with pytest.raises(ValueError, match="^encrypted PDF: it needs a password$"):
        read_pdf(bytes(document.output()))


def test_without_the_pdf_extra_a_pdf_is_an_error_naming_it_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import pypdfium2 fails
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "b.txt").write_text("全市出生人口数43417人。", encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert items[0] == ReadError("a.pdf", "reading PDF needs pypdfium2, which comes with healthie's [pdf] extra: "
                                          "pip install 'healthie[pdf]'")
    assert isinstance(items[1], Document) and items[1].id == "b.txt"


def docx_of(text: str) -> bytes:
    """A Word file of a text: a paragraph a line, a table for each run of tab-separated lines."""
    document = docx.Document()
    rows: list[list[str]] = []
    for line in text.split("\n") + [""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, cells in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    cell.text = value
            rows = []
        if line:
            document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def test_a_word_file_gives_the_claims_of_its_text(nlp):
    records = [json.loads(line) for line in (ROOT / "corpus" / "data" / "authored.jsonl").open(encoding="utf-8")]
    source = next(r["text"] for r in records if r["id"] == "authored_e_01_jiangsu").replace(" | ", "\t")
    source = "\n".join(line for line in source.split("\n") if line.strip())
    assert source.count("\t") > 20  # tables among the paragraphs
    text = read_docx(docx_of(source))
    assert text == source
    assert claim_keys(text, nlp) == claim_keys(source, nlp)


def test_a_merged_cell_of_a_word_table_is_read_once():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "2021年全省"
    table.cell(0, 2).text = "合计"
    for cell, value in zip(table.rows[1].cells, ("床位（张）", "1200\n（含临时）", "1300")):
        cell.text = value
    data = io.BytesIO()
    document.save(data)
    assert read_docx(data.getvalue()) == "2021年全省\t合计\n床位（张）\t1200 （含临时）\t1300"


def test_old_word_files_are_refused_and_damaged_ones_named(tmp_path):
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04" + bytes(60))
    assert {item.id: item.reason for item in iter_documents([tmp_path])} == {
        "broken.docx": "damaged Word file: File is not a zip file",
        "old.doc": "old Word (.doc) input is not supported: save it as .docx"}


def write_reports(folder):
    """A PDF, a Word file, an HTML page and a text file of report text, each with claims, in ``folder``."""
    folder.mkdir()
    (folder / "report.pdf").write_bytes(pdf_of(["常德市2020年卫生健康统计公报\n全市医疗卫生机构3456个。", "全市床位数1.2万张。"]))
    (folder / "plan.docx").write_bytes(docx_of("2022年江苏省卫生资源\n" + TABLE))
    (folder / "page.html").write_text("<html><body><p>全市出生人口数43417人。</p></body></html>", encoding="utf-8")
    (folder / "notes.txt").write_text("全省卫生技术人员12.3万人。", encoding="utf-8")
    return folder


@needs_font
def test_a_folder_of_pdf_word_html_and_text_accounts_for_every_file(tmp_path, capsys):
    folder = write_reports(tmp_path / "reports")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))
    out, errors = tmp_path / "claims.jsonl", tmp_path / "errors.jsonl"
    assert main(["extract", str(folder), "--format", "jsonl", "-o", str(out), "--errors", str(errors), "--quiet"]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    failed = [json.loads(line)["id"] for line in errors.read_text(encoding="utf-8").splitlines()]
    assert sorted({r["doc_id"] for r in records} | set(failed)) == sorted(p.name for p in folder.iterdir())
    assert failed == ["old.doc"] and "healthie: old.doc: old Word (.doc)" in capsys.readouterr().err
    assert [(r["value_text"], r["page"]) for r in records if r["doc_id"] == "report.pdf"] == [("3456个", 1),
                                                                                             ("1.2万张", 2)]
    assert {r["page"] for r in records if r["doc_id"] != "report.pdf"} == {None}
    assert len([r for r in records if r["doc_id"] == "plan.docx"]) == 4


@needs_chromium
def test_a_report_printed_by_chromium_gives_its_claims(tmp_path, nlp):
    source = SEED.read_text(encoding="utf-8")
    lines = [line for line in source.split("\n") if line.strip()]
    half = len(lines) // 2
    paragraphs = [f'<p{" class=next" if i == half else ""}>{line}</p>' for i, line in enumerate(lines)]
    page = tmp_path / "report.html"
    page.write_text('<!doctype html><html><head><meta charset="utf-8"><style>p{margin:0;white-space:pre-wrap;'
                    "font:10.5pt 'WenQuanYi Micro Hei'} .next{break-before:page}</style></head>"
                    f"<body>{''.join(paragraphs)}</body></html>", encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    document = next(iter_documents([pdf]))
    assert document.text.split(PAGE_BREAK)[1].startswith(lines[half])
    assert document.text.replace(PAGE_BREAK, "\n") == "\n".join(lines)  # paragraphs wrapped, and joined again
    claims = healthie.extract(document.text, nlp=nlp)
    assert claim_keys(document.text, nlp) == claim_keys(source, nlp)
    first_on_two = document.text.index(PAGE_BREAK)
    assert {c.page for c in claims} == {1, 2}
    assert all(c.page == (1 if c.value_start < first_on_two else 2) for c in claims)
