"""One choice per value among its candidates: a softmax over the candidates and a "none" option
(a conditional logit), fitted on groups of candidate-feature dicts and stored as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..extras import require

require("sklearn", "train", "fitting the linkers")
from scipy.optimize import minimize
from scipy.special import logsumexp
from sklearn.base import BaseEstimator
from sklearn.feature_extraction import DictVectorizer


class SoftmaxClassifier(BaseEstimator):
    """``fit(groups, answers)``: each group is a value's candidate-feature dicts, each answer the set of
    its right candidates' indexes (empty when none is right: the value gets no link). The score of a
    candidate is ``w·x``, that of "none" a learnt constant; the loss is the negative log of the
    probability the softmax over a group and "none" gives its right candidates, plus ``|w|² / 2C``.
    ``predict_proba(group)`` gives the probability of each candidate, then of "none".

    L-BFGS-B runs until the largest gradient component is below ``tol`` or the loss stops changing at
    float precision: the loss is strictly convex, so a tight stop gives the same weights (to about
    ``tol * C``) whatever order numpy and scipy sum in, on any machine and library version."""

    def __init__(self, C: float = 1.0, max_iter: int = 5000, tol: float = 1e-5):
        self.C = C
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, groups: list[list[dict[str, float]]], answers: list[set[int]]) -> "SoftmaxClassifier":
        if len(groups) != len(answers):
            raise ValueError(f"groups and answers differ in length: {len(groups)} and {len(answers)}")
        self.vectorizer_ = DictVectorizer()  # a feature that is never set has no weight to learn
        matrix = self.vectorizer_.fit_transform([{name: value for name, value in row.items() if value}
                                                 for group in groups for row in group]).tocsr()
        owner = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
        right = np.zeros(matrix.shape[0], dtype=bool)
        starts = np.concatenate([[0], np.cumsum([len(group) for group in groups])[:-1]]).astype(int)
        for start, answer in zip(starts, answers):
            right[[start + index for index in answer]] = True
        none_right = np.array([not answer for answer in answers])

        def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
            weights, none = params[:-1], params[-1]
            scores = matrix @ weights
            every = _group_logsumexp(scores, owner, len(groups), none)
            kept = _group_logsumexp(np.where(right, scores, -np.inf), owner, len(groups),
                                    np.where(none_right, none, -np.inf))
            p_all = np.exp(scores - every[owner])
            p_right = np.exp(np.where(right, scores - kept[owner], -np.inf))
            gradient = matrix.T @ (p_all - p_right) + weights / self.C
            none_gradient = np.sum(np.exp(none - every) - none_right)
            value = np.sum(every - kept) + weights @ weights / (2 * self.C)
            return float(value), np.append(gradient, none_gradient)

        result = minimize(loss, np.zeros(matrix.shape[1] + 1), jac=True, method="L-BFGS-B",
                          options={"maxiter": self.max_iter, "gtol": self.tol, "ftol": 1e-15})
        self.coef_, self.none_score_ = result.x[:-1], float(result.x[-1])
        self.n_iter_ = int(result.nit)
        return self

    def predict_proba(self, group: list[dict[str, float]]) -> np.ndarray:
        candidates = self.vectorizer_.transform(group) @ self.coef_ if group else np.zeros(0)
        scores = np.append(candidates, self.none_score_)
        return np.exp(scores - logsumexp(scores))

    def to_dict(self) -> dict:
        """Plain parameters: the feature vocabulary, weights and the score of "none"."""
        return {"kind": "softmax", "params": self.get_params(), "vocabulary": self.vectorizer_.vocabulary_,
                "coef": [self.coef_.tolist()], "intercept": [self.none_score_]}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict()), encoding="utf-8")


def _group_logsumexp(scores: np.ndarray, owner: np.ndarray, groups: int, extra) -> np.ndarray:
    """log(sum(exp)) of each group's scores and its ``extra`` score (a number or one per group)."""
    extra = np.broadcast_to(np.asarray(extra, dtype="float64"), (groups,))
    top = extra.copy()
    np.maximum.at(top, owner, scores)
    top = np.where(np.isfinite(top), top, 0.0)
    total = np.exp(extra - top) + np.bincount(owner, weights=np.exp(scores - top[owner]), minlength=groups)
    return top + np.log(total)
