import json

from healthie.cli import main
from healthie.training.corpus.build import normalise
from healthie.training.corpus.markup import read_markup
from healthie.training.corpus.validate import validate_corpus

from ...conftest import ROOT, load_script

TUTORIAL = ROOT / "corpus" / "tutorial"


def _script():
    return load_script("tutorial_export")


def _comparable(record: dict) -> dict:
    return {**record, "source": None, "relations": sorted((r["head"], r["tail"], r["label"]) for r in record["relations"])}


def test_the_committed_export_is_the_train_markup():
    committed = json.loads((TUTORIAL / "labelstudio-export.json").read_text(encoding="utf-8"))
    assert committed == _script().export(sorted((TUTORIAL / "train").glob("*.txt")))


def test_raw_reports_are_the_markup_text():
    markup = sorted(TUTORIAL.glob("t*/*.txt"))
    assert sorted(p.name for p in (TUTORIAL / "raw").glob("*.txt")) == sorted(p.name for p in markup)
    for path in markup:
        assert (TUTORIAL / "raw" / path.name).read_text(encoding="utf-8") == read_markup(path)["text"]


def test_importing_the_export_gives_back_the_annotated_documents(tmp_path, capsys):
    out = tmp_path / "tables.jsonl"
    assert main(["corpus", "import", str(TUTORIAL / "labelstudio-export.json"), "-o", str(out)]) == 0
    imported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    markup = [normalise(read_markup(p)) for p in sorted((TUTORIAL / "train").glob("*.txt"))]
    assert [_comparable(r) for r in imported] == [_comparable(r) for r in markup]
    assert {r["source"] for r in imported} == {"imported"}


def test_tutorial_documents_validate_and_test_documents_are_held_out():
    train = [normalise(read_markup(p)) for p in sorted((TUTORIAL / "train").glob("*.txt"))]
    test = [normalise(read_markup(p)) for p in sorted((TUTORIAL / "test").glob("*.txt"))]
    assert len(train) == 5 and len(test) == 3
    assert validate_corpus(train + test) == {}
    assert not {r["text"] for r in train} & {r["text"] for r in test}
