"""The thinc relation component learns a small set of documents, and survives saving and loading."""

import random

import numpy as np
import pytest
import spacy
from spacy.training import Example
from thinc.api import Adam

from healthie.training.corpus.docbin import record_to_doc
from healthie.linking.scoring import decode_relations

TEXT = "2020年，全市出生人口数43417人，人口出生率6.79‰；临澧县孕产妇死亡率15.90/10万。"


def _record():
    def span(surface, label, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = TEXT.index(surface, start + 1)
        return {"start": start, "end": start + len(surface), "label": label}

    entities = [span("2020年", "DATE"), span("全市", "REGION"), span("出生人口数", "METRIC"), span("43417人", "VALUE"),
                span("人口出生率", "METRIC"), span("6.79‰", "VALUE"), span("临澧县", "REGION"),
                span("孕产妇死亡率", "METRIC"), span("15.90/10万", "VALUE")]
    relations = [{"head": 3, "tail": 2, "label": "METRIC_OF"}, {"head": 3, "tail": 1, "label": "REGION_OF"},
                 {"head": 3, "tail": 0, "label": "DATE_OF"}, {"head": 5, "tail": 4, "label": "METRIC_OF"},
                 {"head": 5, "tail": 1, "label": "REGION_OF"}, {"head": 5, "tail": 0, "label": "DATE_OF"},
                 {"head": 8, "tail": 7, "label": "METRIC_OF"}, {"head": 8, "tail": 6, "label": "REGION_OF"}]
    return {"id": "t", "source": "authored", "text": TEXT, "entities": entities, "relations": relations,
            "meta": {"home_region": "常德市"}}


@pytest.fixture(scope="module")
def trained():
    spacy.util.fix_random_seed(0)
    random.seed(0)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "healthie.CleaningTokenizer.v1",
                                                          "segmenter": "char"}}})
    extractor = nlp.add_pipe("healthie_relation_extractor")
    gold = record_to_doc(nlp, _record())
    examples = [Example(nlp.make_doc(TEXT), gold)]
    nlp.initialize(lambda: examples)
    optimizer = Adam(0.01)
    for _ in range(60):
        losses = {}
        nlp.update(examples, sgd=optimizer, losses=losses)
    return nlp, extractor, gold, losses


def _predict(nlp, gold):
    doc = nlp.make_doc(TEXT)
    doc.ents = [spacy.tokens.Span(doc, e.start, e.end, label=e.label_) for e in gold.ents]
    return nlp.get_pipe("healthie_relation_extractor")(doc)


def test_overfits_the_training_document(trained):
    nlp, _, gold, losses = trained
    assert losses["healthie_relation_extractor"] < 0.1
    predicted = decode_relations(_predict(nlp, gold), threshold=0.5)
    expected = {(h, t, label) for (h, t), labels in gold._.rel.items() for label in labels}
    assert predicted == expected


def test_save_and_reload_give_the_same_scores(trained, tmp_path):
    nlp, _, gold, _ = trained
    nlp.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")
    first, second = _predict(nlp, gold)._.rel, _predict(reloaded, gold)._.rel
    assert first.keys() == second.keys()
    for key in first:
        for label, score in first[key].items():
            assert np.isclose(score, second[key][label], atol=1e-5)


def test_no_entities_no_relations(trained):
    nlp, extractor, _, _ = trained
    doc = extractor(nlp.make_doc("没有任何实体的句子。"))
    assert doc._.rel == {}
