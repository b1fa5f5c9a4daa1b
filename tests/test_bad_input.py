"""Bad input through the command line: one batch of every kind beside a good seed, each with records or a clear error."""

import json
import random
from dataclasses import dataclass

import pytest

import healthie
from healthie import extraction
from healthie.cli import main
from healthie.training.fuzzing import long_line, many_lines, seed_sentences
from healthie.text.reading import Document, ReadError, iter_documents

from .conftest import SEEDS

SENTENCE = "2020年，全市出生人口数43417人，人口出生率6.79‰。全市孕产妇死亡率15.90/10万。"
TRADITIONAL = "全市出生人口總數43417人，衛生健康委員會發展規劃，完成率98.5%。"
GOOD = SEEDS[2]
HTML = """<!DOCTYPE html><html><head><title>常德市卫生健康委员会2020年工作总结</title>
<style>.n{width:31px} /* 床位数99999张 */</style>
<script>var births = "出生人口数88888人"; var rate = "死亡率12.5%";</script></head>
<body><div>首页 &gt; 工作总结</div><p>2020年，全市出生人口数<b>43417</b>人，人口出生率6.79&#8240;。</p>
<script type="text/javascript">document.write("床位数77777张");</script>
<p>全市孕产妇死亡率15.90/10万，婴儿死亡率3.2‰。</p></body></html>"""
CUT_HTML = HTML[:HTML.index("<script type")] + '<!-- 旧数据 555人 --><script>var beds = "床位数66666张";'  # a page cut short


@dataclass
class Case:
    """A file and what must come of it: per document id "claims", "read" (no claim needed) or words of the error."""

    file: str
    data: bytes
    expect: dict[str, str]
    text: str | None = None  # what the file must decode to


def _text(file: str, text: str, expect: str = "claims", encoding: str = "utf-8") -> Case:
    return Case(file, text.encode(encoding), {file: expect}, text)


def _jsonl() -> Case:
    lines = [json.dumps({"id": "j-good", "text": SENTENCE, "region": "常德市"}, ensure_ascii=False), "{not json",
             json.dumps({"id": "j-no-text"}), json.dumps({"id": "j-number", "text": 5}), "[" * 100_000,
             json.dumps({"id": "j-region", "text": SENTENCE, "region": 5}, ensure_ascii=False),
             json.dumps({"id": "j-blank-region", "text": SENTENCE, "region": "  "}, ensure_ascii=False),
             json.dumps({"id": "j-line-separators", "text": SENTENCE + "\u2028\x85" + SENTENCE}, ensure_ascii=False),
             '{"id": ' + "7" * 5000 + ', "text": "x"}', json.dumps({"id": "\ud800", "text": SENTENCE}),
             json.dumps({"id": "j-good", "text": SENTENCE}, ensure_ascii=False), json.dumps({"id": 17, "text": SENTENCE}),
             json.dumps({"id": "j-surrogate", "text": SENTENCE[:9] + "\udc00" + SENTENCE})]
    return Case("docs.jsonl", "\n".join(lines).encode("utf-8"), {
        "j-good": "claims", "docs.jsonl:2": "not JSON", "docs.jsonl:3": 'no "text" string',
        "docs.jsonl:4": '"text" is a number, not a string', "docs.jsonl:5": "not JSON (nested too deeply)",
        "docs.jsonl:6": '"region" is a number, not a string', "j-blank-region": "claims", "j-line-separators": "claims",
        "docs.jsonl:9": "a number of more than", "\ufffd": "claims", "j-good#2": "claims", "17": "claims",
        "j-surrogate": "claims"})  # lone surrogates: an id's repaired, a text's read as U+FFFD


def _stray_bytes() -> Case:
    """A stray byte between characters and two inside one (a short text: still UTF-8, not GB18030)."""
    data = SENTENCE.encode("utf-8")
    cut = len(SENTENCE[:20].encode("utf-8"))
    data = data[:cut] + b"\xff" + data[cut:cut + 1] + b"\x80\xfe" + data[cut + 1:]
    decoded = data.decode("utf-8", errors="replace")
    assert decoded.startswith(SENTENCE[:20] + "\ufffd\ufffd") and decoded.endswith(SENTENCE[21:])
    return Case("stray.txt", data, {"stray.txt": "claims"}, decoded)


def _marked(file: str, bom: bytes, encoding: str) -> Case:
    """A text with a byte-order mark (UTF-16 or UTF-32)."""
    return Case(file, bom + SENTENCE.encode(encoding), {file: "claims"}, SENTENCE)


def _png() -> Case:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06" + random.Random(1).randbytes(2000)
    return Case("image.png", data, {"image.png": "binary file"})


def _random_bytes(file: str, keep_nul: bool) -> Case:
    data = random.Random(0).randbytes(4096)
    data = data if keep_nul else data.replace(b"\x00", b"")
    assert (b"\x00" in data) == keep_nul
    return Case(file, data, {file: "binary file"})


def _sentences() -> list[str]:
    return seed_sentences([p.read_text(encoding="utf-8") for p in SEEDS])


CASES = {
    "empty": lambda: Case("empty.txt", b"", {"empty.txt": "empty document"}),
    "whitespace only": lambda: Case("blank.txt", " \n\t\r\n\u3000\n".encode(), {"blank.txt": "empty document"}),
    "random bytes with NUL": lambda: _random_bytes("random.bin", keep_nul=True),
    "random bytes without NUL": lambda: _random_bytes("random.txt", keep_nul=False),
    "PNG image": _png,
    "GB18030": lambda: _text("gb18030.txt", SENTENCE + "𠮷€", encoding="gb18030"),
    "GBK": lambda: _text("gbk.txt", SENTENCE, encoding="gbk"),
    "short GBK (as Big5 it is rare characters)": lambda: _text("gbk-short.txt", "医患关系日益融洽", "read", "gbk"),
    "Big5": lambda: _text("big5.txt", TRADITIONAL, encoding="big5"),
    "UTF-16 LE with BOM": lambda: _marked("utf16le.txt", b"\xff\xfe", "utf-16-le"),
    "UTF-16 BE with BOM": lambda: _marked("utf16be.txt", b"\xfe\xff", "utf-16-be"),
    "UTF-32 LE with BOM": lambda: _marked("utf32le.txt", b"\xff\xfe\x00\x00", "utf-32-le"),
    "UTF-32 BE with BOM": lambda: _marked("utf32be.txt", b"\x00\x00\xfe\xff", "utf-32-be"),
    "PDF": lambda: Case("report.pdf", b"%PDF-1.7\n" + SENTENCE.encode(), {"report.pdf": "damaged PDF"}),
    "Word": lambda: Case("report.docx", b"PK\x03\x04" + bytes(64), {"report.docx": "damaged Word file"}),
    "plain text that mentions <style>": lambda: _text("style.txt", "网页<style>标签说明。\n" + SENTENCE),
    "UTF-8 with a stray byte": _stray_bytes,
    "HTML with script and style": lambda: _text("page.html", HTML),
    "HTML cut short inside a script": lambda: _text("cut.html", CUT_HTML),
    # 150 kB, three pieces of 20,000 characters; the 20 MB line is timed by healthie.training.benchmark.run_long_benchmark
    "long single line": lambda: _text("one-line.txt", long_line(_sentences(), 150_000)),
    "50,000 lines": lambda: _text("lines.txt", many_lines(_sentences(), 50_000, every=500)),
    "only digits": lambda: _text("digits.txt", "\n".join(str(random.Random(i).randrange(10**12)) for i in range(200)),
                                 expect="read"),
    "only punctuation": lambda: _text("punctuation.txt", "。，、；：？！…—（）《》“”.,;:!?-()[]{}\n" * 50, expect="read"),
    "emoji": lambda: _text("emoji.txt", "🎉👍🏽\n全市😷出生人口数43417人，人口出生率6.79‰👨‍👩‍👧。\n" + "😀" * 50),
    "right-to-left": lambda: _text("rtl.txt", "مرحبا بالعالم ١٢٣ \u200fשלום עולם 45%\n\u202e" + SENTENCE + "\u202c\n"),
    "NUL bytes inside text": lambda: _text("nul.txt", SENTENCE[:9] + "\x00" + SENTENCE * 4 + "\x00" + SENTENCE),
    "jsonl lines not JSON or without text": _jsonl,
}


@dataclass
class Batch:
    cases: dict[str, Case]
    paths: dict[str, object]
    code: int
    records: dict[str, list[dict]]
    errors: list[dict]
    processed: list[str]
    pieces: dict[int, int]
    alone_code: int
    alone_records: list[dict]
    alone_errors: str


def _extract(paths, folder, name: str) -> tuple[int, list[dict], str]:
    out, errors = folder / f"{name}.jsonl", folder / f"{name}-errors.jsonl"
    code = main(["extract", *map(str, paths), "--format", "jsonl", "-o", str(out), "--errors", str(errors), "--quiet"])
    return code, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()], errors.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-input")
    good = folder / GOOD.name
    good.write_bytes(GOOD.read_bytes())
    cases = {name: build() for name, build in CASES.items()}
    paths = {}
    for name, case in cases.items():
        paths[name] = folder / case.file
        paths[name].write_bytes(case.data)
    processed, pieces = [], {}
    real_extract, real_split = extraction.extract_docs, extraction.split_long

    def spied_extract(*args, **kwargs):
        for doc_id, claims in real_extract(*args, **kwargs):
            processed.append(doc_id)
            yield doc_id, claims

    def spied_split(text, *args):
        found = real_split(text, *args)
        pieces[len(text)] = len(found)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extraction, "extract_docs", spied_extract)
        patch.setattr(extraction, "split_long", spied_split)
        code, records, errors = _extract([good, *paths.values()], folder, "batch")
    alone_code, alone_records, alone_errors = _extract([good], folder, "alone")
    by_doc: dict[str, list[dict]] = {}
    for record in records:
        by_doc.setdefault(record["doc_id"], []).append(record)
    return Batch(cases, paths, code, by_doc, [json.loads(line) for line in errors.splitlines()], processed, pieces,
                 alone_code, alone_records, alone_errors)


def _slices(record: dict, text: str) -> bool:
    return all(record[f"{key}_text"] is None or text[record[f"{key}_start"]:record[f"{key}_end"]] == record[f"{key}_text"]
               for key in ("value", "metric", "region"))


@pytest.mark.parametrize("name", list(CASES))
def test_each_bad_input_gives_records_or_a_clear_error(batch, name):
    case = batch.cases[name]
    read = {item.id: item for item in iter_documents([batch.paths[name]])}
    assert set(read) == set(case.expect)
    if case.text is not None:
        assert [item.text for item in read.values()] == [case.text]
    for doc_id, expect in case.expect.items():
        reasons = [e["reason"] for e in batch.errors if e["id"] == doc_id]
        if expect in ("claims", "read"):
            assert isinstance(read[doc_id], Document) and not reasons
            assert batch.processed.count(doc_id) == 1
            records = batch.records.get(doc_id, [])
            assert records or expect == "read"
            assert all(_slices(record, read[doc_id].text) for record in records)
        else:
            assert len(reasons) == 1 and expect in reasons[0]
            assert isinstance(read[doc_id], ReadError) and doc_id not in batch.processed and doc_id not in batch.records


def test_every_document_is_accounted_for_once(batch):
    expected = {GOOD.name} | {doc_id for case in batch.cases.values() for doc_id in case.expect}
    failed = [e["id"] for e in batch.errors]
    assert sorted(batch.processed + failed) == sorted(expected)
    assert set(batch.records) <= set(batch.processed)


def test_the_good_document_is_untouched_by_its_neighbours(batch):
    assert batch.records[GOOD.name] == batch.alone_records
    assert len(batch.alone_records) >= 20


def test_exit_status_is_1_exactly_when_some_document_failed(batch):
    assert batch.errors and batch.code == 1
    assert batch.alone_errors == "" and batch.alone_code == 0


def test_html_scripts_and_styles_give_no_records(batch):
    records = batch.records["page.html"]
    hidden = [(HTML.index(open_), HTML.index(close, HTML.index(open_))) for open_, close in
              (("<style>", "</style>"), ("<script>", "</script>"), ('<script type', "</script>"))]
    assert not any(start <= r["value_start"] < end for r in records for start, end in hidden)
    assert not {"99999张", "88888人", "12.5%", "77777张"} & {r["value_text"] for r in records}
    by_value = {r["value"]: r for r in records}
    assert HTML[by_value[43417.0]["value_start"]:by_value[43417.0]["value_end"]] == "43417</b>人"
    assert by_value[6.79]["value_text"] == "6.79&#8240;" and by_value[15.9]["unit"] == "/10万"
    cut = {r["value_text"] for r in batch.records["cut.html"]}
    assert "43417</b>人" in cut and not {"555人", "66666张", "99999张", "88888人"} & cut


def test_a_long_single_line_goes_through_in_pieces(batch):
    text = batch.cases["long single line"].text
    assert "\n" not in text and len(text) > 2 * extraction.MAX_PIECE
    assert batch.pieces[len(text)] >= 3
    assert len(batch.records["one-line.txt"]) >= 100


def test_fifty_thousand_lines(batch):
    assert batch.cases["50,000 lines"].text.count("\n") == 49_999
    assert len(batch.records["lines.txt"]) >= 100


def test_a_jsonl_region_hint_is_used_and_a_blank_one_ignored(batch):
    assert {r["region"] for r in batch.records["j-good"]} == {"常德市"}
    assert "" not in {r["region"] for r in batch.records["j-blank-region"]}


def test_a_blank_region_hint_is_no_hint(nlp):
    blank = [c.to_dict() for c in healthie.extract(SENTENCE, region="  ", nlp=nlp)]
    assert blank == [c.to_dict() for c in healthie.extract(SENTENCE, nlp=nlp)]


def test_a_line_without_sentence_ends_is_cut_at_clause_ends(nlp):
    values = [f"{43417 + 3 * i}人" for i in range(100)]
    text = "".join(f"全市出生人口数{value}，" for value in values)
    pieces = extraction.split_long(text, limit=100)
    assert all(piece.endswith("，") for _, piece in pieces[:-1])
    (_, claims), = healthie.extract_docs([("x", text, None)], nlp=nlp, max_piece=100)
    assert [c.value_text for c in claims] == values


def test_numbers_separated_by_spaces_are_read(nlp):
    claims = healthie.extract("2019年床位数 1200 1300张", nlp=nlp)
    assert "1300张" in {c.value_text for c in claims}


def test_a_rerun_over_a_folder_reads_none_of_the_first_runs_outputs(tmp_path):
    folder = tmp_path / "reports"
    (folder / "2020").mkdir(parents=True)
    (folder / "2020" / GOOD.name).write_bytes(GOOD.read_bytes())
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n")
    first = _extract([folder], tmp_path, "first")
    assert main(["render", str(folder), "-o", str(folder / "pages"), "--quiet"]) == 1  # the PDF
    assert main(["render", str(folder / "2020"), "-o", str(folder / "all.html"), "--quiet"]) == 0
    for name in ("first.jsonl", "first-errors.jsonl"):
        (folder / name).write_bytes((tmp_path / name).read_bytes())
    assert _extract([folder], tmp_path, "second") == first
    code, records, errors = first
    assert code == 1 and {r["doc_id"] for r in records} == {f"2020/{GOOD.name}"} and len(records) >= 20
    assert [json.loads(line) for line in errors.splitlines()] == [
        {"id": "scan.pdf", "reason": "damaged PDF: Failed to load document (PDFium: Data format error)."}]
