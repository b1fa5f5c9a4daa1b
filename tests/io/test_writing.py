import csv
import io
import json

import pyarrow.parquet as pq

from healthie.claims.record import Claim
from healthie.io.writing import COLUMNS, write_records


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


def test_columns_are_the_spec_record():
    assert COLUMNS == [f for f in Claim.__dataclass_fields__]
