from healthie.training.crossval import segmenter_table, summarise, to_markdown, worst_errors
from healthie.training.evaluation import CLAIM_LEVELS


def _scores(f, correct):
    block = {"p": f, "r": f, "f": f, "correct": correct, "predicted": 10, "gold": 10}
    labels = ("VALUE", "METRIC", "REGION", "ORG", "DATE", "DISEASE", "POLICY", "micro")
    text = "全市出生人口数43417人，人口出生率6.79‰。"
    return {"entities": {k: block for k in labels},
            "relations": {k: block for k in ("METRIC_OF", "REGION_OF", "DATE_OF", "micro")},
            "claims": {k: block for k in CLAIM_LEVELS},
            "link_accuracy": {"metric": f, "region": f},
            "errors": {"value missed": 1, "metric linked to the wrong candidate": 1},
            "comparisons": [{"doc_id": "d", "text": text, "gold": {"value": (7, 13), "metric": (2, 7), "region": "常德市"},
                             "predicted": {"value": (7, 13), "metric": (14, 19), "region": "常德市"}, "metric_candidate": True},
                            {"doc_id": "d", "text": text, "gold": {"value": (19, 24), "metric": (14, 19), "region": "常德市"},
                             "predicted": None, "metric_candidate": False}]}


RESULTS = {"segmenter": "pkuseg", "variants": ["rules/nearest", "pairs"],
           "folds": {"seed_a": {"rules/nearest": _scores(0.5, 5), "pairs": _scores(0.8, 8)},
                     "seed_b": {"rules/nearest": _scores(0.7, 7), "pairs": _scores(1.0, 10)}}}


def test_summary_pools_and_averages_folds():
    summary = summarise(RESULTS)
    value = summary["pairs"]["entities"]["VALUE"]
    assert (value["correct"], value["gold"], value["f"], value["mean_f"]) == (18, 20, 0.9, 0.9)
    assert summary["rules/nearest"]["claims"]["value"]["mean_f"] == 0.6
    assert summary["pairs"]["errors"] == {"value missed": 2, "metric linked to the wrong candidate": 2}


def test_markdown_report_and_worst_errors():
    RESULTS["summary"] = summarise(RESULTS)
    text = to_markdown(RESULTS)
    assert "| VALUE | 0.600 (0.600) | 0.900 (0.900) |" in text
    assert "| seed_a | 0.500 | 0.800 |" in text
    assert "| value missed | 2 | 2 |" in text
    errors = worst_errors(RESULTS, "pairs")
    assert errors[0].startswith("d: missed '6.79‰'")
    assert any("metric '人口出生率', gold '出生人口数'" in e for e in errors)


def test_segmenter_table_lines_up_the_reports():
    RESULTS["summary"] = summarise(RESULTS)
    table = segmenter_table({"pkuseg": RESULTS, "char": RESULTS}, variants=("rules/nearest",))
    assert "| pkuseg | rules/nearest | 0.600 | 0.600 | 0.600 | 0.600 (0.600) | 2 |" in table
    assert table.count("| char |") == 1


def test_markdown_report_shows_the_test_split_beside_the_folds():
    results = {**RESULTS, "test": {"rules/nearest": {**_scores(0.4, 4), "constructions": {"table": {"value+metric": 0.25}}},
                                   "pairs": {**_scores(0.9, 9), "constructions": {"table": {"value+metric": 0.75}}}}}
    results["summary"] = summarise(results)
    text = to_markdown(results)
    assert "## Test split" in text
    assert "| claim | 0.400 / 0.400 / 0.400 | 0.900 / 0.900 / 0.900 |" in text
    assert "| construction table: value+metric | 0.250 | 0.750 |" in text


def test_a_fold_is_trained_and_scored_without_what_only_its_seed_attests(monkeypatch, tmp_path):
    """Training and scoring of the held-out seed's fold both run with its seed-only entries withheld."""
    from healthie.lexicons import provenance
    from healthie.training import crossval

    seed = "seed_000_46f967afcddd7367"
    seen = {}

    def train(records, model_dir, **settings):
        seen["trained"] = provenance.withheld()
        model_dir.mkdir(parents=True)
        (model_dir / "config.cfg").write_text("", encoding="utf-8")

    def scored(pipeline, records):
        seen["scored"] = provenance.withheld()
        return _scores(0.5, 5)

    monkeypatch.setattr(crossval, "train_models", train)
    monkeypatch.setattr(crossval, "variant_pipeline", lambda model_dir, variant: None)
    monkeypatch.setattr(crossval, "evaluate", scored)
    (tmp_path / "pkuseg").mkdir()
    (tmp_path / "pkuseg" / "weights.npz").write_bytes(b"")
    records = [{"id": seed, "source": "seed", "text": "x"}, {"id": "authored_a", "source": "authored", "text": "y"}]
    results = crossval.cross_validate(records, variants=("rules/ranker",), folds=[seed], models_dir=tmp_path,
                                      quiet=True, withhold_seed_only=True)
    assert seen["trained"] == seen["scored"] == provenance.only_in(seed) != set()
    assert results["withheld"][seed] == sorted(provenance.only_in(seed)) and not provenance.withheld()
    assert "出生人口数" in to_markdown(results)


def test_worst_errors_judge_the_metric_as_the_scorer_does():
    text = "全市建制乡镇卫生院102个。"
    comparison = {"doc_id": "d", "text": text, "gold": {"value": (9, 13), "metric": (2, 9), "region": "常德市"},
                  "predicted": {"value": (9, 13), "metric": (2, 4), "region": "常德市"}, "metric_candidate": True}
    results = {"folds": {"seed_a": {"pairs": {"comparisons": [comparison]}}}}
    assert worst_errors(results, "pairs") == ["d: '102个' metric '建制', gold '建制乡镇卫生院' in …全市建制乡镇卫生院102个。…"]
    comparison["predicted"]["metric"] = (4, 9)
    assert worst_errors(results, "pairs") == []
