"""The thinc relation model, in the manner of spaCy's relation-extraction tutorial.

Candidate (VALUE, METRIC|REGION|DATE) pairs come from an instance generator; each
pair becomes [mean-pooled head tokens ; mean-pooled tail tokens ; pair features]
over the shared tok2vec, and a linear layer gives a logit per relation label (the
component applies the sigmoid, so that its loss is the cross-entropy on the logits).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.api import Linear, Model, chain
from thinc.types import Floats2d, Ragged

from .pair_features import PairContext, PairVectoriser
from .relations import candidate_pairs

Instances = list[tuple[Span, Span]]


@registry.misc("healthie.PairInstances.v1")
def create_pair_instances(max_chars: int = 60) -> Callable[[Doc], Instances]:
    """Candidate pairs: every VALUE with every METRIC, REGION and DATE within ``max_chars``."""

    def get_instances(doc: Doc) -> Instances:
        return candidate_pairs(doc, max_chars)

    return get_instances


@registry.architectures("healthie.RelationModel.v1")
def create_relation_model(create_instance_tensor: Model, classification_layer: Model) -> Model:
    """Pair tensors in, a score per relation label out."""
    return chain(create_instance_tensor, classification_layer)


@registry.architectures("healthie.RelationClassifier.v1")
def create_classification_layer(nO: int | None = None, nI: int | None = None) -> Model[Floats2d, Floats2d]:
    """A logit per relation label."""
    return Linear(nO=nO, nI=nI)


@registry.architectures("healthie.PairTensor.v1")
def create_pair_tensor(tok2vec: Model, pooling: Model, get_instances: Callable[[Doc], Instances]) -> Model:
    """Docs -> one row per candidate pair: pooled head, pooled tail, engineered pair features."""
    vectoriser = PairVectoriser()
    return Model("pair_tensor", _pair_forward, layers=[tok2vec, pooling],
                 refs={"tok2vec": tok2vec, "pooling": pooling},
                 attrs={"get_instances": get_instances, "vectoriser": vectoriser}, init=_pair_init)


def _pair_forward(model: Model, docs: list[Doc], is_train: bool):
    tok2vec, pooling = model.get_ref("tok2vec"), model.get_ref("pooling")
    get_instances, vectoriser = model.attrs["get_instances"], model.attrs["vectoriser"]
    all_instances = [get_instances(doc) for doc in docs]
    tokvecs, backprop_tok2vec = tok2vec(docs, is_train)
    rows, lengths, extras = [], [], []
    for doc, instances in zip(docs, all_instances):
        context = PairContext.of(doc) if instances else None
        for head, tail in instances:
            for span in (head, tail):
                rows.extend(range(span.start, span.end))
                lengths.append(span.end - span.start)
            extras.append(vectoriser(context, head, tail))
    width = tok2vec.get_dim("nO")
    if not lengths:
        empty = model.ops.alloc2f(0, 2 * width + vectoriser.width)
        return empty, lambda d_out: []
    offsets = np.cumsum([0] + [len(doc) for doc in docs])
    flat = model.ops.flatten(tokvecs)
    indices = []
    cursor = 0
    for doc_index, (doc, instances) in enumerate(zip(docs, all_instances)):
        count = sum((h.end - h.start) + (t.end - t.start) for h, t in instances)
        indices.extend(offsets[doc_index] + i for i in rows[cursor:cursor + count])
        cursor += count
    indices = model.ops.asarray1i(indices)
    gathered = flat[indices]
    pooled, backprop_pool = pooling(Ragged(gathered, model.ops.asarray1i(lengths)), is_train)
    pairs = model.ops.reshape2f(pooled, -1, 2 * width)
    features = model.ops.asarray2f(np.stack(extras))
    output = model.ops.xp.hstack([pairs, features])

    def backprop(d_output: Floats2d) -> list:
        d_pairs = model.ops.reshape2f(d_output[:, : 2 * width], -1, width)
        d_gathered = backprop_pool(d_pairs).dataXd
        d_flat = model.ops.alloc2f(*flat.shape)
        model.ops.scatter_add(d_flat, indices, d_gathered)
        return backprop_tok2vec(model.ops.unflatten(d_flat, [len(doc) for doc in docs]))

    return output, backprop


def _pair_init(model: Model, X=None, Y=None) -> None:
    tok2vec = model.get_ref("tok2vec")
    if X is not None:
        tok2vec.initialize(X)
    else:
        tok2vec.initialize()
    model.get_ref("pooling").initialize()
