"""A folder as found: PDF, Word, HTML and text reports beside an image and a healthie output. Every file is
accounted for: each report's records and indicator rows, the image named as unsupported, the output named
as skipped."""

import json
import re

import pytest

pytest.importorskip("fpdf", reason="the tests write PDFs with fpdf2 (the [test] extra)")
pytest.importorskip("pypdfium2", reason="PDF input needs the [pdf] extra")
pytest.importorskip("docx", reason="Word input needs the [word] extra")

from healthie.cli import main  # noqa: E402

from .text.test_documents import needs_font, write_reports  # noqa: E402

REPORTS = {"report.pdf", "plan.docx", "page.html", "notes.txt"}


@pytest.fixture
def archive(tmp_path):
    folder = write_reports(tmp_path / "archive")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert main(["extract", str(folder / "notes.txt"), "-f", "jsonl", "-o", str(folder / "claims.jsonl"), "-q"]) == 0
    return folder


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@needs_font
def test_every_file_of_a_folder_of_reports_is_accounted_for(archive, tmp_path, capsys):
    out, errors, table = tmp_path / "claims.jsonl", tmp_path / "errors.jsonl", tmp_path / "indicators.jsonl"
    capsys.readouterr()
    assert main(["extract", str(archive), "-f", "jsonl", "-o", str(out), "--errors", str(errors), "-q"]) == 1
    records, failed = _lines(out), _lines(errors)
    skipped = re.findall(r"^healthie: (.+?): skipped: (.+)$", capsys.readouterr().err, re.M)
    assert skipped == [("claims.jsonl", "healthie's own output (claim records)")]
    assert failed == [{"id": "photo.png", "reason": "unsupported file type (.png)"}]
    assert {r["doc_id"] for r in records} == REPORTS
    assert REPORTS | {"photo.png", "claims.jsonl"} == {p.name for p in archive.iterdir()}
    assert [(r["value_text"], r["page"]) for r in records if r["doc_id"] == "report.pdf"] == [("3456个", 1),
                                                                                             ("1.2万张", 2)]
    assert {r["page"] for r in records if r["doc_id"] != "report.pdf"} == {None}

    assert main(["table", str(archive), "-o", str(table), "-q"]) == 1
    assert {source["doc_id"] for row in _lines(table) for source in row["sources"]} == REPORTS
