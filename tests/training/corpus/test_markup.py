import pytest

from healthie.training.corpus.markup import MarkupError, parse_markup, to_markup

HEADER = '{"id": "t", "home_region": "常德市", "year": 2020, "genre": "summary"}\n'


def test_parse_entities_and_relations():
    record = parse_markup(HEADER + "[2020年](DATE:d1)，[全市](REGION:r1)[出生人口数](METRIC:m1)[43417人](VALUE m=m1 r=r1 d=d1)，[市卫健委](ORG)。")
    text = record["text"]
    spans = [(text[e["start"]:e["end"]], e["label"]) for e in record["entities"]]
    assert spans == [("2020年", "DATE"), ("全市", "REGION"), ("出生人口数", "METRIC"), ("43417人", "VALUE"), ("市卫健委", "ORG")]
    assert {(r["head"], r["tail"], r["label"]) for r in record["relations"]} == {
        (3, 2, "METRIC_OF"), (3, 1, "REGION_OF"), (3, 0, "DATE_OF")}
    assert record["id"] == "t" and record["source"] == "authored"


@pytest.mark.parametrize("body,reason", [
    ("[43417人](VALUE r=r1)", "no m="),
    ("[43417人](VALUE m=m9)", "unknown key"),
    ("[43417人](NUMBER)", "unknown label"),
    ("[全市](REGION:r1)[全省](REGION:r1)", "used twice"),
    ("全市[出生人口数", "unbalanced"),
])
def test_errors_name_the_problem(body, reason):
    with pytest.raises(MarkupError, match=reason):
        parse_markup(HEADER + body, doc_id="doc.txt")


def test_header_must_be_json():
    with pytest.raises(MarkupError, match="first line"):
        parse_markup("not json\n[全市](REGION)")


def test_no_metric_flag():
    record = parse_markup(HEADER + "[3人](VALUE m=none)")
    assert record["meta"]["no_metric"] == [0]


def test_breakdown_and_construction_are_kept_on_the_value_and_written_back():
    body = "[床位总数](METRIC:m1)[48.6万张](VALUE m=m1)，其中医院[37.9万张](VALUE m=m1 b=医院 c=place)。"
    record = parse_markup(HEADER + body)
    values = [e for e in record["entities"] if e["label"] == "VALUE"]
    assert "breakdown" not in values[0] and "construction" not in values[0]
    assert (values[1]["breakdown"], values[1]["construction"]) == ("医院", "place")
    assert parse_markup(to_markup(record))["entities"] == record["entities"]


def test_unknown_construction_is_named():
    with pytest.raises(MarkupError, match="unknown construction c=nearby"):
        parse_markup(HEADER + "[床位](METRIC:m1)[3张](VALUE m=m1 c=nearby)")


def test_a_from_values_base_year_is_kept_checked_and_written_back():
    body = "[床位](METRIC:m1)由[1200张](VALUE m=m1 y=none)增加到[1500张](VALUE m=m1)，[医院](METRIC:m2)由[7个](VALUE m=m2 y=2015)增加到[9个](VALUE m=m2)。"
    record = parse_markup(HEADER + body)
    values = [e for e in record["entities"] if e["label"] == "VALUE"]
    assert [v.get("year") for v in values] == ["none", None, "2015", None]
    assert parse_markup(to_markup(record))["entities"] == record["entities"]
    with pytest.raises(MarkupError, match="y=last"):
        parse_markup(HEADER + "[床位](METRIC:m1)由[3张](VALUE m=m1 y=last)")
