import spacy

from healthie.training.evaluation import decode_relations, evaluate, prf
from healthie.linking.relations import set_relations

TEXT = "2020年，全市出生人口数43417人，人口出生率6.79‰。"


def _record(entities, relations):
    return {"id": "r", "source": "seed", "text": TEXT, "meta": {"home_region": "常德市"},
            "entities": [{"start": TEXT.index(s), "end": TEXT.index(s) + len(s), "label": lab} for s, lab in entities],
            "relations": [{"head": h, "tail": t, "label": lab} for h, t, lab in relations]}


GOLD = _record([("2020年", "DATE"), ("全市", "REGION"), ("出生人口数", "METRIC"), ("43417人", "VALUE"),
                ("人口出生率", "METRIC"), ("6.79‰", "VALUE")],
               [(3, 2, "METRIC_OF"), (3, 1, "REGION_OF"), (3, 0, "DATE_OF"), (5, 4, "METRIC_OF"), (5, 1, "REGION_OF")])


def test_prf():
    assert prf(3, 4, 6) == {"p": 0.75, "r": 0.5, "f": 0.6, "correct": 3, "predicted": 4, "gold": 6}
    assert prf(0, 0, 0)["f"] == 0.0


def test_decode_keeps_the_best_tail_per_label_above_threshold():
    doc = spacy.blank("zh")(TEXT)
    doc.ents = [doc.char_span(0, 5, "DATE"), doc.char_span(6, 8, "REGION"), doc.char_span(8, 13, "METRIC"),
                doc.char_span(13, 19, "VALUE"), doc.char_span(20, 25, "METRIC")]
    set_relations(doc, {(13, 8): {"METRIC_OF": 0.9}, (13, 20): {"METRIC_OF": 0.6}, (13, 6): {"REGION_OF": 0.3}})
    assert decode_relations(doc, 0.5) == {(13, 8, "METRIC_OF")}
    assert decode_relations(doc, 0.2) == {(13, 8, "METRIC_OF"), (13, 6, "REGION_OF")}


def test_rules_pipeline_scored_against_gold(nlp):
    scores = evaluate(nlp, [GOLD], use_region_hint=True)
    assert scores["entities"]["VALUE"]["f"] == 1.0
    assert scores["claims"]["value"]["f"] == 1.0
    assert scores["claims"]["value+metric"]["correct"] == 2
    assert scores["claims"]["value+region"]["correct"] == 2
    assert scores["link_accuracy"]["metric"] == 1.0
    assert len(scores["comparisons"]) == 2
    assert scores["metric_ids"] == {"claims": 2, "with_id": 2, "share": 1.0}  # birth_population, birth_rate


def test_missing_values_lower_recall(nlp):
    wrong = _record([("6.79‰", "VALUE"), ("2020年", "DATE")], [])
    wrong["meta"]["no_metric"] = [0]
    scores = evaluate(nlp, [wrong])
    assert scores["entities"]["VALUE"]["r"] == 1.0 and scores["entities"]["VALUE"]["p"] == 0.5
    assert scores["claims"]["value"]["p"] == 0.5
    assert scores["errors"] == {"metric given where the text names none": 1, "region wrong": 1, "year wrong": 1}


def test_error_categories():
    from healthie.training.evaluation import error_categories

    gold = {"value": (10, 15), "metric": (0, 5), "region": "常德市", "year": 2020}
    items = [{"gold": gold, "predicted": None, "metric_candidate": False},
             {"gold": gold, "predicted": {"value": (10, 15), "metric": (6, 9), "region": "常德市", "year": 2020}, "metric_candidate": True},
             {"gold": gold, "predicted": {"value": (10, 15), "metric": None, "region": "湖南省", "year": 2020}, "metric_candidate": False},
             {"gold": gold, "predicted": {"value": (10, 15), "metric": (1, 4), "region": "常德市", "year": 2019}, "metric_candidate": True}]
    assert error_categories(items) == {"value missed": 1, "metric linked to the wrong candidate": 1,
                                       "metric span not found (gold metric before the value)": 1, "region wrong": 1,
                                       "year wrong": 1}


def _scored(gold, predicted):
    from healthie.training.evaluation import _claim_counts

    return _claim_counts(gold, predicted)[0]


def test_the_scorer_is_strict():
    """A missed value lowers recall, a spurious one precision; a head noun alone is not the metric."""
    text = "100-199张床位医院5120个"
    gold = [{"value": (text.index("5120个"), len(text)), "metric": (0, text.index("5120个")), "region": "常德市",
             "year": 2020, "construction": "plain"}]
    head_only = [{"value": gold[0]["value"], "metric": (text.index("医院"), text.index("5120个")), "region": "常德市",
                  "year": 2020}]
    counts = _scored(gold, head_only)
    assert (counts["value"], counts["value+metric"], counts["claim"]) == (1, 0, 0)
    whole = [{**head_only[0], "metric": gold[0]["metric"]}]
    assert _scored(gold, whole)["claim"] == 1
    shifted = [{**whole[0], "value": (gold[0]["value"][0], gold[0]["value"][1] - 1)}]
    assert _scored(gold, shifted)["value"] == 0  # a value span must match exactly
    spurious = whole + [{"value": (0, 3), "metric": None, "region": "常德市", "year": 2020}]
    counts = _scored(gold, spurious)
    assert (counts["value"], counts["predicted"], counts["gold"]) == (1, 2, 1)
    assert _scored(gold, [])["gold"] == 1 and _scored(gold, [])["value"] == 0


def test_metric_dice_half_is_right_and_less_is_wrong():
    from healthie.training.evaluation import dice

    assert dice((0, 10), (0, 10)) == 1.0
    assert dice((0, 10), (0, 5)) == 2 * 5 / 15  # 0.667: right
    assert dice((0, 10), (9, 12)) < 0.5  # one shared character: wrong


def test_gold_region_and_year_are_read_through_pdf_doubling():
    """A noisy variant's gold spans run over doubled text (全年底，全省): read as the pipeline reads it."""
    from healthie.training.evaluation import _gold_claims
    from healthie.training.noise import inject

    record = {**GOLD, "meta": {"home_region": "常德市", "year": 2021}}
    for seed in range(20):
        noisy = inject(record, ["pdf_doubling"], seed=seed)
        if noisy["text"].count("全市") > 1:  # the region's line came out doubled
            break
    assert noisy["text"] != TEXT
    claims = _gold_claims(noisy)
    assert [(c["region"], c["year"]) for c in claims] == [("常德市", 2020), ("常德市", 2021)]


def test_another_mention_of_the_gold_metric_words_is_right_and_other_words_are_not():
    """卫生技术人员10826人，卫生技术人员中，医院6214人: either mention of 卫生技术人员 gives the same record;
    医院, right before the value, is another metric."""
    from healthie.training.evaluation import metric_right

    gold = {"metric": (0, 6), "metric_words": "卫生技术人员"}
    assert metric_right(gold, {"metric": (13, 19), "metric_words": "卫生技术人员"})
    assert metric_right(gold, {"metric": (13, 19), "metric_words": "卫生技术人员"}, exact=True)
    assert not metric_right(gold, {"metric": (21, 23), "metric_words": "医院"})
    assert not metric_right(gold, {"metric": (13, 17), "metric_words": "卫生技术"})  # a part elsewhere: wrong
    assert not metric_right(gold, {"metric": None, "metric_words": None})


def test_a_gold_from_values_base_year_overrides_the_reports_year():
    """SPEC: a from-value holds for its base time, never the report's year; y= in the markup says which."""
    from healthie.training.evaluation import _gold_claims

    text = "全市床位由1200张增加到1500张，医院由7个增加到9个。"
    values = [(text.index(v), text.index(v) + len(v)) for v in ("1200张", "1500张", "7个", "9个")]
    record = {"id": "t", "text": text, "relations": [], "meta": {"home_region": "常德市", "year": 2020},
              "entities": [{"start": s, "end": e, "label": "VALUE", **({"year": y} if y else {})}
                           for (s, e), y in zip(values, ("none", "", "2015", ""))]}
    assert [c["year"] for c in _gold_claims(record)] == [None, 2020, 2015, 2020]
