import json

import spacy

from healthie.training.corpus.docbin import record_to_doc
from healthie.linking.scoring import decode_relations
from healthie.linking.pair_classifier import PairClassifier

from .test_relation_extractor import TEXT, _record


def _nlp():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "healthie.CleaningTokenizer.v1", "segmenter": "char"}}})


def test_pair_linker_fits_predicts_and_round_trips(tmp_path):
    nlp = _nlp()
    gold = record_to_doc(nlp, _record())
    linker = nlp.add_pipe("healthie_pair_linker")
    linker.fit([gold] * 5, C=10.0)
    doc = nlp.make_doc(TEXT)
    doc.ents = [spacy.tokens.Span(doc, e.start, e.end, label=e.label_) for e in gold.ents]
    predicted = decode_relations(linker(doc), threshold=0.5)
    expected = {(h, t, label) for (h, t), labels in gold._.rel.items() for label in labels}
    assert len(predicted & expected) >= len(expected) - 1
    nlp.to_disk(tmp_path / "m")
    assert not list((tmp_path / "m").rglob("*.pkl")) and (tmp_path / "m" / "healthie_pair_linker" / "pair_classifier.json").exists()
    reloaded = spacy.load(tmp_path / "m")
    doc2 = nlp.make_doc(TEXT)
    doc2.ents = [spacy.tokens.Span(doc2, e.start, e.end, label=e.label_) for e in gold.ents]
    assert reloaded.get_pipe("healthie_pair_linker")(doc2)._.rel == doc._.rel


def test_pair_classifier_follows_sklearn_conventions_and_serialises():
    X = [{"a": 1.0}, {"b": 1.0}, {"a": 1.0, "c": 1.0}, {"b": 1.0, "c": 1.0}]
    y = [1, 0, 1, 0]
    classifier = PairClassifier(C=10.0).fit(X, y)
    assert classifier.get_params()["C"] == 10.0
    assert list(classifier.predict(X)) == y
    restored = PairClassifier.from_dict(json.loads(json.dumps(classifier.to_dict())))
    assert (restored.predict_proba(X) == classifier.predict_proba(X)).all()


def test_unfitted_linker_says_what_to_do():
    nlp = _nlp()
    linker = nlp.add_pipe("healthie_pair_linker")
    try:
        linker(nlp.make_doc(TEXT))
    except ValueError as err:
        assert "healthie train" in str(err)
    else:
        raise AssertionError("an unfitted linker must refuse")
