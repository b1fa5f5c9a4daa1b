"""Leave-one-seed-out cross-validation: train without the held-out seed, score on it.

For each fold one pipeline is trained (``training.train_models``) and scored in
several variants that differ only in what follows the entity recognizer, next to
the rules-only baseline built on the same segmenter. Reports go to JSON and markdown.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

import spacy

from .corpus.build import read_corpus
from .corpus.docbin import leave_one_seed_out
from .evaluation import CLAIM_LEVELS, ENTITY_LABELS, evaluate, metric_right, prf
from ..lexicons.provenance import only_in, withholding
from ..pipeline import domain_phrases
from ..io.progress import Progress
from ..linking.relations import LABELS
from ..text.segmentation import train_pkuseg
from .train import CORPUS_DATA, assemble, train_models

BASELINE = "rules/nearest"
TEST_FOLD = "test split"  # trained on every training record, scored on corpus/data/test.jsonl
VARIANTS = (BASELINE, "rules/ranker", "hybrid/ranker", "ner+value_rules+chunker/ranker")


def variant_pipeline(model_dir: Path, variant: str):
    """One fold's trained pipeline arranged as ``variant`` (see ``training.assemble``)."""
    return assemble(spacy.load(model_dir), variant)


def cross_validate(records: list[dict], variants: tuple[str, ...] = VARIANTS, seed: int = 0,
                   max_steps: int | None = None, segmenter: str = "char", folds: list[str] | None = None,
                   models_dir: Path | None = None, quiet: bool = False, test: list[dict] | None = None,
                   withhold_seed_only: bool = False) -> dict:
    """Scores per fold and variant, plus their pooled and mean summaries; with ``test`` (the test
    split), also the scores of each variant trained on every record and scored on it.

    With ``models_dir`` the fold models are kept there, and a fold whose model is already
    there is scored without training again. With ``withhold_seed_only``, each fold is trained and
    scored without the lexicon and catalogue entries that only its held-out seed attests
    (:mod:`healthie.lexicons.provenance`).
    """
    results: dict = {"folds": {}, "variants": list(variants), "segmenter": segmenter,
                     "withheld": {} if withhold_seed_only else None}
    with tempfile.TemporaryDirectory() as scratch:
        keep = Path(models_dir) if models_dir else Path(scratch)
        segmenter_dir = keep / "pkuseg"
        if not (segmenter_dir / "weights.npz").exists():
            train_pkuseg([r["text"] for r in records if r["source"] == "authored"], segmenter_dir,
                         domain_phrases(), seed=seed)
        splits = [split for split in leave_one_seed_out(records) if not folds or split[0] in folds]
        if test:
            splits.append((TEST_FOLD, records, test))
        progress = Progress("evaluate", quiet=quiet, total=len(splits) * (1 + len(variants)))
        for held, train, test in splits:
            left_out = only_in(held) if withhold_seed_only and held != TEST_FOLD else set()
            if withhold_seed_only and held != TEST_FOLD:
                results["withheld"][held] = sorted(left_out)
            model_dir = keep / f"{segmenter}-{held}{'-withheld' if left_out else ''}"
            with withholding(left_out):
                if not (model_dir / "config.cfg").exists():
                    train_models(train, model_dir, seed=seed, max_steps=max_steps, segmenter_dir=segmenter_dir,
                                 segmenter=segmenter)
                progress.step(f"fold {held}: trained on {len(train)} documents")
                results["folds"][held] = {}
                for variant in variants:
                    scores = evaluate(variant_pipeline(model_dir, variant), test)
                    results["folds"][held][variant] = scores
                    progress.step(f"fold {held}: {variant} claim F {scores['claims']['value+metric+region']['f']:.3f}")
        progress.close()
    if TEST_FOLD in results["folds"]:
        results["test"] = results["folds"].pop(TEST_FOLD)
    results["summary"] = summarise(results)
    return results


def summarise(results: dict) -> dict:
    """Per variant: pooled (micro over all held-out seeds) and mean-over-folds scores."""
    summary = {}
    for variant in results["variants"]:
        per_fold = [fold[variant] for fold in results["folds"].values() if variant in fold]
        if not per_fold:
            continue
        summary[variant] = {
            "entities": {label: _pool([f["entities"][label] for f in per_fold]) for label in (*ENTITY_LABELS, "micro")},
            "relations": {label: _pool([f["relations"][label] for f in per_fold]) for label in (*LABELS, "micro")},
            "claims": {level: _pool([f["claims"][level] for f in per_fold]) for level in CLAIM_LEVELS},
            "link_accuracy": {k: round(sum(f["link_accuracy"][k] for f in per_fold) / len(per_fold), 4)
                              for k in per_fold[0]["link_accuracy"]},
            "errors": dict(sum((Counter(f["errors"]) for f in per_fold), Counter()).most_common()),
        }
    return summary


def _pool(scores: list[dict]) -> dict:
    total = Counter()
    for score in scores:
        total.update({k: score[k] for k in ("correct", "predicted", "gold")})
    pooled = prf(total["correct"], total["predicted"], total["gold"])
    pooled["mean_f"] = round(sum(s["f"] for s in scores) / len(scores), 4)
    return pooled


def to_markdown(results: dict, worst: int = 20) -> str:
    """The report: summary tables, per-fold claim scores, and the worst claim errors."""
    lines = [f"# Leave-one-seed-out evaluation (segmenter: {results['segmenter']})", ""]
    if results.get("withheld") is not None:
        lines += ["Each fold trained and scored without the lexicon and catalogue entries that only its held-out seed "
                  "attests (`healthie/data/provenance.json`): " + "; ".join(
                      f"{held}: {len(entries)} ({', '.join(entries) or 'none'})" for held, entries in results["withheld"].items()),
                  ""]
    summary = results["summary"]
    variants = list(summary)
    lines += ["## Entities (F1, pooled over the held-out seeds; mean over folds in brackets)", "",
              "| label | " + " | ".join(variants) + " |", "|---|" + "---|" * len(variants)]
    for label in (*ENTITY_LABELS, "micro"):
        lines.append(f"| {label} | " + " | ".join(
            f"{summary[v]['entities'][label]['f']:.3f} ({summary[v]['entities'][label]['mean_f']:.3f})" for v in variants) + " |")
    lines += ["", "## Relations (P / R / F1, pooled)", "", "| relation | " + " | ".join(variants) + " |",
              "|---|" + "---|" * len(variants)]
    for label in (*LABELS, "micro"):
        lines.append(f"| {label} | " + " | ".join(
            "{p:.3f} / {r:.3f} / {f:.3f}".format(**summary[v]["relations"][label]) for v in variants) + " |")
    lines += ["", "## Claims (SPEC records; P / R / F1 pooled, mean F1 over folds)", "",
              "| level | " + " | ".join(variants) + " |", "|---|" + "---|" * len(variants)]
    for level in CLAIM_LEVELS:
        lines.append(f"| {level} | " + " | ".join(
            "{p:.3f} / {r:.3f} / {f:.3f} ({mean_f:.3f})".format(**summary[v]["claims"][level]) for v in variants) + " |")
    lines += ["", "| link accuracy (found values, mean over folds) | " + " | ".join(variants) + " |",
              "|---|" + "---|" * len(variants)]
    for kind in ("metric", "region"):
        lines.append(f"| {kind} | " + " | ".join(f"{summary[v]['link_accuracy'][kind]:.3f}" for v in variants) + " |")
    lines += ["", "## Per fold: full claim F1 (value+metric+region)", "",
              "| held-out seed | " + " | ".join(variants) + " |", "|---|" + "---|" * len(variants)]
    for held, fold in results["folds"].items():
        lines.append(f"| {held} | " + " | ".join(f"{fold[v]['claims']['value+metric+region']['f']:.3f}" for v in variants) + " |")
    if "test" in results:
        test = results["test"]
        lines += ["", "## Test split (trained on every training document, scored on corpus/data/test.jsonl)", "",
                  "| level | " + " | ".join(variants) + " |", "|---|" + "---|" * len(variants)]
        for level in CLAIM_LEVELS:
            lines.append(f"| {level} | " + " | ".join(
                "{p:.3f} / {r:.3f} / {f:.3f}".format(**test[v]["claims"][level]) for v in variants) + " |")
        for name in test[variants[0]].get("constructions", {}):
            lines.append(f"| construction {name}: value+metric | " + " | ".join(
                f"{test[v]['constructions'][name]['value+metric']:.3f}" for v in variants) + " |")
    best = max(variants, key=lambda v: summary[v]["claims"]["value+metric+region"]["f"])
    lines += ["", f"## Claim errors by category (all held-out seeds), `{best}` and `{BASELINE}`", "",
              f"| category | {best} | {BASELINE} |", "|---|---|---|"]
    categories = list(dict.fromkeys([*summary[best]["errors"], *summary.get(BASELINE, {}).get("errors", {})]))
    for category in categories:
        lines.append(f"| {category} | {summary[best]['errors'].get(category, 0)} | "
                     f"{summary.get(BASELINE, {}).get('errors', {}).get(category, 0)} |")
    lines += ["", f"## The {worst} worst claim errors of `{best}`", ""]
    lines += [f"- {e}" for e in worst_errors(results, best, worst)]
    return "\n".join(lines) + "\n"


def worst_errors(results: dict, variant: str, limit: int = 20) -> list[str]:
    """Missed values first, then wrong metrics, then wrong regions, with their context."""
    errors = []
    for fold in results["folds"].values():
        for item in fold[variant]["comparisons"]:
            text, gold, predicted = item["text"], item["gold"], item["predicted"]
            value = text[gold["value"][0]:gold["value"][1]]
            context = text[max(0, gold["value"][0] - 20):gold["value"][1] + 5].replace("\n", " ")
            gold_metric = text[gold["metric"][0]:gold["metric"][1]] if gold["metric"] else None
            if predicted is None:
                errors.append((0, f"{item['doc_id']}: missed {value!r} (gold metric {gold_metric!r}) in …{context}…"))
                continue
            metric = text[predicted["metric"][0]:predicted["metric"][1]] if predicted["metric"] else None
            if not metric_right(gold, predicted):
                errors.append((1, f"{item['doc_id']}: {value!r} metric {metric!r}, gold {gold_metric!r} in …{context}…"))
            elif gold["region"] != predicted["region"]:
                errors.append((2, f"{item['doc_id']}: {value!r} region {predicted['region']!r}, gold {gold['region']!r} in …{context}…"))
    return [message for _, message in sorted(errors, key=lambda e: e[0])[:limit]]


def run(out_dir: Path, **kwargs) -> dict:
    results = cross_validate(read_corpus(CORPUS_DATA), test=read_corpus(CORPUS_DATA, ("test",)), **kwargs)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"evaluation-{results['segmenter']}{'-withheld' if results.get('withheld') is not None else ''}"
    stripped = {k: v for k, v in results.items() if k != "folds"}
    stripped["folds"] = {held: {variant: {k: v for k, v in scores.items() if k != "comparisons"}
                                for variant, scores in fold.items()} for held, fold in results["folds"].items()}
    if "test" in results:
        stripped["test"] = {variant: {k: v for k, v in scores.items() if k != "comparisons"}
                            for variant, scores in results["test"].items()}
    best = max(results["summary"], key=lambda v: results["summary"][v]["claims"]["value+metric+region"]["f"])
    stripped["worst_errors"] = {"variant": best, "errors": worst_errors(results, best, 20)}
    (out_dir / f"{name}.json").write_text(json.dumps(stripped, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / f"{name}.md").write_text(to_markdown(results), encoding="utf-8")
    return results


def segmenter_table(reports: dict[str, dict], variants=(BASELINE, "rules/ranker", "ner+value_rules+chunker/ranker")) -> str:
    """One table across the segmenters' reports (same folds): VALUE and METRIC F1, full claim F1."""
    lines = ["# Segmenters compared (leave-one-seed-out, same folds)", "",
             "| segmenter | arrangement | VALUE F1 | METRIC F1 | value+metric F1 | full claim F1 (mean over folds) | folds |",
             "|---|---|---|---|---|---|---|"]
    for segmenter, report in reports.items():
        for variant in variants:
            summary = report["summary"].get(variant)
            if summary is None:
                continue
            claims = summary["claims"]
            lines.append(f"| {segmenter} | {variant} | {summary['entities']['VALUE']['f']:.3f} | "
                         f"{summary['entities']['METRIC']['f']:.3f} | {claims['value+metric']['f']:.3f} | "
                         f"{claims['value+metric+region']['f']:.3f} ({claims['value+metric+region']['mean_f']:.3f}) | "
                         f"{len(report['folds'])} |")
    return "\n".join(lines) + "\n"

