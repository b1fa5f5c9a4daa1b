"""Relations from the scikit-learn pair classifier (``doc._.rel``), a pipeline component."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from .pair_features import PairContext, pair_features
from .relations import LABEL_OF_TAIL, candidate_pairs, set_relations

_FILE = "pair_classifier.json"


class PairLinker:
    """Scores candidate pairs with a fitted :class:`PairClassifier`."""

    def __init__(self, name: str = "healthie_pair_linker", window: int = 60):
        self.name = name
        self.window = window
        self._classifier = None
        self._source: Path | None = None

    @property
    def classifier(self):
        """The fitted classifier, read from disk on first use (scikit-learn is imported only then)."""
        if self._classifier is None and self._source is not None:
            from .pair_classifier import PairClassifier

            self._classifier = PairClassifier.load(self._source)
        return self._classifier

    def __call__(self, doc: Doc) -> Doc:
        if self.classifier is None:
            raise ValueError(f"{self.name}: the pair classifier is not fitted; run `healthie train`")
        pairs = candidate_pairs(doc, self.window)
        scored = {}
        if pairs:
            positive = list(self.classifier.classes_).index(1)
            context = PairContext.of(doc)
            probabilities = self.classifier.predict_proba([pair_features(context, h, t) for h, t in pairs])[:, positive]
            for (head, tail), probability in zip(pairs, probabilities):
                label = LABEL_OF_TAIL[tail.label_]
                scored[(head.start, tail.start)] = {label: round(float(probability), 4)}
        set_relations(doc, scored)
        return doc

    def fit(self, docs: Iterable[Doc], C: float = 1.0) -> "PairLinker":
        """Fit on Docs that carry gold entities and gold ``doc._.rel``."""
        X, y = [], []
        for doc in docs:
            gold = doc._.rel
            context = PairContext.of(doc)
            for head, tail in candidate_pairs(doc, self.window):
                X.append(pair_features(context, head, tail))
                y.append(int(any(s >= 0.5 for s in gold.get((head.start, tail.start), {}).values())))
        from .pair_classifier import PairClassifier

        self._classifier = PairClassifier(C=C).fit(X, y)
        return self

    def to_disk(self, path, exclude=tuple()):
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.classifier is not None:
            self.classifier.save(path / _FILE)

    def from_disk(self, path, exclude=tuple()):
        file = Path(path) / _FILE
        if not file.exists():
            raise FileNotFoundError(f"{file} is missing; rebuild the model with `healthie train`")
        self._classifier, self._source = None, file
        return self


@Language.factory("healthie_pair_linker", requires=["doc.ents"], assigns=["doc._.rel"], default_config={"window": 60})
def make_pair_linker(nlp: Language, name: str, window: int) -> PairLinker:
    return PairLinker(name, window)
