"""Relations from the scikit-learn pair classifier (``doc._.rel``), a pipeline component."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from .pair_features import PairContext, pair_features
from .relations import LABEL_OF_TAIL, candidate_pairs, set_relations
from .stored_classifier import StoredClassifier


class PairLinker(StoredClassifier):
    """Scores candidate pairs with a fitted :class:`PairClassifier`."""

    def __init__(self, name: str = "healthie_pair_linker", window: int = 60):
        super().__init__()
        self.name = name
        self.window = window

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


@Language.factory("healthie_pair_linker", requires=["doc.ents"], assigns=["doc._.rel"], default_config={"window": 60})
def make_pair_linker(nlp: Language, name: str, window: int) -> PairLinker:
    return PairLinker(name, window)
