from healthie.training.benchmark import run_long_benchmark, spacy_default_pipeline, to_markdown


def test_long_documents_are_measured_in_a_child_process():
    runs = run_long_benchmark(sizes=(30_000, 60_000))
    small, large = runs
    assert (small["document"], small["lines"], large["lines"]) == ("0.0286102 MB, one line", 1, 1)
    assert large["bytes"] >= 60_000 and large["chars"] > 20_000 and large["claims"] > small["claims"] > 50
    assert all(run["peak_rss_mb"] >= run["loaded_rss_mb"] > 50 for run in runs)
    table = to_markdown({"model": "m", "model_size_mb": 1.0, "load_s": {"best": 1.0, "runs": [1.0]}, "extract": [], "long": runs})
    assert f"| {large['document']} | 0.1 | {large['chars']} | 1 | {large['claims']} |" in table


def test_the_spacy_baseline_is_its_default_chinese_pipeline():
    nlp = spacy_default_pipeline()
    assert nlp.pipe_names == ["tok2vec", "ner"] and nlp.tokenizer.segmenter == "char"
    assert set(nlp.get_pipe("ner").labels) == {"VALUE", "METRIC", "REGION", "ORG", "DATE", "DISEASE", "POLICY"}
    table = to_markdown({"model": "m", "model_size_mb": 1.0, "load_s": {"best": 1.0, "runs": [1.0]},
                         "extract": [{"n_process": 1, "chars": 10, "documents": 1, "claims": 1, "seconds": 1,
                                      "chars_per_s": 300, "peak_rss_mb": 1}],
                         "extract_each": {"chars_per_s": 250}, "spacy": {"chars_per_s": 100}})
    assert "| healthie.extract, text by text | 250 | 2.50 |" in table and "| 300 | 3.00 |" in table
