import json

from healthie.training.annotation import from_doccano, to_doccano

from .test_labelstudio import TEXT, _record, _span


def test_line_shape_counts_utf16_like_doccano():
    line = to_doccano(_record())
    start, end = _span("43417人")
    assert line["text"] == TEXT and line["doc_id"] == "doc"
    assert line["entities"][3] == {"id": 3, "start_offset": start + 1, "end_offset": end + 1, "label": "VALUE"}
    assert line["relations"][1] == {"id": 1, "from_id": 3, "to_id": 2, "type": "METRIC_OF"}
    s, e = _span("1010天")
    assert line["no_metric"] == [[s + 1, e + 1]]
    assert "no_metric" not in line["meta"]


def test_round_trip_through_jsonl_text():
    lines = [json.dumps(to_doccano(_record()), ensure_ascii=False)]
    records, problems = from_doccano(lines)
    assert problems == []
    assert records == [_record()]


def test_doccano_export_ids_and_plain_sequence_labelling():
    exported = to_doccano(_record())
    exported.update(id=42)
    for entity in exported["entities"]:
        entity["id"] += 100  # doccano renumbers what it stores
    for relation in exported["relations"]:
        relation["from_id"] += 100
        relation["to_id"] += 100
    [record], problems = from_doccano([exported])
    assert problems == [] and record == _record()
    start, end = _span("43417人")
    [plain], problems = from_doccano([{"id": 5, "text": TEXT, "label": [[start + 1, end + 1, "VALUE"]]}])
    assert plain["id"] == "doccano-5"
    assert plain["entities"] == [{"start": start, "end": end, "label": "VALUE", "breakdown": "", "construction": "", "year": ""}]


def test_bad_lines_and_spans_are_refused():
    line = to_doccano(_record())
    line["entities"][0]["start_offset"] = 1  # inside the emoji's surrogate pair
    line["entities"][1]["label"] = "PLACE"
    records, problems = from_doccano(["not json", json.dumps({"text": ""}), json.dumps(line, ensure_ascii=False)])
    reasons = [str(p) for p in problems]
    assert reasons[0].startswith("line 1: not JSON")
    assert reasons[1] == "line 2: no text"
    assert reasons[2].startswith("doc: span 1-")
    assert reasons[3].endswith("unknown label 'PLACE'")
    assert len(records) == 1 and len(records[0]["entities"]) == 3


def test_malformed_entities_relations_and_flags_are_named_problems():
    line = to_doccano(_record())
    line["entities"][1:1] = ["a string", {"id": [1], "start_offset": 3, "end_offset": 8, "label": "DATE"}]
    line["relations"].append({"id": 9, "from_id": {"a": 1}, "to_id": 0, "type": "DATE_OF"})
    line["no_metric"].append(["1", 2])
    line["meta"] = [1]
    [record], problems = from_doccano([line])
    assert [str(p) for p in problems] == [
        "doc: entities item 1 is a string, not an object",
        "doc: span 3-8: entity id [1] is not a string or an integer",
        "doc: no_metric item ['1', 2] is not a [start, end]",
        "doc: relation from {'a': 1} to 0: not entity ids",
        "doc: meta is a list, not an object"]
    assert len(record["entities"]) == 5 and record["meta"]["home_region"] == ""
    records, problems = from_doccano([{"text": TEXT, "entities": "none", "relations": {}, "no_metric": 3},
                                      {"text": TEXT, "label": [[1, 2], "x"]}])
    assert [str(p) for p in problems] == [
        "doccano-1: entities is a string, not a list", "doccano-1: no_metric is 3, not a list of [start, end]",
        "doccano-1: relations is an object, not a list", "doccano-2: label item 0 [1, 2] is not a [start, end, label]",
        "doccano-2: label item 1 'x' is not a [start, end, label]"]
    assert len(records) == 2


def test_doccano_spans_are_checked_for_white_space():
    text = "全市 出生人口数43417人。"
    [record], problems = from_doccano([{"text": text, "label": [[2, 3, "METRIC"], [1, 3, "REGION"], [0, 2, "REGION"]]}])
    assert [str(p) for p in problems] == [
        "doccano-1: span 2-3: the document's ' ' at these offsets is only white space",
        "doccano-1: span 1-3: the document's '市 ' at these offsets starts or ends with white space"]
    assert record["entities"] == [{"start": 0, "end": 2, "label": "REGION", "breakdown": "", "construction": "", "year": ""}]
