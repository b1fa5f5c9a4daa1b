"""The trainable relation component: scores (VALUE, METRIC|REGION|DATE) pairs into ``doc._.rel``."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_get_examples
from spacy.vocab import Vocab
from thinc.api import Config, Model, Optimizer
from thinc.types import Floats2d

from .relations import LABEL_OF_TAIL, LABELS, set_relations
from .scoring import relation_scores

DEFAULT_MODEL_CONFIG = """
[model]
@architectures = "healthie.RelationModel.v1"

[model.create_instance_tensor]
@architectures = "healthie.PairTensor.v1"

[model.create_instance_tensor.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 64
depth = 2
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true

[model.create_instance_tensor.pooling]
@layers = "reduce_mean.v1"

[model.create_instance_tensor.get_instances]
@misc = "healthie.PairInstances.v1"
max_chars = 60

[model.classification_layer]
@architectures = "healthie.RelationClassifier.v1"
"""


class RelationExtractor(TrainablePipe):
    """Scores every candidate pair; ``doc._.rel[(head.start, tail.start)] = {label: score}``."""

    def __init__(self, vocab: Vocab, model: Model, name: str = "healthie_relation_extractor", *,
                 threshold: float = 0.5):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"labels": list(LABELS), "threshold": threshold}

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cfg["labels"])

    def _instances(self, doc: Doc) -> list[tuple[Span, Span]]:
        return self.model.layers[0].attrs["get_instances"](doc)

    def predict(self, docs: Iterable[Doc]) -> Floats2d:
        docs = list(docs)
        if not any(doc.ents for doc in docs):
            return self.model.ops.alloc2f(0, len(self.labels))
        return self.model.ops.sigmoid(self.model.predict(docs), inplace=False)

    def set_annotations(self, docs: Iterable[Doc], scores: Floats2d) -> None:
        scores = self.model.ops.to_numpy(scores)
        row = 0
        for doc in docs:
            scored = {}
            for head, tail in self._instances(doc):
                label_index = self.labels.index(LABEL_OF_TAIL[tail.label_])
                scored[(head.start, tail.start)] = {self.labels[label_index]: float(scores[row, label_index])}
                row += 1
            set_relations(doc, scored)

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd: Optimizer | None = None,
               losses: dict[str, float] | None = None) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = [_with_gold_entities(eg) for eg in examples]
        docs = [eg.predicted for eg in examples]
        if not any(self._instances(doc) for doc in docs):
            return losses
        self.model.attrs.setdefault("dropout", drop)
        logits, backprop = self.model.begin_update(docs)
        loss, gradient = self.get_loss(examples, self.model.ops.sigmoid(logits, inplace=False))
        backprop(gradient)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def get_loss(self, examples: Iterable[Example], scores: Floats2d) -> tuple[float, Floats2d]:
        """Cross-entropy gradient (on the logits) for the one label a pair can take; the others are masked."""
        truths, mask = self._targets(examples)
        gradient = (scores - truths) * mask
        return float((gradient ** 2).sum()), gradient

    def _targets(self, examples: Iterable[Example]) -> tuple[Floats2d, Floats2d]:
        truths, mask = [], []
        for eg in examples:
            gold = eg.reference._.rel
            for head, tail in self._instances(eg.predicted):
                labels = gold.get((head.start, tail.start), {})
                truths.append([1.0 if labels.get(label, 0.0) >= 0.5 else 0.0 for label in self.labels])
                mask.append([1.0 if label == LABEL_OF_TAIL[tail.label_] else 0.0 for label in self.labels])
        shape = (-1, len(self.labels))
        return (self.model.ops.asarray2f(np.asarray(truths, dtype="float32").reshape(shape)),
                self.model.ops.asarray2f(np.asarray(mask, dtype="float32").reshape(shape)))

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None,
                   labels: list[str] | None = None) -> None:
        validate_get_examples(get_examples, "RelationExtractor.initialize")
        if labels:
            self.cfg["labels"] = list(labels)
        examples = [_with_gold_entities(eg) for eg in list(get_examples())[:10]]
        docs = [eg.predicted for eg in examples]
        self.model.initialize(X=docs, Y=self._targets(examples)[0])

    def score(self, examples: Iterable[Example], **kwargs) -> dict[str, float]:
        """Micro P/R/F of the decoded relations (best tail per VALUE and label above the threshold)."""
        scores = relation_scores(examples, threshold=self.cfg["threshold"])
        return {"rel_micro_p": scores["micro"]["p"], "rel_micro_r": scores["micro"]["r"],
                "rel_micro_f": scores["micro"]["f"]}


def _with_gold_entities(example: Example) -> Example:
    """Train on the gold entities (the same tokenization on both sides), as the tutorial does."""
    predicted = example.predicted
    predicted.ents = [Span(predicted, e.start, e.end, label=e.label_) for e in example.reference.ents]
    return example


@Language.factory("healthie_relation_extractor", requires=["doc.ents"], assigns=["doc._.rel"],
                  default_config={"model": Config().from_str(DEFAULT_MODEL_CONFIG)["model"], "threshold": 0.5},
                  default_score_weights={"rel_micro_f": 1.0, "rel_micro_p": 0.0, "rel_micro_r": 0.0})
def make_relation_extractor(nlp: Language, name: str, model: Model, threshold: float) -> RelationExtractor:
    return RelationExtractor(nlp.vocab, model, name, threshold=threshold)
