import json
from pathlib import Path

from healthie.lexicons.metrics import catalogue
from healthie.lexicons.provenance import only_in, provenance_document, shipped, withheld, withholding

ROOT = Path(__file__).resolve().parents[2]
NOROVIRUS = "今年以来，诺如病毒感染、手足口病等高发。"


def _corpus():
    return [json.loads(line) for path in sorted((ROOT / "corpus" / "data").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_shipped_provenance_is_what_the_corpus_says():
    """Rewritten by `healthie corpus provenance` whenever the corpus or the lexicon changes."""
    assert shipped() == json.loads(json.dumps(provenance_document(_corpus()), ensure_ascii=False))


def test_a_fold_withholds_only_what_its_seed_alone_attests():
    seed_only = shipped()["seed_only"]["metrics"]
    alone = {name for name, seeds in seed_only.items() if seeds == ["seed_000_46f967afcddd7367"]}
    assert alone and alone <= only_in("seed_000_46f967afcddd7367")
    several = [name for name, seeds in seed_only.items() if len(seeds) > 1]
    assert several and not any(name in only_in(seed) for name in several for seed in seed_only[name])


def test_withheld_entries_leave_the_catalogue_and_the_tagger_and_come_back(nlp):
    assert "诺如病毒感染" in [e.text for e in nlp(NOROVIRUS).ents if e.label_ == "DISEASE"]
    names = set(catalogue().names())
    with withholding({"诺如病毒感染", "出生人口数"}):
        assert withheld() == {"诺如病毒感染", "出生人口数"}
        assert "出生人口数" not in catalogue().names() and "出生人口" in catalogue().names()
        assert "诺如病毒感染" not in [e.text for e in nlp(NOROVIRUS).ents if e.label_ == "DISEASE"]
    assert set(catalogue().names()) == names and not withheld()
    assert "诺如病毒感染" in [e.text for e in nlp(NOROVIRUS).ents if e.label_ == "DISEASE"]
