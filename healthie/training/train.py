"""``healthie train``: rebuild the shipped pipeline from the corpus.

1. a domain pkuseg segmenter from the authored reports (never from the seeds, so that
   held-out seeds stay unseen in every fold);
2. the corpus as DocBins on that tokenizer;
3. spaCy training of configs/train.cfg (tok2vec and the entity recognizer);
4. the three rankers (METRIC, REGION, DATE), fitted on the training documents as the rule entity
   stage tags them, so that they learn from the candidates they will meet;
5. assembly as "<entities>/<linker>" (:func:`assemble`): the shipped arrangement is the one that
   scored best on the dev split.
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
from ..linking.link_candidates import LINK_LABELS, LinkContext
from ..linking.relations import LABELS, TAIL_LABEL
from ..text.segmentation import train_pkuseg

TRAIN_CONFIG = REPO_ROOT / "configs" / "train.cfg"
CORPUS_DATA = REPO_ROOT / "corpus" / "data"
BASELINE_LINKER = "healthie_nearest_linker"  # "<entities>/nearest": the positional baseline
RANKER = "healthie_metric_ranker"  # "<entities>/ranker": one decision per value and label over its candidates
RANKER_THRESHOLD, RANKER_C = 0.05, 0.3  # chosen on the dev split (README, Results)
LINK_RANKERS = {"REGION_OF": "healthie_region_ranker", "DATE_OF": "healthie_date_ranker"}
LINK_THRESHOLD, LINK_C = 0.5, 1.0


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
        ranker = nlp.add_pipe(RANKER, before="healthie_claim_builder", config={"threshold": RANKER_THRESHOLD})
        examples = ranker_examples(base, records)
        ranker.fit([(doc, answers["METRIC_OF"]) for doc, answers in examples], C=RANKER_C)
        nlp.disable_pipe(RANKER)
        for label, name in LINK_RANKERS.items():
            linker = nlp.add_pipe("healthie_link_ranker", name=name, before="healthie_claim_builder",
                                  config={"label": label, "threshold": LINK_THRESHOLD})
            linker.fit([(doc, answers[label]) for doc, answers in examples], C=LINK_C)
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
    """(Doc tagged by the rule entity stage, {label: {gold value span: answer}}) per record, in the
    Doc's character offsets: the candidates the pipeline really proposes, with their answers. The
    answer is the gold metric span (or None) for METRIC_OF, and for REGION_OF and DATE_OF what the
    record must carry: the gold link's region name or year, else the home region or report's year."""
    rules = _rule_tagger()
    examples = []
    for record in records:
        gold = record_to_doc(base, record)
        doc = _rule_tag(rules, gold)
        context = LinkContext.of(doc)
        by_start = {e.start: e for e in gold.ents}
        values = [e for e in gold.ents if e.label_ == "VALUE"]
        tails: dict = {label: {} for label in LABELS}
        for (head, tail), labels in gold._.rel.items():
            for label, score in labels.items():
                if score >= 0.5:
                    tails[label][head] = by_start[tail]
        answers = {"METRIC_OF": {}, **{label: {} for label in LINK_LABELS}}
        for value in values:
            key = (value.start_char, value.end_char)
            metric = tails["METRIC_OF"].get(value.start)
            answers["METRIC_OF"][key] = (metric.start_char, metric.end_char) if metric is not None else None
            for label in LINK_LABELS:
                answers[label][key] = context.outcome(tails[label].get(value.start), label)
        examples.append((doc, answers))
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


SHIPPED_VARIANT = "rules/ranker"  # the best claim F1 on the dev split (README, Results)


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
