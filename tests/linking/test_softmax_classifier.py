import numpy as np
import pytest

from healthie.linking.softmax_classifier import SoftmaxClassifier
from healthie.linking.stored_classifier import LinearScorer

# each group: one value's candidates; the near one right, or none of them when the value is a rank
GROUPS = [[{"near": 1.0}, {"far": 1.0}], [{"far": 1.0}, {"near": 1.0}, {"far": 1.0, "other_sentence": 1.0}],
          [{"near": 1.0, "rank": 1.0}, {"far": 1.0, "rank": 1.0}]] * 4
ANSWERS = [{0}, {1}, set()] * 4


def test_it_learns_the_right_candidate_of_each_group_and_when_none_is_right():
    fitted = SoftmaxClassifier(C=100.0).fit(GROUPS, ANSWERS)
    for group, answer in zip(GROUPS, ANSWERS):
        probabilities = fitted.predict_proba(group)  # the candidates', then "none"
        assert probabilities.shape == (len(group) + 1,) and np.isclose(probabilities.sum(), 1.0)
        best = int(probabilities.argmax())
        assert best == (next(iter(answer)) if answer else len(group)), (group, probabilities)
        assert probabilities[best] > 0.9


def test_a_group_with_several_right_answers_gives_them_the_probability_together():
    """A region linked by its name or by 全市 gives the same record: both are right; only the wrong
    candidate and "none" are pushed down."""
    groups = [[{"named": 1.0}, {"deictic": 1.0}, {"other": 1.0}]] * 5
    fitted = SoftmaxClassifier(C=100.0).fit(groups, [{0, 1}] * 5)
    probabilities = fitted.predict_proba(groups[0])
    assert probabilities[[2, 3]].max() < 0.05 and probabilities[[0, 1]].sum() > 0.95


def test_training_is_deterministic_and_the_saved_scorer_gives_the_same_choice(tmp_path):
    first = SoftmaxClassifier().fit(GROUPS, ANSWERS)
    second = SoftmaxClassifier().fit(GROUPS, ANSWERS)
    assert np.array_equal(first.coef_, second.coef_) and first.none_score_ == second.none_score_
    first.save(tmp_path / "model.json")
    scorer = LinearScorer.load(tmp_path / "model.json")
    for group in GROUPS[:3] + [[{"unseen feature": 1.0}], []]:
        assert np.allclose(scorer.candidate_probabilities(group), first.predict_proba(group)[:-1])


def test_groups_and_answers_must_pair_up():
    with pytest.raises(ValueError, match="differ in length"):
        SoftmaxClassifier().fit(GROUPS, ANSWERS[:-1])



def test_the_weights_do_not_hang_on_the_order_numpy_sums_in():
    """The fit stops at a small gradient, not where the loss first changes little: on features that
    nearly always come together and a distance on a large scale (as the rankers' are), the same
    groups in another order (other sums, other float rounding) give the same weights. Stopped where
    the loss first changed little, as before, they differed by 0.08. A shipped model must be
    refitted alike on any machine and library version."""
    rng = np.random.default_rng(0)
    groups, answers = [], []
    for _ in range(3000):
        kinds, distances = rng.integers(30, size=6), rng.integers(60, size=6).astype(float)
        group = [{f"a{kind}": 1.0, "distance": distance, "distance_sq": distance * distance / 60}
                 | ({f"b{kind}": 1.0} if rng.random() < 0.97 else {}) for kind, distance in zip(kinds, distances)]
        scores = 0.3 * (kinds % 3) - 0.1 * distances + rng.gumbel(size=6)
        groups.append(group)
        answers.append({int(scores.argmax())} if scores.max() > -2 else set())
    forward = SoftmaxClassifier().fit(groups, answers)
    backward = SoftmaxClassifier().fit(groups[::-1], answers[::-1])
    assert forward.vectorizer_.vocabulary_ == backward.vectorizer_.vocabulary_
    assert np.allclose(forward.coef_, backward.coef_, atol=1e-3)
    assert abs(forward.none_score_ - backward.none_score_) < 1e-3
