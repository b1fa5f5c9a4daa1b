import json

from healthie.training.corpus.build import build_corpus, read_corpus, write_corpus
from healthie.training.corpus.docbin import leave_one_seed_out, record_to_doc, to_docbin

HEADER = {"id": "authored_t", "home_region": "常德市", "parent": "湖南省", "year": 2020, "genre": "summary"}
BODY = "[2020年](DATE:d1)，[全市](REGION:r1)[出生人口数](METRIC:m1)[43417人](VALUE m=m1 r=r1 d=d1)。\n"


def _root(tmp_path):
    (tmp_path / "authored").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "authored" / "t.txt").write_text(json.dumps(HEADER, ensure_ascii=False) + "\n" + BODY, encoding="utf-8")
    seed_header = {**HEADER, "id": "seed_s", "source": "seed"}
    (tmp_path / "seeds" / "s.txt").write_text(json.dumps(seed_header, ensure_ascii=False) + "\n" + BODY, encoding="utf-8")
    return tmp_path


def test_build_write_read(tmp_path):
    splits = build_corpus(_root(tmp_path))
    assert [len(splits[k]) for k in ("seeds", "authored", "noisy")] == [1, 1, 1]
    assert splits["seeds"][0]["source"] == "seed" and splits["noisy"][0]["source"] == "noisy"
    assert set(splits["authored"][0]["meta"]) == {"home_region", "parent", "year", "genre", "noise", "no_metric", "checks"}
    write_corpus(splits, tmp_path / "data")
    assert [r["id"] for r in read_corpus(tmp_path / "data")] == ["seed_s", "authored_t", splits["noisy"][0]["id"]]


def test_record_to_doc_aligns_entities_and_relations(nlp, tmp_path):
    splits = build_corpus(_root(tmp_path))
    for record in splits["authored"] + splits["noisy"]:
        doc = record_to_doc(nlp, record)
        assert [(e.text, e.label_) for e in doc.ents] == [("2020年", "DATE"), ("全市", "REGION"),
                                                          ("出生人口数", "METRIC"), ("43417人", "VALUE")]
        value = doc.ents[3]
        assert doc._.rel[(value.start, doc.ents[2].start)] == {"METRIC_OF": 1.0}
        assert doc._.rel[(value.start, doc.ents[0].start)] == {"DATE_OF": 1.0}
    docbin = to_docbin(nlp, splits["authored"])
    restored = list(docbin.get_docs(nlp.vocab))
    assert restored[0]._.rel == record_to_doc(nlp, splits["authored"][0])._.rel


def test_leave_one_seed_out_never_trains_on_the_held_out_seed():
    records = [{"id": f"seed_{i}", "source": "seed"} for i in range(3)] + [{"id": "a", "source": "authored"}]
    folds = leave_one_seed_out(records)
    assert [held for held, _, _ in folds] == ["seed_0", "seed_1", "seed_2"]
    for held, train, test in folds:
        assert [r["id"] for r in test] == [held]
        assert held not in {r["id"] for r in train} and len(train) == 3


def test_read_corpus_adds_imported_files_that_build_leaves_alone(tmp_path):
    data = tmp_path / "data"
    write_corpus(build_corpus(_root(tmp_path)), data)
    imported = {"id": "ls_1", "source": "imported", "text": "x", "entities": [], "relations": [], "meta": {}}
    (data / "labelstudio.jsonl").write_text(json.dumps(imported) + "\n", encoding="utf-8")
    assert [r["id"] for r in read_corpus(data)][-1] == "ls_1"
    assert "ls_1" not in [r["id"] for r in read_corpus(data, ("seeds", "authored", "noisy"))]
    write_corpus(build_corpus(tmp_path), data)
    assert (data / "labelstudio.jsonl").exists()
    for _, train, _ in leave_one_seed_out(read_corpus(data)):
        assert "ls_1" in [r["id"] for r in train]
