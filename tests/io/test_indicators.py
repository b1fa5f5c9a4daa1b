import csv
import json

import openpyxl
import pyarrow.parquet as pq
import pytest

from healthie.io.indicators import (COLUMNS, SOURCE_FIELDS, agree, has_indicator, indicator_table, precision,
                                    sentence, write_indicators)


def claim(value_text, value, doc_id="a", start=0, metric="出生人口数", metric_id=None, region="常德市",
          region_code="430700", year=2020, breakdown=None, unit="人", kind="count", confidence=0.9, **more):
    return {"doc_id": doc_id, "value_text": value_text, "value_start": start, "value_end": start + len(value_text),
            "value": value, "value_high": None, "unit": unit, "kind": kind, "approx": None, "metric_name": metric,
            "metric_id": metric_id, "region": region, "region_code": region_code, "year": year,
            "breakdown": breakdown, "confidence": confidence, **more}


@pytest.mark.parametrize("value_text, value, expected", [
    ("43417人", 43417, 0),
    ("486,000人", 486000, 0),            # Arabic digits are exact: trailing zeros count
    ("48.6万张", 486000, 3),
    ("6.79‰", 6.79, -2),
    ("6.8‰", 6.8, -1),
    ("下降0.3个百分点", -0.3, -1),       # a change's sign is no digit
    ("5-10万元", 50000, 4),              # a range's low end takes the scale written after the high one
    ("4.12", 41200, 2),                  # a table cell under 医师（万人）
    ("４８．６万", 486000, 3),           # full-width digits
    ("9\n0%", 90, 0),                    # a number broken by a line
    ("0.80.87人", 0.87, -2),            # doubled by PDF extraction: the number that scales to the value
    ("3万4000", 34000, 0),               # no number scales to the value: exact to the unit
    ("十二万", 120000, 4),
    ("三点五万", 35000, 3),
    ("一百零一万一千", 1011000, 0),
    ("百分之百", 100, 0),
    ("0例", 0, 0),
])
def test_precision_is_the_place_of_the_last_written_digit(value_text, value, expected):
    assert precision(value_text, value) == expected


@pytest.mark.parametrize("first, second, same", [
    (("48.6万", 486000), ("486,000", 486000), True),
    (("48.6万", 486000), ("485,500", 485500), True),     # rounds half up to 48.6万
    (("48.6万", 486000), ("485,499", 485499), False),
    (("48.6万", 486000), ("48.7万", 487000), False),
    (("6.79‰", 6.79), ("6.8‰", 6.8), True),
    (("6.75‰", 6.75), ("6.8‰", 6.8), True),
    (("6.85‰", 6.85), ("6.8‰", 6.8), False),             # 6.85 rounds to 6.9, not 6.8
    (("-6.85", -6.85), ("-6.9", -6.9), True),            # half away from zero
    (("43417", 43417), ("43420", 43420), False),         # 43420 is exact, not 4342 tens
    (("95%", 95), ("百分之百", 100), False),
    (("十二万", 120000), ("12.3万", 123000), True),      # 十二万 is as precise as 12万
    (("十二万", 120000), ("12.5万", 125000), False),
])
def test_values_agree_when_equal_after_rounding_to_the_coarser_precision(first, second, same):
    a, b = claim(*first), claim(*second)
    assert agree(a, b) is same and agree(b, a) is same


def test_a_range_agrees_only_with_the_same_range():
    low = claim("20-30家", 20, unit="家", value_high=30)
    assert agree(low, dict(low))
    assert not agree(low, claim("20家", 20, unit="家"))
    assert not agree(low, claim("20-40家", 20, unit="家", value_high=40))


def test_claims_of_one_indicator_merge_and_agree_beyond_rounding():
    rows = indicator_table([claim("48.6万", 486000, doc_id="a", unit="张"),
                            claim("486,000", 486000, doc_id="b", unit="张")])
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == list(COLUMNS)
    assert (row["value"], row["unit"], row["n_sources"], row["n_reports"]) == (486000, "张", 2, 2)
    assert row["conflict"] is False and row["other_values"] == []
    assert [s["doc_id"] for s in row["sources"]] == ["a", "b"] and list(row["sources"][0]) == list(SOURCE_FIELDS)


def test_a_conflict_takes_the_most_stated_value_and_lists_the_others():
    rows = indicator_table([claim("43420人", 43420, doc_id="a"), claim("43417人", 43417, doc_id="b"),
                            claim("43417人", 43417, doc_id="c", confidence=0.5), claim("4.34万人", 43400, doc_id="d")])
    (row,) = rows
    assert row["value"] == 43417 and row["conflict"] is True
    assert row["other_values"] == [43420]             # 4.34万 agrees with 43417
    assert row["n_sources"] == 4 and row["n_reports"] == 4


def test_a_tie_goes_to_the_higher_confidence_then_the_finer_precision():
    assert indicator_table([claim("43420人", 43420, confidence=0.5),
                            claim("43417人", 43417, doc_id="b")])[0]["value"] == 43417
    (row,) = indicator_table([claim("6.8‰", 6.8, unit="‰"), claim("6.79‰", 6.79, doc_id="b", unit="‰")])
    assert row["value"] == 6.79 and not row["conflict"]


def test_changes_ranks_units_breakdowns_years_and_regions_are_kept_apart():
    records = [claim("48.6万张", 486000, unit="张"),
               claim("1.2万张", 12000, unit="张", kind="change"),
               claim("第3", 3, unit=None, kind="rank"),
               claim("37.9万张", 379000, unit="张", breakdown="医院"),
               claim("5.2%", 5.2, unit="%", kind="percent"),
               claim("47.1万张", 471000, unit="张", year=2019),
               claim("30.1万张", 301000, unit="张", region="株洲市", region_code="430200")]
    rows = indicator_table(records)
    assert len(rows) == len(records) and not any(row["conflict"] for row in rows)
    assert {row["measure"] for row in rows} == {"level", "change", "rank"}


def test_measure_words_of_the_same_thing_are_one_unit():
    (row,) = indicator_table([claim("3629名", 3629), claim("3629人", 3629, doc_id="b")])
    assert row["unit"] == "人" and row["n_sources"] == 2


def test_the_key_is_the_metric_id_else_the_name_and_the_code_else_the_region():
    """A catalogue metric is named by the catalogue, whatever phrase each report used."""
    rows = indicator_table([claim("6.2张", 6.2, metric="每千人口床位数", metric_id="beds_per_1000", unit="张", kind="rate"),
                            claim("6.2张", 6.2, metric="每千常住人口床位", metric_id="beds_per_1000", unit="张",
                                  kind="rate", doc_id="b"),
                            claim("12人", 12, region="全国", region_code=None),
                            claim("13人", 13, region="全国", region_code=None, doc_id="b")])
    assert [(r["metric_id"], r["metric_name"], r["region"], r["n_sources"]) for r in rows] == [
        ("beds_per_1000", "每千人口医疗卫生机构床位数", "常德市", 2), (None, "出生人口数", "全国", 2)]
    assert rows[1]["conflict"] and rows[1]["other_values"] == [13]


def test_claims_without_a_metric_or_a_value_are_left_out():
    records = [claim("43417人", 43417), claim("12人", 12, metric=None), claim("某", None)]
    assert [has_indicator(r) for r in records] == [True, False, False]
    assert indicator_table(records)[0]["n_sources"] == 1


def test_sources_carry_the_sentence_of_their_value_when_the_text_is_given():
    text = "常德市2020年卫生健康统计公报\n2020年，全市出生人口数43417人，人口出生率6.79‰。床位4.86万张。"
    start = text.index("43417")
    record = claim("43417人", 43417, doc_id="changde", start=start, page=3)
    (source,) = indicator_table([record], {"changde": text})[0]["sources"]
    assert source == {"doc_id": "changde", "page": 3, "value_start": start, "value_end": start + 6,
                      "value_text": "43417人", "value": 43417, "sentence": "2020年，全市出生人口数43417人，人口出生率6.79‰。"}
    (source,) = indicator_table([record])[0]["sources"]
    assert source["sentence"] is None
    del record["page"]                                 # a record of before the page field
    assert indicator_table([record])[0]["sources"][0]["page"] is None


def test_a_sentence_of_an_html_page_loses_its_tags_and_stops_at_a_paragraph():
    page = "<p>上一段。</p><P>全市<b>床位</b>4.86万张&nbsp;其中医院3.79万张</p><p>下一段。</p>"
    start = page.index("4.86")
    assert sentence(page, start, start + 6) == "全市床位4.86万张 其中医院3.79万张"
    long_line = "甲" * 400 + "43417人" + "乙" * 400
    assert len(sentence(long_line, 400, 406)) == 6 + 2 * 150


def _rows():
    text = "全市出生人口数43417人，人口出生率6.79‰。"
    return indicator_table([claim("43417人", 43417, doc_id="a", start=7), claim("43420人", 43420, doc_id="b")],
                           {"a": text})


def test_csv_holds_json_cells(tmp_path):
    write_indicators(_rows(), tmp_path / "t.csv")
    (row,) = list(csv.DictReader((tmp_path / "t.csv").open(encoding="utf-8")))
    assert list(row) == list(COLUMNS) and row["conflict"] == "True"
    assert json.loads(row["other_values"]) == [43420]
    assert json.loads(row["sources"])[0]["sentence"] == "全市出生人口数43417人，人口出生率6.79‰。"


def test_jsonl_and_parquet_keep_the_sources_nested(tmp_path):
    rows = _rows()
    write_indicators(rows, tmp_path / "t.jsonl")
    assert [json.loads(line) for line in (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()] == rows
    write_indicators(rows, tmp_path / "t.parquet")
    assert pq.read_table(tmp_path / "t.parquet").to_pylist() == rows
    write_indicators([], tmp_path / "empty.parquet")
    assert pq.read_table(tmp_path / "empty.parquet").column_names == list(COLUMNS)
    assert not list(tmp_path.glob(".*partial"))


def test_excel_holds_one_sheet_under_a_frozen_header_with_json_cells(tmp_path):
    rows = _rows()
    rows[0]["metric_name"] = "=HYPERLINK(\"http://x\")\x01"  # a formula, a character XML cannot hold
    write_indicators(rows, tmp_path / "t.xlsx")
    (sheet,) = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets
    header, *cells = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert header == list(COLUMNS) and sheet.freeze_panes == "A2" and len(cells) == 1
    row = dict(zip(COLUMNS, cells[0]))
    assert sheet["B2"].data_type == "s" and row["metric_name"] == "=HYPERLINK(\"http://x\")\ufffd"
    assert (row["value"], row["year"], row["conflict"], row["approx"]) == (43417, 2020, True, None)
    assert json.loads(row["other_values"]) == [43420] and json.loads(row["sources"]) == rows[0]["sources"]
    assert not list(tmp_path.glob(".*partial"))


def test_a_sentence_with_a_lone_surrogate_can_be_written():
    assert sentence("全市\ud800床位4.86万张。", 5, 11) == "全市\ufffd床位4.86万张。"


def test_an_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"\.csv, \.jsonl, \.parquet, \.xlsx, not \.xls$"):
        write_indicators(_rows(), tmp_path / "t.xls")
    assert not list(tmp_path.iterdir())
