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
    """A saved :class:`SoftmaxClassifier` applied with numpy alone: a softmax over one value's
    candidates' scores ``w·x`` and the score of "none"."""

    def __init__(self, data: dict):
        self.data = data
        self.vocabulary = data["vocabulary"]
        self.coef = np.asarray(data["coef"][0], dtype="float64")
        self.none_score = float(data["intercept"][0])

    @classmethod
    def load(cls, path: str | Path) -> "LinearScorer":
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def to_dict(self) -> dict:
        return self.data

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.data), encoding="utf-8")

    def scores(self, X: list[dict[str, float]]) -> np.ndarray:
        """``w·x`` of each row: one sparse dot product per row, summed by numpy."""
        vocabulary, rows, columns, values = self.vocabulary, [], [], []
        for row, features in enumerate(X):
            for name, value in features.items():
                column = vocabulary.get(name)
                if column is not None and value:
                    rows.append(row)
                    columns.append(column)
                    values.append(value)
        weighted = self.coef[np.asarray(columns, dtype=np.intp)] * np.asarray(values, dtype="float64")
        return np.bincount(np.asarray(rows, dtype=np.intp), weights=weighted, minlength=len(X))

    def candidate_probabilities(self, group: list[dict[str, float]]) -> np.ndarray:
        """The probability that each of one value's candidates is its answer (the rest: none is)."""
        scores = np.append(self.scores(group), self.none_score)
        return np.exp(scores - np.logaddexp.reduce(scores))[:-1]


class StoredClassifier:
    """A component's fitted :class:`SoftmaxClassifier`, saved as JSON in the component's folder and
    applied as a :class:`LinearScorer` (scikit-learn and scipy are needed only to fit)."""

    FILE = "softmax_classifier.json"

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
        probabilities = self.classifier.candidate_probabilities(rows)
        best = int(probabilities.argmax())
        return (best, round(float(probabilities[best]), 4)) if probabilities[best] >= threshold else None

    def fit_groups(self, groups: list[list[dict[str, float]]], answers: list[set[int]], C: float = 1.0) -> None:
        """Fit on each value's candidate rows and the indexes of its right candidates (none: no link is)."""
        from .softmax_classifier import SoftmaxClassifier

        kept = [(group, answer) for group, answer in zip(groups, answers) if group]
        fitted = SoftmaxClassifier(C=C).fit([group for group, _ in kept], [answer for _, answer in kept])
        self._classifier = LinearScorer(fitted.to_dict())

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
