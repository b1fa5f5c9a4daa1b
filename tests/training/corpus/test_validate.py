import copy

from healthie.training.corpus.validate import validate_corpus, validate_record

TEXT = "全市出生人口数43417人，人口出生率6.79‰。"
GOOD = {"id": "g", "source": "authored", "text": TEXT, "meta": {"no_metric": []},
        "entities": [{"start": 0, "end": 2, "label": "REGION"}, {"start": 2, "end": 7, "label": "METRIC"},
                     {"start": 7, "end": 13, "label": "VALUE"}, {"start": 14, "end": 19, "label": "METRIC"},
                     {"start": 19, "end": 24, "label": "VALUE"}],
        "relations": [{"head": 2, "tail": 1, "label": "METRIC_OF"}, {"head": 2, "tail": 0, "label": "REGION_OF"},
                      {"head": 4, "tail": 3, "label": "METRIC_OF"}]}


def _broken(change):
    record = copy.deepcopy(GOOD)
    change(record)
    return validate_record(record)


def test_a_good_record_passes():
    assert validate_record(GOOD) == []


def test_each_problem_is_named():
    assert "outside the text" in _broken(lambda r: r["entities"][0].update(end=999))[0]
    assert "unknown label" in _broken(lambda r: r["entities"][0].update(label="PLACE"))[0]
    assert any("overlap" in p for p in _broken(lambda r: r["entities"][1].update(start=1)))
    assert any("no METRIC_OF" in p for p in _broken(lambda r: r["relations"].pop(0)))
    assert any("2 METRIC_OF" in p for p in _broken(lambda r: r["relations"].append({"head": 2, "tail": 3, "label": "METRIC_OF"})))
    assert any("head is not a VALUE" in p for p in _broken(lambda r: r["relations"].append({"head": 1, "tail": 0, "label": "REGION_OF"})))
    assert any("tail is REGION" in p for p in _broken(lambda r: r["relations"].__setitem__(0, {"head": 2, "tail": 0, "label": "METRIC_OF"})))


def test_flagged_value_without_metric_passes():
    record = copy.deepcopy(GOOD)
    record["relations"] = [r for r in record["relations"] if r["head"] != 4]
    record["meta"]["no_metric"] = [4]
    assert validate_record(record) == []


def test_entities_on_boilerplate_lines_are_refused():
    text = "太阳城娱乐 注册送100元\n全市出生人口数43417人。"
    record = {"id": "b", "text": text, "relations": [], "meta": {"no_metric": [0]},
              "entities": [{"start": text.index("100元"), "end": text.index("100元") + 4, "label": "VALUE"}]}
    assert any("boilerplate" in p for p in validate_record(record))


def test_duplicate_ids():
    assert "id used by more than one document" in validate_corpus([GOOD, GOOD])["g"]


def test_gold_values_the_grammar_reads_differently_are_problems_unless_justified():
    from healthie.training.corpus.validate import grammar_differences, justified_differences

    text = "走进一家医院，全市床位4800张，高危476。"
    record = {"id": "d1", "source": "authored", "text": text, "relations": [], "meta": {},
              "entities": [{"start": text.index(s), "end": text.index(s) + len(s), "label": "VALUE"}
                           for s in ("一家", "4800张", "476")]}
    problems = grammar_differences(record)
    assert problems == ["VALUE 0 '一家': the number grammar reads no value", "VALUE 2 '476': the number grammar reads no value"]
    guidelines = "## 4. x\n| document | surface | side | reason |\n| d1 | 一家 | grammar | the article |\n## 5. y\n"
    assert grammar_differences(record, justified_differences(guidelines)) == [problems[1]]
