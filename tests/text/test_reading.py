import errno
import json
import os
import random
import sys
from pathlib import Path

import pytest

import healthie
from healthie.cli import main
from healthie.io.indicators import indicator_table, write_indicators
from healthie.io.writing import write_records
from healthie.text.reading import Document, ReadError, Skipped, decode, iter_documents

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
    text = "全市\ud800出生人口数43417人。"
    claims = healthie.extract(text, nlp=nlp)
    assert [text[c.value_start:c.value_end] for c in claims] == ["43417人"]


def _read(paths) -> dict[str, Document | ReadError]:
    return {item.id: item for item in iter_documents(paths)}


def _described(paths) -> list[tuple[str, str, str | None]]:
    """(kind, id, reason) of what is read from ``paths``, in order."""
    return [(type(item).__name__, item.id, getattr(item, "reason", None)) for item in iter_documents(paths)]


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


def test_pdf_and_word_files_are_read_by_kind_other_kinds_in_a_folder_are_named(tmp_path):
    for name in ("scan.pdf", "plan.DOCX", "old.doc", "photo.png", "data.csv", "claims.jsonl", "notes.rtf", "README"):
        (tmp_path / name).write_text('{"id": "x", "text": "' + TEXT + '"}', encoding="utf-8")
    in_folder = _read([tmp_path])
    assert {doc_id: (type(item).__name__, item.reason) for doc_id, item in in_folder.items()} == {
        "scan.pdf": ("ReadError", "damaged PDF: Failed to load document (PDFium: Data format error)."),
        "plan.DOCX": ("ReadError", "damaged Word file: File is not a zip file"),
        "old.doc": ("ReadError", "old Word (.doc) input is not supported: save it as .docx"),
        "photo.png": ("ReadError", "unsupported file type (.png)"),
        "data.csv": ("ReadError", "unsupported file type (.csv)"),
        "claims.jsonl": ("Skipped", ".jsonl inside a folder (name it to read it as documents)"),
        "notes.rtf": ("ReadError", "unsupported file type (.rtf)"),
        "README": ("ReadError", "unsupported file type (no suffix)")}
    named = _read([tmp_path / "scan.pdf", tmp_path / "claims.jsonl", tmp_path / "notes.rtf"])
    assert isinstance(named["scan.pdf"], ReadError)
    assert isinstance(named["x"], Document) and named["x"].text == TEXT  # a .jsonl named is read
    assert isinstance(named["notes.rtf"], Document)  # an unknown kind named is read as text


def test_healthies_own_outputs_and_hidden_files_in_a_folder_are_skipped_by_name(tmp_path, nlp):
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    records = [claim.to_dict() for claim in healthie.extract(TEXT, region="常德市", doc_id="report.txt", nlp=nlp)]
    for fmt in ("jsonl", "csv", "parquet"):
        write_records(records, fmt, tmp_path / f"claims.{fmt}")
    for suffix in (".jsonl", ".csv", ".parquet", ".xlsx"):
        write_indicators(indicator_table(records), tmp_path / f"indicators{suffix}")
    (tmp_path / "other.xlsx").write_bytes(b"PK\x03\x04" + bytes(60))
    for name in (".claims.jsonl.partial", ".claims.jsonl.done", ".DS_Store", ".git/config"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert [item.id for item in items if type(item) is Document] == ["report.txt"]
    assert [(item.id, item.reason) for item in items if type(item) is ReadError] == [
        ("other.xlsx", "unsupported file type (.xlsx)")]
    assert {item.id: item.reason for item in items if isinstance(item, Skipped)} == {
        ".DS_Store": "hidden file",
        ".claims.jsonl.done": "healthie's own output (unfinished claims.jsonl)",
        ".claims.jsonl.partial": "healthie's own output (unfinished claims.jsonl)",
        ".git/": "hidden folder",
        **{f"claims.{fmt}": "healthie's own output (claim records)" for fmt in ("jsonl", "csv", "parquet")},
        **{f"indicators{suffix}": "healthie's own output (an indicator table)"
           for suffix in (".jsonl", ".csv", ".parquet", ".xlsx")}}


def test_a_skipped_file_is_said_on_stderr_and_is_no_failure(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / ".notes.txt").write_text(TEXT, encoding="utf-8")
    (folder / "docs.jsonl").write_text(json.dumps({"id": "x", "text": TEXT}, ensure_ascii=False), encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    assert main(["extract", str(folder), "-f", "jsonl", "--errors", str(errors), "-q"]) == 0
    assert errors.read_text(encoding="utf-8") == ""
    assert capsys.readouterr().err.splitlines() == [
        "healthie: .notes.txt: skipped: hidden file",
        "healthie: docs.jsonl: skipped: .jsonl inside a folder (name it to read it as documents)"]


def test_links_are_followed_each_real_folder_once_and_loops_broken_links_and_pipes_named(tmp_path):
    folder, elsewhere = tmp_path / "reports", tmp_path / "elsewhere"
    (folder / "2020").mkdir(parents=True)
    elsewhere.mkdir()
    (folder / "2020" / "a.txt").write_text(TEXT, encoding="utf-8")
    (elsewhere / "b.txt").write_text(TEXT, encoding="utf-8")
    (folder / "2020" / "up").symlink_to("..")
    (folder / "2020" / "self").symlink_to("self")
    (folder / "2020" / "gone.txt").symlink_to("nowhere.txt")
    (folder / "linked").symlink_to(elsewhere)
    (folder / "linked-again").symlink_to(elsewhere)
    (folder / "top").symlink_to(folder)
    (folder / "b.txt").symlink_to(elsewhere / "b.txt")
    os.mkfifo(folder / "pipe")
    assert _described([folder]) == [  # the pipe is not opened: nothing waits on it
        ("Document", "2020/a.txt", None),
        ("ReadError", "2020/gone.txt", "broken symlink (to nowhere.txt)"),
        ("ReadError", "2020/self", "symlink loop"),
        ("ReadError", "2020/up/", f"symlink loop (a link back to {folder})"),
        ("Document", "b.txt", None),
        ("Document", "linked/b.txt", None),
        ("Skipped", "linked-again/", "a link to linked/, read there"),
        ("ReadError", "pipe", "not a regular file (a device, socket or pipe)"),
        ("ReadError", "top/", f"symlink loop (a link back to {folder})")]


def test_an_unreadable_file_or_folder_is_named(tmp_path, monkeypatch):
    for name in ("a.txt", "locked.txt", "closed/b.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    read_bytes, listdir = Path.read_bytes, os.listdir

    def denied(path):
        return PermissionError(errno.EACCES, "Permission denied", str(path))

    def locked_read_bytes(path):
        if path.name == "locked.txt":
            raise denied(path)
        return read_bytes(path)

    def closed_listdir(path):
        if Path(path).name == "closed":
            raise denied(path)
        return listdir(path)

    monkeypatch.setattr(Path, "read_bytes", locked_read_bytes)
    monkeypatch.setattr(os, "listdir", closed_listdir)
    assert _described([tmp_path, tmp_path / "locked.txt"]) == [
        ("Document", "a.txt", None), ("ReadError", "closed/", "unreadable folder (permission denied)"),
        ("ReadError", "locked.txt", "unreadable (permission denied)"),
        ("ReadError", "locked.txt", "unreadable (permission denied)")]  # in the folder, and named


def test_pages_healthie_rendered_are_not_read_again(tmp_path, nlp):
    from healthie.io.rendering import write_pages

    (tmp_path / "report.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    assert write_pages([("report.txt", TEXT, None)], tmp_path / "pages", nlp, on_error=print) == 1
    assert write_pages([("report.txt", TEXT, None)], tmp_path / "one.html", nlp, on_error=print) == 1
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")) == [
        "one.html", "pages/index.html", "pages/report.html", "report.html"]
    rendered = "healthie's own output (a page it rendered)"
    assert _described([tmp_path]) == [("Skipped", "one.html", rendered), ("Skipped", "pages/index.html", rendered),
                                      ("Skipped", "pages/report.html", rendered), ("Document", "report.html", None)]
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
    assert {doc_id for doc_id, item in items.items() if isinstance(item, Document)} == {"a", "a#2", "42", "\ufffd"}
    assert {doc_id: item.reason for doc_id, item in items.items() if isinstance(item, ReadError)} == {
        "docs.jsonl:2": "not JSON (Expecting property name enclosed in double quotes)",
        "docs.jsonl:3": f"a number of more than {sys.get_int_max_str_digits()} digits",
        "docs.jsonl:4": '"id" is a number too long for an id',
        "docs.jsonl:5": '"id" is an array, not a string',
        "docs.jsonl:6": '"id" is true or false, not a string',
        "docs.jsonl:8": '"text" is a number, not a string',
        "docs.jsonl:10": '"region" is a number, not a string',
        "docs.jsonl:11": '"region" holds a lone surrogate',
        "docs.jsonl:12": "an array, not a JSON object",
        "docs.jsonl:14": "empty document"}
    assert items["a"].text == items["a#2"].text == TEXT and items["a"].note is None
    assert items["a#2"].note == 'duplicate id "a" (first on line 1): read as "a#2"'
    assert items["\ufffd"].note == "id held a lone surrogate, repaired as U+FFFD"


def test_lone_surrogates_in_a_jsonl_id_are_repaired_and_in_its_text_kept_and_both_said(tmp_path, capsys):
    text = "全市出生人口数43417人。\ud800"
    lines = [json.dumps({"id": "a\udc00", "text": TEXT}), json.dumps({"id": "b", "text": text}),
             json.dumps({"id": "a\ud801", "text": text})]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert [(item.id, item.text, item.note) for item in iter_documents([path])] == [
        ("a\ufffd", TEXT, "id held a lone surrogate, repaired as U+FFFD"),
        ("b", text, "text holds a lone surrogate, read as U+FFFD"),
        ("a\ufffd#2", text, "id held a lone surrogate, repaired as U+FFFD; text holds a lone surrogate, read as "
                            'U+FFFD; duplicate id "a\ufffd" (first on line 1): read as "a\ufffd#2"')]
    out = tmp_path / "claims.jsonl"
    assert main(["extract", str(path), "-f", "jsonl", "-o", str(out), "-q"]) == 0
    assert "healthie: b: text holds a lone surrogate, read as U+FFFD" in capsys.readouterr().err.splitlines()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    births = [(r["doc_id"], TEXT if r["doc_id"] == "a\ufffd" else text, r) for r in records if r["value"] == 43417]
    assert [doc_id for doc_id, _, _ in births] == ["a\ufffd", "b", "a\ufffd#2"]
    assert all(given[r["value_start"]:r["value_end"]] == r["value_text"] == "43417人" for _, given, r in births)


def test_a_repeated_jsonl_id_is_read_under_the_next_free_suffix_and_said_on_stderr(tmp_path, capsys):
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
