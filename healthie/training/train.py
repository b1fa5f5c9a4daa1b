"""Training: the shipped pipeline from its complete config, and the arrangements cross-validation compares.

``healthie train CONFIG`` (:func:`train_pipeline`) builds the pipeline that configs/healthie-zh.cfg
describes, whole: a domain pkuseg segmenter trained on the corpus's authored reports (never on the
seeds, so that held-out seeds stay unseen in every fold), then ``nlp.initialize``, which fits the three
rankers (METRIC, REGION, DATE) on the training corpus as the pipeline's own entity stage tags it.

Cross-validation (:func:`train_models`) also trains spaCy's tok2vec and entity recognizer
(configs/train.cfg) and assembles each fold's components as "<entities>/<linker>" (:func:`assemble`),
so that the rule and the trained entity stages can be compared.
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
from spacy.tokens import Doc

from spacy.schemas import ConfigSchemaTraining
from spacy.util import registry, resolve_dot_names

from .. import __version__
from .corpus.build import read_corpus
from .corpus.docbin import record_to_doc, to_docbin
from ..pipeline import DEFAULT_MODEL, REPO_ROOT, domain_phrases, write_manifest
from ..linking.gold import answers, tagged
from ..linking.relations import TAIL_LABEL
from ..text.segmentation import train_pkuseg

SHIPPED_CONFIG = REPO_ROOT / "configs" / "healthie-zh.cfg"  # the whole shipped pipeline
TRAIN_CONFIG = REPO_ROOT / "configs" / "train.cfg"  # tok2vec and ner, for the arrangements cross-validation compares
CORPUS_DATA = REPO_ROOT / "corpus" / "data"
BASELINE_LINKER = "healthie_nearest_linker"  # "<entities>/nearest": the positional baseline
RANKER = "healthie_metric_ranker"  # "<entities>/ranker": one decision per value and label over its candidates
LINK_RANKERS = {"REGION_OF": "healthie_region_ranker", "DATE_OF": "healthie_date_ranker"}


def ranker_settings() -> dict[str, tuple[dict, dict]]:
    """Each ranker's (component config, initialize settings) in the shipped config, for the
    arrangements cross-validation trains: thresholds and C were chosen on the dev split."""
    config = spacy.util.load_config(SHIPPED_CONFIG)
    return {name: ({k: v for k, v in config["components"][name].items() if k != "factory"},
                   dict(config["initialize"]["components"][name]))
            for name in (RANKER, *LINK_RANKERS.values())}


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
        nlp.add_pipe(BASELINE_LINKER, before="healthie_claim_builder")
        nlp.disable_pipe(BASELINE_LINKER)
        examples = ranker_examples(base, records)
        for name, (settings, fitting) in ranker_settings().items():
            factory = RANKER if name == RANKER else "healthie_link_ranker"
            ranker = nlp.add_pipe(factory, name=name, before="healthie_claim_builder", config=settings)
            ranker.fit([(doc, found[ranker.label]) for doc, found in examples], **fitting)
            nlp.disable_pipe(name)
        if variant is not None:
            assemble(nlp, variant)
            for name in list(nlp.disabled):  # what the arrangement does not use is not shipped
                nlp.remove_pipe(name)
        if out.exists():
            shutil.rmtree(out)
        nlp.to_disk(out)
        write_manifest(out)
    return out


RULE_ENTITY_COMPONENTS = ("healthie_value_ruler", "healthie_lexicon_ruler", "healthie_boilerplate_filter",
                          "healthie_metric_chunker")


def ranker_examples(base: Language, records: list[dict]) -> list[tuple[Doc, dict[str, dict]]]:
    """(Doc tagged by the rule entity stage, {label: {gold value span: answer}}) per record, on the
    tokenizer of ``base`` (:func:`healthie.linking.gold.answers`)."""
    stage = [component for _, component in _rule_tagger().pipeline]
    examples = []
    for record in records:
        gold = record_to_doc(base, record)
        doc = tagged(stage, gold)
        examples.append((doc, answers(gold, doc)))
    return examples


def _rule_tagger() -> Language:
    rules = spacy.blank("zh")
    for name in RULE_ENTITY_COMPONENTS:
        rules.add_pipe(name)
    return rules


def assemble(nlp: Language, variant: str) -> Language:
    """Arrange a trained pipeline as ``variant`` = "<entities>/<linker>".

    entities: "rules" (number grammar, patterns and lexicons, metric chunker); "hybrid" (the rules
    preset VALUE, REGION, ORG, DATE, DISEASE and POLICY, the recognizer adds the METRICs around them,
    the chunker fills in); or "ner", optionally "+value_rules" (the number grammar presets VALUEs; the
    recognizer predicts around them) and "+chunker" (a METRIC phrase beside values left without one).
    linker: "nearest" (the positional baseline) or "ranker" (the metric, region and date rankers make
    each value's METRIC, REGION and DATE decisions over all its candidates). The boilerplate filter
    always follows the entity components.
    """
    entities, _, linker = variant.partition("/")
    source, *extras = entities.split("+")
    if linker not in ("nearest", "ranker"):
        raise ValueError(f"unknown linker {linker!r} in variant {variant!r}: use nearest or ranker")
    chosen = [BASELINE_LINKER] if linker == "nearest" else [RANKER, *LINK_RANKERS.values()]
    for name in [BASELINE_LINKER, RANKER, *LINK_RANKERS.values()]:
        if name in chosen:
            nlp.enable_pipe(name)
        elif name not in nlp.disabled:
            nlp.disable_pipe(name)
    # the rankers decided; the baseline's positional scores count for any plausible candidate
    thresholds = dict.fromkeys(TAIL_LABEL, 0.0 if linker == "ranker" else 0.1)
    nlp.replace_pipe("healthie_claim_builder", "healthie_claim_builder", config={"thresholds": thresholds})
    first_after = chosen[0]
    if source == "hybrid":
        nlp.add_pipe("healthie_value_ruler", before="ner")
        nlp.add_pipe("healthie_lexicon_ruler", before="ner",
                     config={"labels": ["POLICY", "ORG", "DATE", "DISEASE", "REGION"]})
        nlp.add_pipe("healthie_boilerplate_filter", after="ner")
        nlp.add_pipe("healthie_metric_chunker", after="healthie_boilerplate_filter")
        return nlp
    if source == "rules":
        nlp.disable_pipe("ner")
        nlp.disable_pipe("tok2vec")
        for name in RULE_ENTITY_COMPONENTS:
            nlp.add_pipe(name, before=first_after)
        return nlp
    if "value_rules" in extras:
        nlp.add_pipe("healthie_value_ruler", before="ner")
    nlp.add_pipe("healthie_boilerplate_filter", after="ner")
    if "chunker" in extras:
        nlp.add_pipe("healthie_metric_chunker", after="healthie_boilerplate_filter")
    return nlp


META = {"name": "healthie", "version": __version__, "license": "MIT", "author": "healthie",
        "description": "Numeric claims (value, metric, region, year) from Chinese health-administration reports: "
                       "cleaning tokenizer with a domain pkuseg segmenter, rule entity stage, METRIC, REGION "
                       "and DATE rankers, claim builder",
        "requirements": [f"healthie>={__version__}"]}


def train_pipeline(config: str | Path = SHIPPED_CONFIG, output: str | Path | None = None,
                   overrides: dict | None = None, quiet: bool = False) -> Path:
    """Build the pipeline a complete config describes, fit what ``nlp.initialize`` fits on its
    training corpus, and save it to ``output`` (default models/healthie-zh) with a manifest."""
    output = Path(output) if output else DEFAULT_MODEL
    config = spacy.util.load_config(config, overrides=overrides or {}, interpolate=False)
    seed = config["system"]["seed"]
    spacy.util.fix_random_seed(seed)
    with tempfile.TemporaryDirectory() as scratch:
        if config["paths"].get("pkuseg_model") is None and config["nlp"]["tokenizer"].get("segmenter") == "pkuseg":
            config["paths"]["pkuseg_model"] = str(_domain_segmenter(config["paths"]["corpus"], Path(scratch), seed, quiet))
        nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
        resolved = nlp.config.interpolate()
        training = registry.resolve(resolved["training"], schema=ConfigSchemaTraining)
        corpus = resolve_dot_names(resolved, [training["train_corpus"]])[0]
        examples: list = []

        def get_examples():
            if not examples:  # read and tokenized once, for all the components that fit on it
                examples.extend(corpus(nlp))
                if not quiet:
                    print(f"healthie train: {len(examples)} training documents", file=sys.stderr)
            return examples

        nlp.initialize(get_examples)
        nlp.config["paths"]["pkuseg_model"] = None  # a scratch path: the segmenter is saved in tokenizer/
        nlp.meta.update(META)
        if output.exists():
            shutil.rmtree(output)
        nlp.to_disk(output)
        write_manifest(output)
    return output


def _domain_segmenter(corpus: str | Path, scratch: Path, seed: int, quiet: bool) -> Path:
    """A pkuseg model trained on the authored reports of the corpus (never the seeds)."""
    texts = [r["text"] for r in read_corpus(corpus) if r["source"] == "authored"]
    if not texts:
        raise FileNotFoundError(f"no authored reports in the corpus at {corpus}: run `healthie corpus build` first")
    if not quiet:
        print(f"healthie train: segmenter from {len(texts)} authored reports", file=sys.stderr)
    return train_pkuseg(texts, scratch / "pkuseg", domain_phrases(), seed=seed)
