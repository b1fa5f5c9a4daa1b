import json
import random
import sys

import pytest

from healthie.text.reading import Document, ReadError, decode, iter_documents

TEXT = "全市出生人口数43417人，人口出生率6.79‰。"


def test_decode_encodings():
    assert decode(TEXT.encode("utf-8")) == TEXT
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == TEXT
    assert decode(TEXT.encode("gb18030")) == TEXT
    assert decode(TEXT.encode("gbk")) == TEXT
    assert decode(TEXT.encode("utf-16")) == TEXT


def test_folder_and_bad_files_do_not_stop_the_batch(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(TEXT.encode("gb18030"))
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x00" * 10)
    items = list(iter_documents([tmp_path, tmp_path / "missing.txt"]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = {i.id: i.reason for i in items if isinstance(i, ReadError)}
    assert [d.id for d in docs] == ["a.txt", "b.txt"]
    assert all(d.text == TEXT for d in docs)
    assert errors["empty.txt"] == "empty document"
    assert "binary" in errors["binary.txt"]
    assert "no such file" in errors[str(tmp_path / "missing.txt")]


def test_jsonl_documents_and_bad_lines(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "x", "text": TEXT, "region": "常德市"}, ensure_ascii=False), "{not json",
             json.dumps({"id": "y"}), json.dumps({"text": TEXT}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([path]))
    assert isinstance(items[0], Document) and items[0].region == "常德市"
    assert isinstance(items[1], ReadError) and items[1].id == "docs.jsonl:2" and "not JSON" in items[1].reason
    assert isinstance(items[2], ReadError) and "text" in items[2].reason
    assert isinstance(items[3], Document) and items[3].id == "docs.jsonl:4"


def test_big5_and_utf8_with_stray_bytes():
    traditional = "全市出生人口總數43417人，衛生健康委員會發展規劃。"
    assert decode(traditional.encode("big5")) == traditional
    damaged = TEXT.encode("utf-8") + b"\xff" + TEXT.encode("utf-8")
    assert decode(damaged) == TEXT + "\ufffd" + TEXT


def test_lone_surrogates_do_not_break_extraction(nlp):
    from healthie import extract

    text = "全市\ud800出生人口数43417人。"
    claims = extract(text, nlp=nlp)
    assert [text[c.value_start:c.value_end] for c in claims] == ["43417人"]


def _read(paths) -> dict[str, Document | ReadError]:
    return {item.id: item for item in iter_documents(paths)}


def test_utf32_with_a_byte_order_mark_is_not_taken_for_utf16():
    assert decode(b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le")) == TEXT
    assert decode(b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be")) == TEXT
    assert decode(b"\xff\xfe" + TEXT.encode("utf-16-le")) == TEXT
    with pytest.raises(ValueError, match="not UTF-32"):
        decode(b"\xff\xfe\x00\x00" + b"\xff" * 8)  # code points past U+10FFFF


def test_a_file_in_a_folder_is_named_by_its_path_there(tmp_path):
    for name in ("a.txt", "2020/report.txt", "2021/report.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(name + TEXT, encoding="utf-8")
    items = _read([tmp_path, tmp_path / "2020" / "report.txt"])
    assert sorted(items) == ["2020/report.txt", "2021/report.txt", "a.txt", "report.txt"]
    assert all(item.text.startswith(doc_id) for doc_id, item in items.items() if doc_id != "report.txt")


def test_pdf_and_word_files_are_read_by_kind_other_kinds_are_skipped_in_a_folder(tmp_path):
    for name in ("scan.pdf", "plan.DOCX", "old.doc", "photo.png", "claims.csv", "claims.jsonl", "notes.rtf"):
        (tmp_path / name).write_text('{"id": "x", "text": "' + TEXT + '"}', encoding="utf-8")
    in_folder = _read([tmp_path])
    assert {doc_id: item.reason for doc_id, item in in_folder.items()} == {
        "scan.pdf": "damaged PDF: Failed to load document (PDFium: Data format error).",
        "plan.DOCX": "damaged Word file: File is not a zip file",
        "old.doc": "old Word (.doc) input is not supported: save it as .docx"}
    named = _read([tmp_path / "scan.pdf", tmp_path / "claims.jsonl", tmp_path / "notes.rtf"])
    assert isinstance(named["scan.pdf"], ReadError)
    assert isinstance(named["x"], Document) and named["x"].text == TEXT  # a .jsonl named is read
    assert isinstance(named["notes.rtf"], Document)  # an unknown kind named is read as text


def test_pages_healthie_rendered_are_not_read_again(tmp_path, nlp):
    from healthie.io.rendering import write_pages

    (tmp_path / "report.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    assert write_pages([("report.txt", TEXT, None)], tmp_path / "pages", nlp, on_error=print) == 1
    assert write_pages([("report.txt", TEXT, None)], tmp_path / "one.html", nlp, on_error=print) == 1
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")) == [
        "one.html", "pages/index.html", "pages/report.html", "report.html"]
    assert list(_read([tmp_path])) == ["report.html"]
    assert isinstance(_read([tmp_path / "one.html"])["one.html"], Document)  # named, it is read


def test_each_bad_jsonl_line_is_an_error_naming_file_and_line(tmp_path):
    good = {"text": TEXT}
    lines = [json.dumps({"id": "a", **good}), "{not json", '{"id": ' + "9" * 5000 + ', "text": "x"}',
             json.dumps({"id": 9 ** 40, **good}), json.dumps({"id": ["a"], **good}), json.dumps({"id": True, **good}),
             json.dumps({"id": "\ud800", **good}), json.dumps({"id": "b", "text": 5}), json.dumps({"id": "a", **good}),
             json.dumps({"id": "c", "region": 430700, **good}), json.dumps({"id": "d", "region": "\udc00", **good}),
             json.dumps([good]), json.dumps({"id": 42, **good}), json.dumps({"id": "e", "text": " "})]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([tmp_path / "docs.jsonl"])
    assert {doc_id for doc_id, item in items.items() if isinstance(item, Document)} == {"a", "a#2", "42"}
    assert {doc_id: item.reason for doc_id, item in items.items() if isinstance(item, ReadError)} == {
        "docs.jsonl:2": "not JSON (Expecting property name enclosed in double quotes)",
        "docs.jsonl:3": f"a number of more than {sys.get_int_max_str_digits()} digits",
        "docs.jsonl:4": '"id" is a number too long for an id',
        "docs.jsonl:5": '"id" is an array, not a string',
        "docs.jsonl:6": '"id" is true or false, not a string',
        "docs.jsonl:7": '"id" holds a lone surrogate',
        "docs.jsonl:8": '"text" is a number, not a string',
        "docs.jsonl:10": '"region" is a number, not a string',
        "docs.jsonl:11": '"region" holds a lone surrogate',
        "docs.jsonl:12": "an array, not a JSON object",
        "docs.jsonl:14": "empty document"}
    assert items["a"].text == items["a#2"].text == TEXT and items["a"].note is None
    assert items["a#2"].note == 'duplicate id "a" (first on line 1): read as "a#2"'


def test_a_repeated_jsonl_id_is_read_under_the_next_free_suffix_and_said_on_stderr(tmp_path, capsys):
    from healthie.cli import main

    ids = ["a", "a", "a#2", "a"]
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": i, "text": TEXT}, ensure_ascii=False) + "\n" for i in ids]
    path.write_text("".join(lines), encoding="utf-8")
    assert [(item.id, item.note) for item in iter_documents([path])] == [
        ("a", None), ("a#2", 'duplicate id "a" (first on line 1): read as "a#2"'),
        ("a#2#2", 'duplicate id "a#2" (first on line 2): read as "a#2#2"'),
        ("a#3", 'duplicate id "a" (first on line 1): read as "a#3"')]
    assert main(["extract", str(path), "--format", "jsonl", "-o", str(tmp_path / "claims.jsonl"), "--quiet"]) == 0
    assert 'healthie: a#3: duplicate id "a" (first on line 1): read as "a#3"' in capsys.readouterr().err.splitlines()
    records = (tmp_path / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted({json.loads(line)["doc_id"] for line in records}) == ["a", "a#2", "a#2#2", "a#3"]


def test_utf16_without_a_byte_order_mark_is_decoded():
    report = "常德市2020年卫生健康统计公报\n" + TEXT * 3
    assert decode(report.encode("utf-16-le")) == report
    assert decode(report.encode("utf-16-be")) == report


def test_random_high_bytes_are_no_text_in_any_encoding():
    with pytest.raises(ValueError, match="^cannot detect the text encoding$"):
        decode(random.Random(0).randbytes(5_000_000).translate(bytes(range(128, 256)) * 2))


def test_a_latin1_text_is_not_taken_for_rare_chinese_characters():
    text = "Les établissements de santé ont accueilli 12 345 patients, été compris.\n" * 20
    assert decode(text.encode("latin-1")) == text
