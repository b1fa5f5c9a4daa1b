"""``healthie train``: rebuild the shipped pipeline from the corpus.

1. a domain pkuseg segmenter from the authored reports (never from the seeds, so that
   held-out seeds stay unseen in every fold);
2. the corpus as DocBins on that tokenizer;
3. spaCy training of configs/train.cfg (tok2vec, ner, thinc relation model);
4. the scikit-learn pair linker fitted on the same training documents;
5. assembly: the relation component to run ("thinc", "pairs" or "nearest"), the number grammar's
   VALUEs preset before the recognizer, and the boilerplate filter after it.
"""

from __future__ import annotations

import contextlib
import io
import random
import shutil
import sys
import tempfile
from pathlib import Path

import spacy
from spacy.language import Language

from .corpus.build import read_corpus
from .corpus.docbin import to_docbin
from .pipeline import DEFAULT_MODEL, REPO_ROOT, domain_phrases
from .segmentation import train_pkuseg

TRAIN_CONFIG = REPO_ROOT / "configs" / "train.cfg"
CORPUS_DATA = REPO_ROOT / "corpus" / "data"
RELATION_COMPONENTS = {"thinc": "healthie_relation_extractor", "pairs": "healthie_pair_linker",
                       "nearest": "healthie_nearest_linker"}


def tokenizer_pipeline(pkuseg_dir: Path | None, segmenter: str = "pkuseg") -> Language:
    """A bare pipeline whose only job is the cleaning tokenizer with the given segmenter."""
    tokenizer = {"@tokenizers": "healthie.CleaningTokenizer.v1", "segmenter": segmenter}
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_dir) if segmenter == "pkuseg" else None)
    return nlp


def split_dev(records: list[dict], share: float = 0.1, seed: int = 0) -> tuple[list[dict], list[dict]]:
    """Hold out a few authored reports (and their noisy variants) for spaCy's model selection."""
    authored = sorted({r["id"] for r in records if r["source"] == "authored"})
    dev_ids = set(random.Random(seed).sample(authored, max(1, int(len(authored) * share))))
    dev = [r for r in records if r["id"] in dev_ids]
    train = [r for r in records if r["id"] not in dev_ids and r["id"].split("__")[0] not in dev_ids]
    return train, dev


def train_models(records: list[dict], out: Path, seed: int = 0, variant: str | None = None,
                 max_steps: int | None = None, quiet: bool = True, segmenter_dir: Path | None = None,
                 segmenter: str = "pkuseg") -> Path:
    """Train every model on ``records`` and save the pipeline to ``out``, assembled as ``variant``
    (see :func:`assemble`; None keeps the bare trained components, as cross-validation wants)."""
    spacy.util.fix_random_seed(seed)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if segmenter_dir is None and segmenter == "pkuseg":
            texts = [r["text"] for r in records if r["source"] == "authored"]
            segmenter_dir = train_pkuseg(texts, scratch / "pkuseg", domain_phrases(), seed=seed)
        base = tokenizer_pipeline(segmenter_dir, segmenter)
        train, dev = split_dev(records, seed=seed)
        to_docbin(base, train, scratch / "train.spacy")
        to_docbin(base, dev, scratch / "dev.spacy")
        overrides = {"paths.train": str(scratch / "train.spacy"), "paths.dev": str(scratch / "dev.spacy"),
                     "paths.pkuseg_model": str(segmenter_dir) if segmenter == "pkuseg" else None,
                     "nlp.tokenizer.segmenter": segmenter, "system.seed": seed}
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
        from spacy.cli.train import train as spacy_train

        sink = io.StringIO()
        with contextlib.redirect_stdout(sink if quiet else sys.stderr):
            spacy_train(TRAIN_CONFIG, scratch / "output", overrides=overrides)
        nlp = spacy.load(scratch / "output" / "model-best")
        for name in ("train", "dev", "pkuseg_model"):  # scratch paths: the segmenter lives in tokenizer/
            nlp.config["paths"][name] = None
        linker = nlp.add_pipe("healthie_pair_linker", before="healthie_claim_builder")
        linker.fit(_gold_docs(base, train))
        nlp.disable_pipe("healthie_pair_linker")
        if variant is not None:
            assemble(nlp, variant)
        if out.exists():
            shutil.rmtree(out)
        nlp.to_disk(out)
    return out


def _gold_docs(base: Language, records: list[dict]):
    from .corpus.docbin import record_to_doc

    return [record_to_doc(base, r) for r in records]


def assemble(nlp: Language, variant: str) -> Language:
    """Arrange a trained pipeline as ``variant``: a relation choice ("thinc", "pairs", "nearest"),
    optionally "+value_rules" (the number grammar presets VALUEs; the recognizer predicts around them).
    The boilerplate filter always follows the recognizer."""
    relations, _, extra = variant.partition("+")
    select_relations(nlp, relations)
    if extra == "value_rules":
        nlp.add_pipe("healthie_value_ruler", before="ner")
    if relations == "nearest":
        nlp.add_pipe("healthie_metric_chunker", before="healthie_nearest_linker")
    nlp.add_pipe("healthie_boilerplate_filter", after="ner")
    return nlp


def select_relations(nlp: Language, relations: str) -> Language:
    """Keep one relation component ("thinc", "pairs" or "nearest") in front of the claim builder."""
    wanted = RELATION_COMPONENTS[relations]
    if wanted in nlp.disabled:
        nlp.enable_pipe(wanted)
    elif wanted not in nlp.pipe_names:
        nlp.add_pipe(wanted, before="healthie_claim_builder")
    for name in RELATION_COMPONENTS.values():
        if name != wanted and name in nlp.pipe_names:
            nlp.disable_pipe(name)
    return nlp


SHIPPED_VARIANT = "pairs+value_rules"


def train_pipeline(out: str | Path | None = None, seed: int = 0, quiet: bool = False,
                   variant: str = SHIPPED_VARIANT) -> Path:
    """Train on the whole corpus (corpus/data) and write the shipped pipeline."""
    out = Path(out) if out else DEFAULT_MODEL
    records = read_corpus(CORPUS_DATA)
    if not records:
        raise FileNotFoundError(f"no corpus in {CORPUS_DATA}: run `healthie corpus build` first")
    if not quiet:
        print(f"healthie train: {len(records)} documents -> {out}", file=sys.stderr)
    return train_models(records, out, seed=seed, variant=variant, quiet=quiet)
