"""A scikit-learn classifier over engineered pair features, stored as JSON (never pickled)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..extras import require

require("sklearn", "train", "fitting the linkers")
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression


class PairClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression on pair-feature dicts: ``fit(X, y)``, ``predict_proba(X)``; y is 1 for a gold link."""

    def __init__(self, C: float = 1.0, max_iter: int = 2000, random_state: int = 0):
        self.C = C
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X: list[dict[str, float]], y):
        self.vectorizer_ = DictVectorizer()
        matrix = self.vectorizer_.fit_transform(X)
        self.model_ = LogisticRegression(C=self.C, max_iter=self.max_iter, random_state=self.random_state)
        self.model_.fit(matrix, np.asarray(y))
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: list[dict[str, float]]) -> np.ndarray:
        return self.model_.predict_proba(self.vectorizer_.transform(X))

    def predict(self, X: list[dict[str, float]]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def to_dict(self) -> dict:
        """Plain parameters: the feature vocabulary, weights and intercept."""
        return {"params": self.get_params(), "vocabulary": self.vectorizer_.vocabulary_,
                "coef": self.model_.coef_.tolist(), "intercept": self.model_.intercept_.tolist(),
                "classes": self.classes_.tolist()}

    @classmethod
    def from_dict(cls, data: dict) -> "PairClassifier":
        classifier = cls(**data["params"])
        classifier.vectorizer_ = DictVectorizer()
        classifier.vectorizer_.vocabulary_ = {k: int(v) for k, v in data["vocabulary"].items()}
        classifier.vectorizer_.feature_names_ = sorted(classifier.vectorizer_.vocabulary_, key=classifier.vectorizer_.vocabulary_.get)
        classifier.model_ = LogisticRegression(**{k: v for k, v in data["params"].items() if k != "C"}, C=data["params"]["C"])
        classifier.model_.coef_ = np.asarray(data["coef"])
        classifier.model_.intercept_ = np.asarray(data["intercept"])
        classifier.model_.classes_ = np.asarray(data["classes"])
        classifier.classes_ = classifier.model_.classes_
        return classifier

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict()), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "PairClassifier":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

