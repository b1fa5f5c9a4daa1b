import csv
import json

import openpyxl
import pyarrow.parquet as pq
import pytest

from healthie.cli import main
from healthie.extras import MissingExtraError

BULLETIN = ("常德市2020年卫生健康事业发展统计公报\n"
            "2020年，全市出生人口数43417人，人口出生率6.79‰。全市医疗卫生机构床位数4.86万张，比上年增加0.12万张。\n")
SUMMARY = "常德市2020年卫生健康工作总结\n2020年，全市出生人口数4.34万人，人口出生率6.8‰。全市医疗卫生机构床位数4.91万张。\n"


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "bulletin.txt").write_text(BULLETIN, encoding="utf-8")
    (folder / "summary.txt").write_text(SUMMARY, encoding="utf-8")
    return folder


def _read(path):
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if path.suffix == ".xlsx":
        header, *lines = openpyxl.load_workbook(path).active.iter_rows(values_only=True)
        rows = [dict(zip(header, line)) for line in lines]
        return [{**row, "other_values": json.loads(row["other_values"]), "sources": json.loads(row["sources"])}
                for row in rows]
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        row.update(value=float(row["value"]), year=int(row["year"]), n_sources=int(row["n_sources"]),
                   conflict=row["conflict"] == "True", other_values=json.loads(row["other_values"]),
                   sources=json.loads(row["sources"]))
    return rows


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_two_reports_merge_into_one_row_per_indicator(reports, tmp_path, capsys, suffix):
    out = tmp_path / f"indicators{suffix}"
    assert main(["table", str(reports), "-o", str(out), "--quiet"]) == 0
    rows = {(r["metric_id"], r["measure"]): r for r in _read(out)}
    assert set(rows) == {("birth_population", "level"), ("birth_rate", "level"), ("beds_total", "level"),
                         ("beds_total", "change")}
    births, rate, beds = rows["birth_population", "level"], rows["birth_rate", "level"], rows["beds_total", "level"]
    assert (births["value"], births["n_sources"], births["conflict"]) == (43417, 2, False)  # 43417 and 4.34万
    assert (rate["value"], rate["n_sources"], rate["conflict"]) == (6.79, 2, False)  # 6.79‰ and 6.8‰
    assert beds["conflict"] and {beds["value"], *beds["other_values"]} == {48600, 49100}  # 4.86万 and 4.91万
    assert rows["beds_total", "change"]["value"] == 1200 and rows["beds_total", "change"]["n_sources"] == 1
    assert all(r["region_code"] == "430700" and r["year"] == 2020 for r in rows.values())
    (first, second) = births["sources"]
    assert (first["doc_id"], first["value_text"]) == ("bulletin.txt", "43417人")
    assert BULLETIN[first["value_start"]:first["value_end"]] == "43417人"
    assert first["sentence"] == "2020年，全市出生人口数43417人，人口出生率6.79‰。"
    assert (second["doc_id"], second["value_text"]) == ("summary.txt", "4.34万人")
    assert "claims -> 4 rows, 1 with conflicting sources" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*partial"))


def test_a_failed_document_gives_exit_1_and_the_table_of_the_others(reports, tmp_path, capsys):
    (reports / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "indicators.jsonl"
    assert main(["table", str(reports), "-o", str(out), "--region", "常德市"]) == 1
    assert "empty.txt: empty document" in capsys.readouterr().err
    assert len(_read(out)) == 4


@pytest.mark.parametrize("args", [
    ["table", "{reports}"],                                      # -o is required
    ["table", "{missing}", "-o", "{tmp}/t.csv"],
    ["table", "{reports}", "-o", "{tmp}/t.xls"],
    ["table", "{reports}", "-o", "{tmp}/t"],
    ["table", "{reports}", "-o", "{tmp}"],
    ["table", "{reports}/bulletin.txt", "-o", "{reports}/bulletin.txt"],
    ["table", "{reports}", "-o", "{tmp}/t.csv", "--n-process", "0"],
    ["table", "{reports}", "-o", "{tmp}/t.csv", "--model", "{tmp}"],
])
def test_usage_errors_exit_2_and_write_nothing(args, reports, tmp_path, capsys):
    names = {"reports": reports, "missing": tmp_path / "missing.txt", "tmp": tmp_path}
    before = sorted(tmp_path.rglob("*"))
    assert main([a.format(**names) for a in args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip()
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("suffix, extra", [(".parquet", "parquet"), (".xlsx", "xlsx")])
def test_a_format_without_its_extra_is_a_usage_error_naming_it(reports, tmp_path, capsys, monkeypatch, suffix, extra):
    def missing(module, extra, purpose):
        raise MissingExtraError(f"{purpose} needs {module}, which comes with healthie's [{extra}] extra")

    monkeypatch.setattr("healthie.io.indicators.require", missing)
    assert main(["table", str(reports), "-o", str(tmp_path / f"t{suffix}")]) == 2
    err = capsys.readouterr().err
    assert f"an indicator table in {suffix} needs" in err and f"[{extra}] extra" in err
    assert not (tmp_path / f"t{suffix}").exists()
