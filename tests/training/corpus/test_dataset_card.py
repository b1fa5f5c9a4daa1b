"""The corpus as Hugging Face loads it, and as healthie validates it."""

import json
from collections import Counter

from datasets import ClassLabel, List, load_dataset

from healthie.cli import main
from healthie.training.corpus.arithmetic import check_record
from healthie.training.corpus.build import build_corpus, held_out_ids, read_corpus
from healthie.training.corpus.validate import validate_corpus

from ...conftest import ROOT

CORPUS = ROOT / "corpus"


def test_load_dataset_with_typed_features():
    dataset = load_dataset(str(CORPUS))
    assert set(dataset) == {"seeds", "authored", "noisy", "dev", "test"}
    features = dataset["authored"].features
    assert isinstance(features["source"], ClassLabel)
    assert isinstance(features["entities"], List)
    assert features["entities"].feature["label"].names == ["VALUE", "METRIC", "REGION", "ORG", "DATE", "DISEASE", "POLICY"]
    assert features["relations"].feature["label"].names == ["METRIC_OF", "REGION_OF", "DATE_OF"]
    assert dataset["seeds"].num_rows == 5
    first = dataset["seeds"][0]
    entity = first["entities"][0]
    assert first["text"][entity["start"]:entity["end"]].strip()
    assert set(entity) == {"start", "end", "label", "breakdown", "construction", "year"}


def test_committed_data_is_what_build_makes():
    built = build_corpus(CORPUS)
    committed = read_corpus(CORPUS / "data")
    assert [r for split in ("seeds", "authored", "noisy") for r in built[split]] == committed
    assert built["dev"] + built["test"] == read_corpus(CORPUS / "data", ("dev", "test"))


def test_corpus_validates(capsys):
    assert validate_corpus(read_corpus(CORPUS / "data", held_out=True)) == {}
    assert main(["corpus", "validate"]) == 0


def test_corpus_size():
    records = read_corpus(CORPUS / "data", held_out=True)
    original = [r for r in records if r["source"] != "noisy"]
    assert len(original) >= 75
    assert sum(e["label"] == "VALUE" for r in original for e in r["entities"]) >= 11000
    assert {r["meta"]["genre"] for r in original} >= {"feature", "summary", "bulletin", "review", "plan", "yearbook", "press"}


def test_long_structured_documents():
    """The documents of STRUCTURES.md: 5,000-15,000 characters each, every construction many times."""
    long = [r for r in read_corpus(CORPUS / "data", held_out=True)
            if r["source"] == "authored" and r["meta"]["genre"] in ("bulletin", "yearbook", "summary", "plan", "press")
            and len(r["text"]) >= 5000]
    assert len(long) >= 30 and all(len(r["text"]) <= 15000 for r in long)
    assert sum(len(r["text"]) for r in long) >= 250_000
    assert sum(e["label"] == "VALUE" for r in long for e in r["entities"]) >= 8000
    constructions = Counter(e["construction"] for r in long for e in r["entities"] if e["label"] == "VALUE")
    assert min(constructions[c] for c in ("breakdown", "place", "fenbie", "change", "table", "leadin", "bare")) >= 100
    far = 0  # breakdown and list items 40+ characters after their metric, past other values
    for record in long:
        ents = record["entities"]
        metric_of = {r["head"]: ents[r["tail"]] for r in record["relations"] if r["label"] == "METRIC_OF"}
        far += sum(ents[i]["construction"] in ("breakdown", "place", "fenbie") and m["end"] <= ents[i]["start"] - 40
                   for i, m in metric_of.items())
    assert far >= 100


def test_the_arithmetic_each_document_states_holds():
    """Every long document states at least 8 checks (AUTHORING.md); a short one may state a few; all hold."""
    records = [r for r in read_corpus(CORPUS / "data", held_out=True) if r["source"] == "authored"]
    checked = [r for r in records if r["meta"]["checks"]]
    long = [r for r in checked if len(r["text"]) >= 5000]
    assert len(long) >= 30 and all(len(r["meta"]["checks"]) >= 8 for r in long)
    assert {r["id"]: check_record(r) for r in checked if check_record(r)} == {}


def test_test_split_holds_every_new_genre_and_is_never_trained_on():
    held_out = held_out_ids(CORPUS)
    test = read_corpus(CORPUS / "data", ("test",))
    originals = [r for r in test if r["source"] == "authored"]
    assert len(originals) >= 8 and {r["meta"]["genre"] for r in originals} >= {"bulletin", "yearbook", "summary", "plan", "press"}
    assert len(test) == 2 * len(originals)  # each with its noisy variant
    trained = {r["id"].split("__")[0] for r in read_corpus(CORPUS / "data")}
    assert not trained & (held_out["dev"] | held_out["test"])


def test_stats_command(capsys):
    assert main(["corpus", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == len(read_corpus(CORPUS / "data", held_out=True))
    assert set(stats["by_split"]) == {"train", "dev", "test"} and stats["values_by_construction"]["table"] > 1000
    assert stats["provinces"] >= 20
