"""The corpus as Hugging Face loads it, and as healthie validates it."""

import json

from datasets import ClassLabel, List, load_dataset

from healthie.cli import main
from healthie.training.corpus.build import build_corpus, read_corpus
from healthie.training.corpus.validate import validate_corpus

from ...conftest import ROOT

CORPUS = ROOT / "corpus"


def test_load_dataset_with_typed_features():
    dataset = load_dataset(str(CORPUS))
    assert set(dataset) == {"seeds", "authored", "noisy"}
    features = dataset["authored"].features
    assert isinstance(features["source"], ClassLabel)
    assert isinstance(features["entities"], List)
    assert features["entities"].feature["label"].names == ["VALUE", "METRIC", "REGION", "ORG", "DATE", "DISEASE", "POLICY"]
    assert features["relations"].feature["label"].names == ["METRIC_OF", "REGION_OF", "DATE_OF"]
    assert dataset["seeds"].num_rows == 5
    first = dataset["seeds"][0]
    entity = first["entities"][0]
    assert first["text"][entity["start"]:entity["end"]].strip()


def test_committed_data_is_what_build_makes():
    built = build_corpus(CORPUS)
    committed = read_corpus(CORPUS / "data")
    assert [r for split in ("seeds", "authored", "noisy") for r in built[split]] == committed


def test_corpus_validates(capsys):
    assert validate_corpus(read_corpus(CORPUS / "data")) == {}
    assert main(["corpus", "validate"]) == 0


def test_corpus_size():
    records = read_corpus(CORPUS / "data")
    original = [r for r in records if r["source"] != "noisy"]
    assert len(original) >= 45
    assert sum(e["label"] == "VALUE" for r in original for e in r["entities"]) >= 2500
    assert {r["meta"]["genre"] for r in original} >= {"feature", "summary", "bulletin", "review", "plan"}


def test_stats_command(capsys):
    assert main(["corpus", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == len(read_corpus(CORPUS / "data"))
    assert stats["provinces"] >= 20
