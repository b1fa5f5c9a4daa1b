import json

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
