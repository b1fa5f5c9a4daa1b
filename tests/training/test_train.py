"""Training is seeded: the same corpus gives the same pipeline, byte for byte."""

import hashlib

import pytest
import spacy

from healthie.pipeline import domain_phrases
from healthie.text.segmentation import train_pkuseg
from healthie.training.corpus.build import read_corpus
from healthie.training.train import split_dev, train_models

from ..conftest import ROOT


def _digest(path):
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.name != "meta.json")
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def small_corpus():
    records = read_corpus(ROOT / "corpus" / "data")
    authored = [r for r in records if r["source"] == "authored"][:6]
    return authored + [r for r in records if r["source"] == "seed"][:1]


def test_the_shipped_config_builds_the_same_pipeline_twice(small_corpus, tmp_path):
    """`healthie train CONFIG`: seeded, byte for byte, and the pipeline is the one the config lists."""
    import json

    from healthie.training.train import SHIPPED_CONFIG, train_pipeline

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                                           for r in small_corpus), encoding="utf-8")
    overrides = {"paths.corpus": str(tmp_path / "data")}
    first = train_pipeline(SHIPPED_CONFIG, tmp_path / "one", overrides=overrides, quiet=True)
    second = train_pipeline(SHIPPED_CONFIG, tmp_path / "two", overrides=overrides, quiet=True)
    assert _digest(first) == _digest(second)
    assert spacy.load(first).pipe_names == spacy.util.load_config(SHIPPED_CONFIG)["nlp"]["pipeline"]


def test_dev_split_holds_out_whole_reports_and_their_noise():
    records = [{"id": f"a{i}", "source": "authored"} for i in range(20)]
    records += [{"id": f"a{i}__pdf", "source": "noisy"} for i in range(20)]
    train, dev = split_dev(records, seed=0)
    dev_ids = {r["id"] for r in dev}
    assert len(dev_ids) == 2
    assert not {r["id"].split("__")[0] for r in train} & dev_ids


@pytest.fixture(scope="module")
def small_segmenter(small_corpus, tmp_path_factory):
    """A segmenter of the small corpus, trained once (its own determinism: tests/text/test_segmentation.py)."""
    texts = [r["text"] for r in small_corpus if r["source"] == "authored"]
    return train_pkuseg(texts, tmp_path_factory.mktemp("pkuseg"), domain_phrases(), iterations=2, seed=3)


@pytest.fixture(scope="module")
def small_models(small_corpus, small_segmenter, tmp_path_factory):
    """Every model trained on the small corpus (a few steps), bare, as cross-validation keeps them."""
    return train_models(small_corpus, tmp_path_factory.mktemp("small") / "m", seed=3, max_steps=5,
                        segmenter_dir=small_segmenter)


def test_training_twice_gives_identical_models(small_corpus, small_segmenter, small_models, tmp_path):
    second = train_models(small_corpus, tmp_path / "two", seed=3, max_steps=5, segmenter_dir=small_segmenter)
    assert _digest(small_models) == _digest(second)
    nlp = spacy.load(second)
    assert nlp.pipe_names[-1] == "healthie_claim_builder"
    assert {"ner", "healthie_nearest_linker", "healthie_metric_ranker", "healthie_region_ranker",
            "healthie_date_ranker"} <= set(nlp.component_names)


def test_assemble_arranges_the_variants(small_models):
    from healthie.training.train import assemble

    path = small_models
    rules = assemble(spacy.load(path), "rules/ranker")
    assert rules.pipe_names == ["healthie_value_ruler", "healthie_lexicon_ruler", "healthie_boilerplate_filter",
                                "healthie_metric_chunker", "healthie_metric_ranker", "healthie_region_ranker",
                                "healthie_date_ranker", "healthie_claim_builder"]
    ner = assemble(spacy.load(path), "ner+value_rules+chunker/ranker")
    assert ner.pipe_names == ["tok2vec", "healthie_value_ruler", "ner", "healthie_boilerplate_filter",
                              "healthie_metric_chunker", "healthie_metric_ranker", "healthie_region_ranker",
                              "healthie_date_ranker", "healthie_claim_builder"]
    baseline = assemble(spacy.load(path), "rules/nearest")
    assert baseline.pipe_names[-2:] == ["healthie_nearest_linker", "healthie_claim_builder"]
    with pytest.raises(ValueError, match="unknown linker"):
        assemble(spacy.load(path), "rules/thinc")
    doc = rules("2020年，全市出生人口数43417人。")
    assert [c.value_text for c in doc._.claims] == ["43417人"]


def test_the_shipped_rankers_are_what_healthie_train_fits(nlp):
    """The linking half of the shipped model, refitted by its own initialize step on the corpus that
    the shipped config names, with the config's settings."""
    import json

    import numpy as np

    from healthie.pipeline import model_path
    from healthie.training.readers import create_corpus_records
    from healthie.training.train import SHIPPED_CONFIG

    config = spacy.util.load_config(SHIPPED_CONFIG)
    examples = list(create_corpus_records(ROOT / "corpus" / "data")(nlp))
    for name, settings in config["initialize"]["components"].items():
        component = nlp.get_pipe(name)
        shipped = json.loads((model_path() / name / component.FILE).read_text(encoding="utf-8"))
        refitted = type(component)(**{k: v for k, v in config["components"][name].items() if k == "label"})
        refitted.initialize(lambda: examples, nlp=nlp, **settings)
        fitted = refitted.classifier.to_dict()
        assert fitted["vocabulary"] == shipped["vocabulary"], name
        # the fit stops at a gradient of 1e-5: other numpy, scipy or CPUs move weights by about 1e-5, not 1e-3
        assert np.allclose(fitted["coef"], shipped["coef"], atol=1e-3) and np.allclose(fitted["intercept"], shipped["intercept"], atol=1e-3)
