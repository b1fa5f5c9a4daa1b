"""``healthie train``: rebuild the shipped pipeline from the corpus.

1. a domain pkuseg segmenter from the authored reports (never from the seeds, so that
   held-out seeds stay unseen in every fold);
2. the corpus as DocBins on that tokenizer;
3. spaCy training of configs/train.cfg (tok2vec, ner, thinc relation model);
4. the scikit-learn pair linker, fitted on the same documents with gold and with rule-tagged entities;
5. assembly as "<entities>/<relations>" (:func:`assemble`): the shipped arrangement is the one that
   scored best in leave-one-seed-out cross-validation.
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

from .corpus.build import read_corpus
from .corpus.docbin import record_to_doc, to_docbin
from ..pipeline import DEFAULT_MODEL, REPO_ROOT, domain_phrases, write_manifest
from ..linking.relations import TAIL_LABEL, set_relations
from ..text.segmentation import train_pkuseg

TRAIN_CONFIG = REPO_ROOT / "configs" / "train.cfg"
CORPUS_DATA = REPO_ROOT / "corpus" / "data"
RELATION_COMPONENTS = {"thinc": "healthie_relation_extractor", "pairs": "healthie_pair_linker",
                       "nearest": "healthie_nearest_linker"}
RANKER = "healthie_metric_ranker"  # "<relations>+ranker": one METRIC decision per value after them
RANKER_THRESHOLD, RANKER_C = 0.05, 0.3  # chosen on the dev split (README, Results)


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
        linker.fit(_gold_docs(base, train) + rule_tagged_docs(base, train))
        nlp.disable_pipe("healthie_pair_linker")
        ranker = nlp.add_pipe("healthie_metric_ranker", before="healthie_claim_builder",
                              config={"threshold": RANKER_THRESHOLD})
        ranker.fit(ranker_examples(base, train), C=RANKER_C)
        nlp.disable_pipe("healthie_metric_ranker")
        if variant is not None:
            assemble(nlp, variant)
        if out.exists():
            shutil.rmtree(out)
        nlp.to_disk(out)
        write_manifest(out)
    return out


def _gold_docs(base: Language, records: list[dict]):
    return [record_to_doc(base, r) for r in records]


RULE_ENTITY_COMPONENTS = ("healthie_value_ruler", "healthie_lexicon_ruler", "healthie_boilerplate_filter",
                          "healthie_metric_chunker")


def ranker_examples(base: Language, records: list[dict]) -> list[tuple]:
    """(Doc tagged by the rule entity stage, {gold value span: gold metric span or None}) per record,
    in the Doc's character offsets: the candidates the pipeline really proposes, with their answers."""
    rules = _rule_tagger()
    examples = []
    for record in records:
        gold = record_to_doc(base, record)
        doc = _rule_tag(rules, gold)
        by_start = {e.start: e for e in gold.ents}
        metrics: dict = {(e.start_char, e.end_char): None for e in gold.ents if e.label_ == "VALUE"}
        for (head, tail), labels in gold._.rel.items():
            if labels.get("METRIC_OF", 0.0) >= 0.5:
                value, metric = by_start[head], by_start[tail]
                metrics[(value.start_char, value.end_char)] = (metric.start_char, metric.end_char)
        examples.append((doc, metrics))
    return examples


def _rule_tagger() -> Language:
    rules = spacy.blank("zh")
    for name in RULE_ENTITY_COMPONENTS:
        rules.add_pipe(name)
    return rules


def _rule_tag(rules: Language, gold: Doc) -> Doc:
    """A copy of a gold Doc with the rule components' entities instead of the gold ones."""
    doc = gold.copy()
    doc.ents = []
    for _, component in rules.pipeline:
        doc = component(doc)
    return doc


def rule_tagged_docs(base: Language, records: list[dict]) -> list:
    """Docs with the rule components' entities and, as ``doc._.rel``, the gold relations they overlap.

    Fitting the pair classifier on these as well as on gold entities teaches it the candidates it
    will meet when it runs after the rule tagger (METRIC phrases from the chunker, for instance).
    """
    rules = _rule_tagger()
    docs = []
    for record in records:
        gold = record_to_doc(base, record)
        doc = _rule_tag(rules, gold)
        gold_links = [(h, t, label) for (h, t), labels in gold._.rel.items() for label in labels]
        gold_spans = {e.start: e for e in gold.ents}
        tails = {e.start: e for e in doc.ents if e.label_ in TAIL_LABEL.values()}
        links = {}
        for head in (e for e in doc.ents if e.label_ == "VALUE"):
            for h, t, label in gold_links:
                gold_head, gold_tail = gold_spans[h], gold_spans[t]
                if head.start < gold_head.end and gold_head.start < head.end:
                    for tail in tails.values():
                        if tail.label_ == TAIL_LABEL[label] and tail.start < gold_tail.end and gold_tail.start < tail.end:
                            links[(head.start, tail.start)] = {label: 1.0}
        set_relations(doc, links)
        docs.append(doc)
    return docs


def assemble(nlp: Language, variant: str) -> Language:
    """Arrange a trained pipeline as ``variant`` = "<entities>/<relations>".

    entities: "rules" (number grammar, patterns and lexicons, metric chunker; "+candidates": the
    chunker proposes the phrases on both sides of every value); "hybrid" (the rules
    preset VALUE, REGION, ORG, DATE, DISEASE and POLICY, the recognizer adds the METRICs around them,
    the chunker fills in); or "ner", optionally
    "+value_rules" (the number grammar presets VALUEs; the recognizer predicts around them) and
    "+chunker" (a METRIC phrase beside values left without one); relations: "nearest", "pairs"
    (scikit-learn) or "thinc", optionally "+ranker" (the metric ranker then makes each value's METRIC
    decision over all its candidates). The boilerplate filter always follows the entity components.
    """
    entities, _, relations = variant.partition("/")
    relations, _, ranked = relations.partition("+")
    source, *extras = entities.split("+")
    select_relations(nlp, relations)
    if ranked == "ranker":
        nlp.enable_pipe(RANKER)
        thresholds = {**nlp.get_pipe("healthie_claim_builder").thresholds, "METRIC_OF": 0.0}  # the ranker decided
        nlp.replace_pipe("healthie_claim_builder", "healthie_claim_builder", config={"thresholds": thresholds})
    elif RANKER in nlp.pipe_names and RANKER not in nlp.disabled:
        nlp.disable_pipe(RANKER)
    if relations == "nearest":  # positional scores, not probabilities: any plausible candidate counts
        nlp.replace_pipe("healthie_claim_builder", "healthie_claim_builder",
                         config={"thresholds": dict.fromkeys(TAIL_LABEL, 0.1)})
    first_after = RELATION_COMPONENTS[relations]
    if source == "hybrid":
        nlp.add_pipe("healthie_value_ruler", before="ner")
        nlp.add_pipe("healthie_lexicon_ruler", before="ner",
                     config={"labels": ["POLICY", "ORG", "DATE", "DISEASE", "REGION"]})
        nlp.add_pipe("healthie_boilerplate_filter", after="ner")
        nlp.add_pipe("healthie_metric_chunker", after="healthie_boilerplate_filter")
        return nlp
    if source == "rules":
        nlp.disable_pipe("ner")
        if relations != "thinc":
            nlp.disable_pipe("tok2vec")
        for name in ("healthie_value_ruler", "healthie_lexicon_ruler", "healthie_boilerplate_filter"):
            nlp.add_pipe(name, before=first_after)
        nlp.add_pipe("healthie_metric_chunker", before=first_after, config={"candidates": "candidates" in extras})
        return nlp
    if "value_rules" in extras:
        nlp.add_pipe("healthie_value_ruler", before="ner")
    nlp.add_pipe("healthie_boilerplate_filter", after="ner")
    if "chunker" in extras:
        nlp.add_pipe("healthie_metric_chunker", after="healthie_boilerplate_filter")
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


SHIPPED_VARIANT = "rules/thinc+ranker"  # the best claim F1 on the dev split (README, Results)


def train_pipeline(out: str | Path | None = None, seed: int = 0, quiet: bool = False,
                   variant: str = SHIPPED_VARIANT, corpus: str | Path | None = None) -> Path:
    """Train on the whole corpus (every .jsonl of corpus/data, or of ``corpus``) and write the pipeline."""
    out = Path(out) if out else DEFAULT_MODEL
    corpus = Path(corpus) if corpus else CORPUS_DATA
    records = read_corpus(corpus)
    if not records:
        raise FileNotFoundError(f"no corpus in {corpus}: run `healthie corpus build` first")
    if not quiet:
        print(f"healthie train: {len(records)} documents -> {out}", file=sys.stderr)
    return train_models(records, out, seed=seed, variant=variant, quiet=quiet)
