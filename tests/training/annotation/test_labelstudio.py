import copy
import xml.etree.ElementTree as ET

from healthie.training.annotation import from_labelstudio_export, labeling_config, to_labelstudio_task
from healthie.training.annotation.labelstudio import latest_annotation
from healthie.training.corpus.build import normalise
from healthie.training.corpus.markup import LABELS
from healthie.linking.relations import LABELS as RELATION_LABELS

TEXT = "📊 2020年全市出生人口数43417人，1010天。"


def _span(surface: str) -> tuple[int, int]:
    start = TEXT.index(surface)
    return start, start + len(surface)


def _record() -> dict:
    entities = [(*_span(s), label) for s, label in
                [("2020年", "DATE"), ("全市", "REGION"), ("出生人口数", "METRIC"), ("43417人", "VALUE"), ("1010天", "VALUE")]]
    return normalise({"id": "doc", "source": "imported", "text": TEXT,
            "entities": [{"start": s, "end": e, "label": label} for s, e, label in entities],
            "relations": [{"head": 3, "tail": 0, "label": "DATE_OF"}, {"head": 3, "tail": 2, "label": "METRIC_OF"},
                          {"head": 3, "tail": 1, "label": "REGION_OF"}],
            "meta": {"home_region": "常德市", "parent": "湖南省", "year": 2020, "genre": "", "noise": [], "no_metric": [4]}})


def _export(result: list[dict], **annotation) -> list[dict]:
    task = to_labelstudio_task(_record(), "test")
    return [{"id": 7, "data": task["data"], "annotations": [{"id": 1, "result": result, "was_cancelled": False, **annotation}]}]


def _accepted() -> list[dict]:
    return _export(to_labelstudio_task(_record(), "test")["predictions"][0]["result"])


def test_task_shape():
    task = to_labelstudio_task(_record(), "healthie-test")
    assert task["data"] == {"text": TEXT, "doc_id": "doc",
                            "meta": {"home_region": "常德市", "parent": "湖南省", "year": 2020, "genre": "", "noise": [],
                                     "checks": []}}
    prediction = task["predictions"][0]
    assert prediction["model_version"] == "healthie-test"
    labels = [r for r in prediction["result"] if r["type"] == "labels"]
    assert [r["id"] for r in labels] == ["e0", "e1", "e2", "e3", "e4"]
    value = labels[3]
    assert (value["from_name"], value["to_name"]) == ("label", "text")
    assert value["value"] == {"start": TEXT.index("43417人"), "end": TEXT.index("43417人") + 6, "text": "43417人",
                              "labels": ["VALUE"]}
    relations = [r for r in prediction["result"] if r["type"] == "relation"]
    assert {(r["from_id"], r["to_id"], r["labels"][0]) for r in relations} == {
        ("e3", "e0", "DATE_OF"), ("e3", "e2", "METRIC_OF"), ("e3", "e1", "REGION_OF")}
    assert all(r["direction"] == "right" for r in relations)
    [flag] = [r for r in prediction["result"] if r["type"] == "choices"]
    assert (flag["id"], flag["from_name"], flag["value"]["choices"]) == ("e4", "no_metric", ["NO_METRIC"])


def test_config_names_the_labels_relations_and_text():
    root = ET.fromstring(labeling_config())
    labels = root.find("Labels")
    assert (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert tuple(label.get("value") for label in labels.findall("Label")) == LABELS
    assert tuple(r.get("value") for r in root.find("Relations").findall("Relation")) == RELATION_LABELS
    text = root.find("Text")
    assert (text.get("name"), text.get("value")) == ("text", "$text")
    flag = root.find("Choices")
    assert (flag.get("name"), flag.get("perRegion"), flag.get("whenLabelValue")) == ("no_metric", "true", "VALUE")


def test_accepted_predictions_give_the_record_back():
    records, problems = from_labelstudio_export(_accepted())
    assert problems == []
    assert records == [_record()]


def test_emoji_before_a_span_in_code_points_or_utf16():
    records, _ = from_labelstudio_export(_accepted())
    start, end = _span("43417人")
    assert TEXT[:start].startswith("📊")
    assert {"start": start, "end": end, "label": "VALUE"} in [{k: e[k] for k in ("start", "end", "label")}
                                                              for e in records[0]["entities"]]
    utf16 = copy.deepcopy(_accepted())
    for item in utf16[0]["annotations"][0]["result"]:
        if "value" in item:
            item["value"]["start"] += 1  # what a JavaScript string position counts for the emoji
            item["value"]["end"] += 1
    records16, problems = from_labelstudio_export(utf16)
    assert problems == []
    assert records16 == records


def test_refusals_name_document_span_and_reason():
    result = copy.deepcopy(to_labelstudio_task(_record(), "t")["predictions"][0]["result"])
    result[0]["value"].update(start=200, end=205)                    # DATE outside the text
    result[1]["value"]["text"] = "全省"                               # REGION text does not match
    result[2]["value"]["labels"] = ["INDICATOR"]                      # METRIC with an unknown label
    records, problems = from_labelstudio_export(_export(result))
    reasons = [str(p) for p in problems]
    assert reasons[0].startswith("doc: span 200-205: offsets outside the text")
    start, end = _span("全市")
    assert reasons[1] == f"doc: span {start}-{end}: text '全省' is not the document's '全市' at these offsets"
    assert reasons[2].endswith("unknown label 'INDICATOR'")
    assert sum("to a missing region" in r for r in reasons) == 3     # the VALUE's three relations
    kept = records[0]
    assert [e["label"] for e in kept["entities"]] == ["VALUE", "VALUE"]
    assert kept["relations"] == [] and kept["meta"]["no_metric"] == [1]


def test_latest_submitted_annotation_wins_and_unannotated_tasks_are_skipped():
    task = {"annotations": [{"id": 1, "updated_at": "2025-01-02T00:00:00Z", "result": []},
                            {"id": 2, "updated_at": "2025-01-03T00:00:00Z", "result": [], "was_cancelled": True},
                            {"id": 3, "updated_at": "2025-01-01T00:00:00Z", "result": []}]}
    assert latest_annotation(task)["id"] == 1
    assert latest_annotation({"annotations": [{"id": 1, "was_cancelled": True}]}) is None
    unannotated = [{"id": 8, "data": {"text": TEXT}, "annotations": [], "predictions": [{"result": []}]}]
    assert from_labelstudio_export(unannotated) == ([], [])


def test_relations_drawn_backwards_or_unlabelled_are_read_as_value_relations():
    result = [r for r in to_labelstudio_task(_record(), "t")["predictions"][0]["result"] if r["type"] != "relation"]
    result += [{"type": "relation", "from_id": "e2", "to_id": "e3", "direction": "right", "labels": []},
               {"type": "relation", "from_id": "e3", "to_id": "e1", "direction": "left", "labels": ["REGION_OF"]}]
    [record], problems = from_labelstudio_export(_export(result))
    assert problems == []
    assert record["relations"] == [{"head": 3, "tail": 2, "label": "METRIC_OF"}, {"head": 3, "tail": 1, "label": "REGION_OF"}]


def test_a_document_without_doc_id_is_named_by_its_task():
    export = _accepted()
    del export[0]["data"]["doc_id"]
    records, _ = from_labelstudio_export(export)
    assert records[0]["id"] == "labelstudio-7"


def test_line_breaks_in_a_drawn_region_text_are_written_as_backslash_n():
    text = "😀 全市出生人口数43417人，\r\n人口出生率6.79‰。"
    start = text.index("，")
    region = {"id": "r", "type": "labels", "value": {"start": start, "end": start + 4, "text": "，\\n\\n人", "labels": ["DISEASE"]}}
    export = [{"id": 1, "data": {"text": text, "doc_id": "d"}, "annotations": [{"id": 1, "result": [region]}]}]
    [record], problems = from_labelstudio_export(export)
    assert problems == [] and record["entities"] == [{"start": start, "end": start + 4, "label": "DISEASE",
                                                      "breakdown": "", "construction": "", "year": ""}]
    region["value"]["text"] = "，\\n人"
    assert "is not the document's" in str(from_labelstudio_export(export)[1][0])


def test_malformed_tasks_and_result_items_are_named_problems_of_their_document():
    good = to_labelstudio_task(_record(), "t")["predictions"][0]["result"]
    result = ["a string", {"id": "x", "type": "labels", "value": "VALUE"},
              {"id": "y", "type": "labels", "value": {"start": 2, "end": 7, "labels": "DATE"}},
              {"id": ["e0"], "type": "labels", "value": {"start": 2, "end": 7, "labels": ["DATE"]}},
              {"type": "relation", "from_id": ["e3"], "to_id": "e0", "labels": ["DATE_OF"]},
              {"id": "e4", "from_name": "no_metric", "type": "choices", "value": {"choices": 5}}] + good
    export = _export(result) + ["not a task", {"id": 9, "data": 5, "annotations": "none"}]
    records, problems = from_labelstudio_export(export)
    assert [str(p) for p in problems] == [
        "export: task item 1 is a string, not an object",
        "doc: result item 0 is a string, not an object",
        "doc: result item 1 (labels): value is not an object",
        "doc: span 2-7: region has labels 'DATE', not a list of one",
        "doc: span 2-7: result item 3 (labels): id ['e0'] is not a string or a number",
        "doc: result item 4 (relation): from_id ['e3'], to_id 'e0' or labels ['DATE_OF'] is not what a relation holds",
        "doc: result item 5 (choices): choices 5 is not a list",
        "labelstudio-9: annotations is a string, not a list"]
    assert [r["id"] for r in records] == ["doc"] and len(records[0]["entities"]) == 5


def test_spans_without_text_are_checked_at_their_offsets_too():
    start = TEXT.index("全市")
    result = [{"id": "a", "type": "labels", "value": {"start": 0, "end": 2, "labels": ["REGION"]}},
              {"id": "b", "type": "labels", "value": {"start": 1, "end": 2, "labels": ["REGION"]}},
              {"id": "c", "type": "labels", "value": {"start": start, "end": start + 2, "labels": ["REGION"]}}]
    [record], problems = from_labelstudio_export(_export(result))
    assert [str(p) for p in problems] == [
        "doc: span 0-2: the document's '📊 ' at these offsets starts or ends with white space",
        "doc: span 1-2: the document's ' ' at these offsets is only white space"]
    assert record["entities"] == [{"start": start, "end": start + 2, "label": "REGION", "breakdown": "", "construction": "", "year": ""}]
