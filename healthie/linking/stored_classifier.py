"""The fitted classifier of a trainable linking component, kept as JSON in the component's folder."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.training import Example

from .gold import entity_stage, training_pairs


class LinearScorer:
    """A saved binary logistic regression over feature dicts, applied with numpy alone."""

    def __init__(self, vocabulary: dict[str, int], coef: list[float], intercept: float, classes: list[int]):
        self.vocabulary = vocabulary
        self.coef = np.asarray(coef, dtype="float64")
        self.intercept = float(intercept)
        self.classes_ = np.asarray(classes)

    @classmethod
    def load(cls, path: str | Path) -> "LinearScorer":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["vocabulary"], data["coef"][0], data["intercept"][0], data["classes"])

    def predict_proba(self, X: list[dict[str, float]]) -> np.ndarray:
        """[[P(class 0), P(class 1)]] per row, as scikit-learn's LogisticRegression gives them."""
        vocabulary, rows, columns, values = self.vocabulary, [], [], []
        for row, features in enumerate(X):
            for name, value in features.items():
                column = vocabulary.get(name)
                if column is not None and value:
                    rows.append(row)
                    columns.append(column)
                    values.append(value)
        weighted = self.coef[np.asarray(columns, dtype=np.intp)] * np.asarray(values, dtype="float64")
        scores = self.intercept + np.bincount(np.asarray(rows, dtype=np.intp), weights=weighted, minlength=len(X))
        positive = 1.0 / (1.0 + np.exp(-scores))
        return np.column_stack([1.0 - positive, positive])


class StoredClassifier:
    """A component's :class:`PairClassifier`, saved as JSON in the component's folder and read from
    disk on first use (so scikit-learn is imported only when the component runs)."""

    FILE = "pair_classifier.json"

    def __init__(self):
        self._classifier = None
        self._source: Path | None = None

    @property
    def classifier(self):
        """The fitted classifier, or None before fitting or loading: a :class:`LinearScorer` read from
        disk (scikit-learn is needed only to fit)."""
        if self._classifier is None and self._source is not None:
            self._classifier = LinearScorer.load(self._source)
        return self._classifier

    def choose(self, rows: list[dict[str, float]], threshold: float) -> tuple[int, float] | None:
        """(index, probability) of the best-scoring candidate when it reaches ``threshold``, else None."""
        probabilities = self.classifier.predict_proba(rows)[:, list(self.classifier.classes_).index(1)]
        best = int(probabilities.argmax())
        return (best, round(float(probabilities[best]), 4)) if probabilities[best] >= threshold else None

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language, C: float = 1.0) -> None:
        """spaCy's initialize step: fit on the training examples' gold answers for ``self.label``, over
        the candidates that ``nlp``'s own entity stage proposes (:mod:`healthie.linking.gold`)."""
        pairs = training_pairs(get_examples(), entity_stage(nlp))
        self.fit([(doc, found[self.label]) for doc, found in pairs], C=C)

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.classifier is not None:
            self.classifier.save(path / self.FILE)

    def from_disk(self, path, exclude=tuple()):
        file = Path(path) / self.FILE
        if not file.exists():
            raise FileNotFoundError(f"{file} is missing; rebuild the model with `healthie train`")
        self._classifier, self._source = None, file
        return self
