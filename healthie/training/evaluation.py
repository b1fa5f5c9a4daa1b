"""Scoring a pipeline against gold corpus records: entities, relations, and SPEC claim records.

Everything is compared in original-text offsets, so cleaning errors count against
the pipeline exactly as a user would see them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from ..claims.record import HINT_KEY
from ..text.cleaning import clean
from ..lexicons.regions import home_from_hint, resolve_phrase
from ..linking.relations import LABELS, best_relations
from ..linking.scoring import decode_relations, prf, relation_scores

ENTITY_LABELS = ("VALUE", "METRIC", "REGION", "ORG", "DATE", "DISEASE", "POLICY")
CLAIM_LEVELS = ("value", "value+metric", "value+region", "value+metric+region")


def _gold_claims(record: dict) -> list[dict]:
    text, ents = record["text"], record["entities"]
    home = home_from_hint(record["meta"]["home_region"]) if record["meta"].get("home_region") else None
    links = {}
    for relation in record["relations"]:
        links.setdefault(relation["head"], {})[relation["label"]] = ents[relation["tail"]]
    claims = []
    for index, entity in enumerate(ents):
        if entity["label"] != "VALUE":
            continue
        metric = links.get(index, {}).get("METRIC_OF")
        region_entity = links.get(index, {}).get("REGION_OF")
        region = None
        if region_entity is not None:
            phrase = "".join(clean(text[region_entity["start"]:region_entity["end"]]).text.split())  # 全\n市, 全區
            resolved = resolve_phrase(phrase, home)
            region = resolved.name if resolved else phrase
        elif home is not None:
            region = home.name
        claims.append({"value": (entity["start"], entity["end"]),
                       "metric": (metric["start"], metric["end"]) if metric else None, "region": region})
    return claims


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _claim_counts(gold: list[dict], predicted: list[dict]) -> tuple[Counter, list[tuple[dict, dict | None]]]:
    """Match predicted to gold claims by overlapping value spans, one to one, in order."""
    counts: Counter = Counter(gold=len(gold), predicted=len(predicted))
    used: set[int] = set()
    pairs = []
    for g in gold:
        match = next((i for i, p in enumerate(predicted) if i not in used and _overlaps(g["value"], p["value"])), None)
        if match is None:
            pairs.append((g, None))
            continue
        used.add(match)
        p = predicted[match]
        pairs.append((g, p))
        metric_ok = _overlaps(g["metric"], p["metric"]) or (g["metric"] is None and p["metric"] is None)
        region_ok = g["region"] == p["region"]
        counts["value"] += 1
        counts["value+metric"] += metric_ok
        counts["value+region"] += region_ok
        counts["value+metric+region"] += metric_ok and region_ok
    return counts, pairs


def evaluate(nlp: Language, records: list[dict], use_region_hint: bool = False) -> dict:
    """Entity, relation and claim scores of ``nlp`` on gold records, with the per-claim comparison."""
    entity_counts = {label: Counter() for label in ENTITY_LABELS}
    relation_counts = {label: Counter() for label in LABELS}
    claim_counts: Counter = Counter()
    comparisons = []
    for record in records:
        doc = nlp.make_doc(record["text"])
        if use_region_hint and record["meta"].get("home_region"):
            doc.user_data[HINT_KEY] = record["meta"]["home_region"]
        doc = nlp(doc)
        cleaned = doc._.clean
        predicted_spans = {e.start: (*cleaned.to_original(e.start_char, e.end_char), e.label_) for e in doc.ents}
        gold_spans = [(e["start"], e["end"], e["label"]) for e in record["entities"]]
        for label in ENTITY_LABELS:
            g = {s for s in gold_spans if s[2] == label}
            p = {s for s in predicted_spans.values() if s[2] == label}
            entity_counts[label].update(correct=len(g & p), predicted=len(p), gold=len(g))
        gold_relations = {(gold_spans[r["head"]][:2], gold_spans[r["tail"]][:2], r["label"]) for r in record["relations"]}
        limit = nlp.get_pipe("healthie_claim_builder").thresholds
        predicted_relations = {(predicted_spans[h][:2], predicted_spans[t][:2], label)
                               for h, t, label in decode_relations(doc, limit)}
        for label in LABELS:
            g = {x for x in gold_relations if x[2] == label}
            p = {x for x in predicted_relations if x[2] == label}
            relation_counts[label].update(correct=len(g & p), predicted=len(p), gold=len(g))
        predicted_claims = [{"value": (c.value_start, c.value_end),
                             "metric": (c.metric_start, c.metric_end) if c.metric_start is not None else None,
                             "region": c.region} for c in doc._.claims]
        counts, pairs = _claim_counts(_gold_claims(record), predicted_claims)
        claim_counts.update(counts)
        metric_spans = [s[:2] for s in predicted_spans.values() if s[2] == "METRIC"]
        comparisons += [{"doc_id": record["id"], "text": record["text"], "gold": g, "predicted": p,
                         "metric_candidate": any(_overlaps(g["metric"], m) for m in metric_spans)} for g, p in pairs]
    entity_total = sum(entity_counts.values(), Counter())
    relation_total = sum(relation_counts.values(), Counter())
    found = claim_counts["value"]
    return {
        "documents": len(records),
        "entities": {**{label: prf(c["correct"], c["predicted"], c["gold"]) for label, c in entity_counts.items()},
                     "micro": prf(entity_total["correct"], entity_total["predicted"], entity_total["gold"])},
        "relations": {**{label: prf(c["correct"], c["predicted"], c["gold"]) for label, c in relation_counts.items()},
                      "micro": prf(relation_total["correct"], relation_total["predicted"], relation_total["gold"])},
        "claims": {level: prf(claim_counts[level], claim_counts["predicted"], claim_counts["gold"]) for level in CLAIM_LEVELS},
        "link_accuracy": {"metric": round(claim_counts["value+metric"] / found, 4) if found else 0.0,
                          "region": round(claim_counts["value+region"] / found, 4) if found else 0.0},
        "comparisons": comparisons,
        "errors": error_categories(comparisons),
    }


def error_categories(comparisons: list[dict]) -> dict[str, int]:
    """Claim errors by kind: missed values, and for found values why the metric or region is wrong."""
    counts: Counter = Counter()
    for item in comparisons:
        gold, predicted = item["gold"], item["predicted"]
        if predicted is None:
            counts["value missed"] += 1
            continue
        metric_ok = _overlaps(gold["metric"], predicted["metric"]) or (gold["metric"] is None and predicted["metric"] is None)
        if not metric_ok:
            if gold["metric"] is None:
                counts["metric given where the text names none"] += 1
            elif not item["metric_candidate"]:
                side = "after" if gold["metric"][0] >= gold["value"][1] else "before"
                counts[f"metric span not found (gold metric {side} the value)"] += 1
            elif predicted["metric"] is None:
                counts["metric candidate found but not linked (below threshold)"] += 1
            else:
                counts["metric linked to the wrong candidate"] += 1
        if gold["region"] != predicted["region"]:
            counts["region wrong"] += 1
    return dict(counts.most_common())


def format_scores(scores: dict, title: str) -> str:
    """One pipeline's scores on one set of documents as a markdown report."""
    lines = [f"# {title}", "", f"{scores['documents']} documents", "", "| entities | P | R | F1 | gold |", "|---|---|---|---|---|"]
    row = "| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {gold} |"
    lines += [row.format(name=label, **scores["entities"][label]) for label in (*ENTITY_LABELS, "micro")]
    lines += ["", "| relations | P | R | F1 | gold |", "|---|---|---|---|---|"]
    lines += [row.format(name=label, **scores["relations"][label]) for label in (*LABELS, "micro")]
    lines += ["", "| claims | P | R | F1 | gold |", "|---|---|---|---|---|"]
    lines += [row.format(name=level, **scores["claims"][level]) for level in CLAIM_LEVELS]
    lines += ["", f"link accuracy: metric {scores['link_accuracy']['metric']:.3f}, "
                  f"region {scores['link_accuracy']['region']:.3f}"]
    return "\n".join(lines) + "\n"
