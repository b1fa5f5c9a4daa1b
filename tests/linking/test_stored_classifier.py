import numpy as np

from healthie.linking.pair_classifier import PairClassifier
from healthie.linking.stored_classifier import LinearScorer


def test_the_saved_scorer_gives_what_scikit_learn_gives(tmp_path):
    X = [{"near": 1.0, "unit=%": 1.0}, {"far": 1.0}, {"near": 1.0}, {"far": 1.0, "unit=%": 1.0}] * 5
    y = [1, 0, 1, 0] * 5
    fitted = PairClassifier().fit(X, y)
    fitted.save(tmp_path / "model.json")
    scorer = LinearScorer.load(tmp_path / "model.json")
    queries = X + [{"unseen feature": 1.0}, {}]
    assert np.allclose(scorer.predict_proba(queries), fitted.predict_proba(queries))
    assert list(scorer.classes_) == [0, 1]
