import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from healthie.claims.record import Claim
from healthie.io import writing
from healthie.io.writing import COLUMNS, escape_formula, open_records, unescape_formula, unfinished_run, write_records


def _records(nlp):
    from healthie import extract

    return [c.to_dict() for c in extract("全市出生人口数43417人，人口出生率6.79‰。", region="常德市", doc_id="d", nlp=nlp)]


def test_jsonl_and_csv_round_trip(nlp):
    records = _records(nlp)
    out = io.StringIO()
    write_records(records, "jsonl", None, stream=out)
    assert [json.loads(line) for line in out.getvalue().splitlines()] == records
    out = io.StringIO()
    write_records(records, "csv", None, stream=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == COLUMNS and rows[1]["value_text"] == "6.79‰"


def test_parquet(tmp_path, nlp):
    records = _records(nlp)
    write_records(records, "parquet", tmp_path / "c.parquet")
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.column_names == COLUMNS and table.num_rows == len(records)
    write_records([], "parquet", tmp_path / "empty.parquet")
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0


def test_table_is_readable(nlp):
    out = io.StringIO()
    write_records(_records(nlp), "table", None, stream=out)
    text = out.getvalue()
    assert "43417人" in text and "常德市" in text and text.rstrip().endswith("2 claims")


def test_the_table_shows_a_values_bound_and_range():
    """20-30家 shows 20-30, 95%以上 >95, 约3000人 ≈3000: the table never hides what the JSON says."""
    out = io.StringIO()
    rows = [_claim("d", "20-30家", value=20.0, value_high=30.0), _claim("d", "95%", value=95.0, approx="more_than"),
            _claim("d", "3000人", value=3000.0, approx="about")]
    write_records(rows, "table", None, stream=out)
    cells = [line.split()[2] for line in out.getvalue().splitlines()[2:5]]
    assert cells == ["20-30", ">95", "≈3000"]


def test_columns_are_the_spec_record():
    assert COLUMNS == [f for f in Claim.__dataclass_fields__]


def _claim(doc_id: str, value_text: str = "43417人", **fields) -> dict:
    return {**Claim.from_dict({"doc_id": doc_id, "value_text": value_text}).to_dict(), **fields}


def test_csv_escapes_cells_a_spreadsheet_would_run_and_leaves_signed_numbers():
    records = [_claim("=SUM(A1)"), _claim("@cmd", "-2.1%", value=-2.1), _claim("+1+cmd|' /C calc'!A0", "+5‰"),
               _claim("-2+3", "-3.2万人"), _claim("'quoted", metric_text="\tindent")]
    out = io.StringIO()
    write_records(records, "csv", None, stream=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["doc_id"] for r in rows] == ["'=SUM(A1)", "'@cmd", "'+1+cmd|' /C calc'!A0", "'-2+3", "''quoted"]
    assert [r["value_text"] for r in rows] == ["43417人", "-2.1%", "+5‰", "-3.2万人", "43417人"]
    assert rows[1]["value"] == "-2.1" and rows[4]["metric_text"] == "'\tindent"
    assert [unescape_formula(r["doc_id"]) for r in rows] == [r["doc_id"] for r in records]


def test_formula_rule():
    assert [escape_formula(c) for c in ("-2.1%", "+5", "-.5", "-12,000元", "-3.2万人", -2.1, None)] == \
        ["-2.1%", "+5", "-.5", "-12,000元", "-3.2万人", -2.1, None]
    assert [escape_formula(c) for c in ("-", "-x", "-2.1%+A1", "=1", "@a", "\r1", "'")] == \
        ["'-", "'-x", "'-2.1%+A1", "'=1", "'@a", "'\r1", "''"]


def test_records_go_out_a_document_at_a_time_and_the_table_adds_up(nlp):
    out = io.StringIO()
    writer = open_records("table", None, out)
    header = out.getvalue()
    assert header.startswith("doc_id") and "claims" not in header
    with writer:
        writer.write("d", _records(nlp))
        assert "43417人" in out.getvalue()
    assert out.getvalue().endswith("\n2 claims\n")
    whole = io.StringIO()
    write_records(_records(nlp), "table", None, stream=whole)
    assert whole.getvalue() == out.getvalue()


@pytest.mark.parametrize("fmt", ["table", "parquet"])
def test_a_file_written_whole_replaces_the_old_one_only_when_complete(tmp_path, fmt):
    target = tmp_path / "claims"
    target.write_text("older", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), open_records(fmt, target) as writer:
        writer.write("a", [_claim("a")])
        assert (tmp_path / ".claims.partial").exists()
        raise KeyboardInterrupt
    assert writer.kept is None and list(tmp_path.iterdir()) == [target]
    assert target.read_text(encoding="utf-8") == "older"
    with open_records(fmt, target) as writer:
        writer.write("a", [_claim("a")])
    assert list(tmp_path.iterdir()) == [target] and b"43417" in target.read_bytes()


def test_parquet_is_streamed_in_row_groups(tmp_path, monkeypatch):
    monkeypatch.setattr(writing, "ROW_GROUP", 3)
    target = tmp_path / "c.parquet"
    with open_records("parquet", target) as writer:
        for doc in range(4):
            writer.write(f"d{doc}", [_claim(f"d{doc}"), _claim(f"d{doc}")])
    assert pq.ParquetFile(target).num_row_groups == 2
    assert pq.read_table(target).column("doc_id").to_pylist() == [f"d{d}" for d in range(4) for _ in range(2)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_interrupted_journal_keeps_whole_documents_and_resumes_to_the_uninterrupted_file(tmp_path, fmt):
    docs = [(f"d{i}", [_claim(f"d{i}", f"{i}人"), _claim(f"d{i}", "=1")] if i != 2 else []) for i in range(6)]
    whole = tmp_path / f"whole.{fmt}"
    with open_records(fmt, whole) as writer:
        for doc_id, records in docs:
            writer.write(doc_id, records)
    target = tmp_path / f"claims.{fmt}"
    target.write_text("older", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), open_records(fmt, target) as writer:
        for doc_id, records in docs[:4]:
            writer.write(doc_id, records)
        raise KeyboardInterrupt
    assert writer.kept == tmp_path / f".claims.{fmt}.partial" and target.read_text(encoding="utf-8") == "older"
    assert writer.kept.read_bytes() == whole.read_bytes()[:len(writer.kept.read_bytes())]
    assert unfinished_run(target) == writer.kept
    with open(writer.kept, "a", encoding="utf-8") as partial, open(tmp_path / f".claims.{fmt}.done", "a") as done:
        partial.write("half a document")  # a crash in mid-write
        done.write('["d4", 99')
    resumed = open_records(fmt, target, resume=True)
    assert resumed.finished == {"d0": 1, "d1": 1, "d2": 1, "d3": 1}  # d2 has no claims and is done all the same
    with resumed:
        for doc_id, records in docs[4:]:
            resumed.write(doc_id, records)
    assert target.read_bytes() == whole.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, whole.name])


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_resuming_a_complete_output_takes_its_documents_as_finished(tmp_path, fmt):
    target = tmp_path / f"claims.{fmt}"
    with open_records(fmt, target, bom=True) as writer:
        writer.write("=a", [_claim("=a")])
        writer.write("b", [_claim("b"), _claim("b")])
    with open_records(fmt, target, resume=True) as writer:
        assert writer.finished == {"=a": 1, "b": 1}
        writer.write("c", [_claim("c")])
    assert target.read_text(encoding="utf-8").count("43417人") == 4 and not unfinished_run(target)


def test_what_cannot_be_resumed_is_named(tmp_path):
    target = tmp_path / "claims.jsonl"
    target.write_text('{"doc_id": "a"}\nnot a record\n', encoding="utf-8")
    with pytest.raises(ValueError, match=f"^{target}:2 is not JSON"):
        open_records("jsonl", target, resume=True)
    target.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="is no claims CSV"):
        open_records("csv", target, resume=True)
    with pytest.raises(KeyboardInterrupt), open_records("jsonl", target) as writer:
        raise KeyboardInterrupt
    with pytest.raises(ValueError, match=r"\.claims\.jsonl\.done lists jsonl records, not csv"):
        open_records("csv", target, resume=True)
    (tmp_path / ".claims.jsonl.done").write_text('{"format": "jsonl", "start": 0}\n["a"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\.claims\.jsonl\.done:2 is not a finished document's \[id, length\]"):
        open_records("jsonl", target, resume=True)
    with pytest.raises(ValueError, match="written whole or not at all"):
        open_records("parquet", tmp_path / "c.parquet", resume=True)
