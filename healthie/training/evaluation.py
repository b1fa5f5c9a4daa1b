"""Scoring a pipeline against gold corpus records: entities, relations, and SPEC claim records.

Everything is compared in original-text offsets, so cleaning errors count against
the pipeline exactly as a user would see them.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicons.regions import home_from_hint, resolve_phrase
from ..linking.defaults import HINT_KEY, spoken_year, year_of
from ..linking.metric_candidates import MetricContext
from ..linking.relations import LABELS
from ..linking.scoring import decode_relations, prf
from ..text.cleaning import clean

ENTITY_LABELS = ("VALUE", "METRIC", "REGION", "ORG", "DATE", "DISEASE", "POLICY")
CLAIM_LEVELS = ("value", "value+metric", "value+metric exact", "value+region", "value+year", "value+metric+region",
                "claim")  # claim: value, metric (Dice >= 0.5), region and year all right
CONSTRUCTIONS = ("plain", "breakdown", "place", "fenbie", "change", "table", "leadin", "bare")
METRIC_DICE = 0.5  # a metric is right when its span and the gold's share at least half their characters
# ... or when it is another mention of exactly the gold's words (卫生技术人员 in the total or in the lead-in
# of its breakdown): the record an analyst reads is the same



def words_at(cleaned, start: int, end: int) -> str:
    """The words of an original span as the pipeline reads them: cleaned, without spaces or line breaks
    (全\n市, 全區, 卫卫生生院院)."""
    start, end = cleaned.to_clean(start, end)
    return "".join(cleaned.text[start:end].split())


def _gold_claims(record: dict) -> list[dict]:
    text, ents = record["text"], record["entities"]
    cleaned = clean(text)  # a region or date is read as the pipeline reads it: PDF doubling undone

    def read(entity: dict) -> str:
        return words_at(cleaned, entity["start"], entity["end"])

    home = home_from_hint(record["meta"]["home_region"]) if record["meta"].get("home_region") else None
    links = {}
    for relation in record["relations"]:
        links.setdefault(relation["head"], {})[relation["label"]] = ents[relation["tail"]]
    report_year = record["meta"].get("year") or None
    spoken = spoken_year(cleaned.text, 0, report_year)
    claims = []
    for index, entity in enumerate(ents):
        if entity["label"] != "VALUE":
            continue
        metric = links.get(index, {}).get("METRIC_OF")
        region_entity = links.get(index, {}).get("REGION_OF")
        region = None
        if region_entity is not None:
            phrase = read(region_entity)
            resolved = resolve_phrase(phrase, home)
            region = resolved.name if resolved else phrase
        elif home is not None:
            region = home.name
        date = links.get(index, {}).get("DATE_OF")
        claims.append({"value": (entity["start"], entity["end"]),
                       "metric": (metric["start"], metric["end"]) if metric else None,
                       "metric_words": read(metric) if metric else None, "region": region,
                       "year": _gold_year(read(date) if date else None, entity.get("year"), report_year, spoken),
                       "construction": entity.get("construction") or "plain",
                       "breakdown": "".join(clean(entity["breakdown"]).text.split()) if entity.get("breakdown") else None})
    return claims


def _gold_year(date: str | None, base: str | None, report_year: int | None, spoken: int | None) -> int | None:
    """A gold value's year: the base year its markup gives a from-value that no DATE with a year names
    (y=2015, y=none; linked to “十三五”以来 or to nothing), else its DATE's (去年 counted from ``spoken``),
    else the report's."""
    if not base:
        return year_of(date, report_year, spoken)
    return None if base == "none" else int(base)


def dice(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float:
    """Shared characters of two spans over their mean length (1.0 for the same span)."""
    if a is None or b is None:
        return 0.0
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * shared / ((a[1] - a[0]) + (b[1] - b[0]))


def metric_right(gold: dict, predicted: dict, exact: bool = False) -> bool:
    """The predicted metric is the gold one: the same span (``exact``) or Dice >= 0.5, or another mention
    of exactly the gold's words; no metric where the gold has none."""
    if gold["metric"] is None or predicted["metric"] is None:
        return gold["metric"] is None and predicted["metric"] is None
    if gold.get("metric_words") and gold["metric_words"] == predicted.get("metric_words"):
        return True
    return gold["metric"] == predicted["metric"] if exact else dice(gold["metric"], predicted["metric"]) >= METRIC_DICE


def _offers(gold: dict, spans: list[tuple[int, int]], words: list[str]) -> bool:
    """Whether one of the metric ``spans`` (with their ``words``) would be the gold metric."""
    return any(metric_right(gold, {"metric": span, "metric_words": said}) for span, said in zip(spans, words))


def _claim_counts(gold: list[dict], predicted: list[dict]) -> tuple[Counter, list[tuple[dict, dict | None]]]:
    """Match predicted to gold claims by the exact value span, and count what else each gets right."""
    counts: Counter = Counter(gold=len(gold), predicted=len(predicted))
    by_span = {p["value"]: p for p in predicted}
    pairs = []
    for g in gold:
        p = by_span.get(g["value"])
        pairs.append((g, p))
        if p is None:
            continue
        metric_ok, region_ok, year_ok = metric_right(g, p), g["region"] == p["region"], g["year"] == p["year"]
        counts["value"] += 1
        counts["value+metric"] += metric_ok
        counts["value+metric exact"] += metric_right(g, p, exact=True)
        counts["value+region"] += region_ok
        counts["value+year"] += year_ok
        counts["value+metric+region"] += metric_ok and region_ok
        counts["claim"] += metric_ok and region_ok and year_ok
        counts["breakdown gold"] += g.get("breakdown") is not None
        counts["breakdown predicted"] += p.get("breakdown") is not None
        counts["breakdown correct"] += g.get("breakdown") is not None and p.get("breakdown") == g.get("breakdown")
    return counts, pairs


def construction_scores(comparisons: list[dict]) -> dict[str, dict]:
    """Per construction of STRUCTURES.md: gold claims, values found, and the share of them whose value
    and metric (Dice >= 0.5) are right, and whose whole claim is right."""
    table = {}
    for name in CONSTRUCTIONS:
        items = [c for c in comparisons if c["gold"]["construction"] == name]
        if not items:
            continue
        found = [c for c in items if c["predicted"] is not None]
        metric = sum(metric_right(c["gold"], c["predicted"]) for c in found)
        whole = sum(metric_right(c["gold"], c["predicted"]) and c["gold"]["region"] == c["predicted"]["region"]
                    and c["gold"]["year"] == c["predicted"]["year"] for c in found)
        table[name] = {"gold": len(items), "value_found": len(found), "value+metric": round(metric / len(items), 4),
                       "claim": round(whole / len(items), 4)}
    return table


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
                             "metric_words": words_at(cleaned, c.metric_start, c.metric_end)
                             if c.metric_start is not None else None,
                             "region": c.region, "year": c.year, "breakdown": c.breakdown} for c in doc._.claims]
        counts, pairs = _claim_counts(_gold_claims(record), predicted_claims)
        claim_counts.update(counts)
        named = [c for c in doc._.claims if c.metric_text]
        claim_counts.update(claims_with_metric=len(named), claims_with_metric_id=sum(c.metric_id is not None for c in named))
        metric_spans = [s[:2] for s in predicted_spans.values() if s[2] == "METRIC"]
        metric_words = [words_at(cleaned, *span) for span in metric_spans]
        offered = _offered_metrics(doc)
        comparisons += [{"doc_id": record["id"], "text": record["text"], "gold": g, "predicted": p,
                         "metric_candidate": g["metric"] is not None and _offers(g, metric_spans, metric_words),
                         "metric_offered": p is not None and g["metric"] is not None and _offers(
                             g, offered.get(p["value"], []), [words_at(cleaned, *s) for s in offered.get(p["value"], [])])}
                        for g, p in pairs]
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
                          "metric exact": round(claim_counts["value+metric exact"] / found, 4) if found else 0.0,
                          "region": round(claim_counts["value+region"] / found, 4) if found else 0.0,
                          "year": round(claim_counts["value+year"] / found, 4) if found else 0.0},
        "breakdown": prf(claim_counts["breakdown correct"], claim_counts["breakdown predicted"], claim_counts["breakdown gold"]),
        "metric_candidates": candidate_recall(comparisons),
        "metric_ids": {"claims": claim_counts["claims_with_metric"], "with_id": claim_counts["claims_with_metric_id"],
                       "share": round(claim_counts["claims_with_metric_id"] / claim_counts["claims_with_metric"], 4)
                       if claim_counts["claims_with_metric"] else 0.0},
        "constructions": construction_scores(comparisons),
        "comparisons": comparisons,
        "errors": error_categories(comparisons),
    }


def _offered_metrics(doc: Doc) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """The METRIC candidates the metric ranker weighs for each VALUE (original offsets)."""
    cleaned, context = doc._.clean, MetricContext.of(doc)
    return {cleaned.to_original(value.start_char, value.end_char):
            [cleaned.to_original(c.start_char, c.end_char) for c in context.candidates(value)]
            for value in context.ents if value.label_ == "VALUE"}


def candidate_recall(comparisons: list[dict]) -> dict:
    """Of the found values whose text names a metric, the share with the gold metric among the ranker's
    candidates (Dice >= 0.5): the ceiling of metric link accuracy."""
    named = [c for c in comparisons if c["predicted"] is not None and c["gold"]["metric"] is not None]
    offered = sum(c["metric_offered"] for c in named)
    return {"offered": offered, "values": len(named), "recall": round(offered / len(named), 4) if named else 0.0}


def error_categories(comparisons: list[dict]) -> dict[str, int]:
    """Claim errors by kind: missed values, and for found values why the metric or region is wrong."""
    counts: Counter = Counter()
    for item in comparisons:
        gold, predicted = item["gold"], item["predicted"]
        if predicted is None:
            counts["value missed"] += 1
            continue
        if not metric_right(gold, predicted):
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
        if gold["year"] != predicted["year"]:
            counts["year wrong"] += 1
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
    links = scores["link_accuracy"]
    lines += ["", f"link accuracy on the values found: metric {links['metric']:.3f} (Dice >= {METRIC_DICE}), "
                  f"metric exact {links['metric exact']:.3f}, region {links['region']:.3f}, year {links['year']:.3f}"]
    if scores.get("metric_candidates"):
        offered = scores["metric_candidates"]
        lines += [f"gold metric among the ranker's candidates: {offered['recall']:.3f} "
                  f"({offered['offered']} of {offered['values']} found values that name one)"]
    if scores.get("metric_ids"):
        ids = scores["metric_ids"]
        lines += [f"metric ids: {ids['share']:.3f} of the claims with a metric have one ({ids['with_id']} of {ids['claims']})"]
    if scores.get("breakdown"):
        lines += [f"breakdown on the values found (sub-categories named): P {scores['breakdown']['p']:.3f} "
                  f"R {scores['breakdown']['r']:.3f} F1 {scores['breakdown']['f']:.3f} of {scores['breakdown']['gold']}"]
    if scores.get("constructions"):
        lines += ["", "| construction | gold claims | values found | value+metric | claim |", "|---|---|---|---|---|"]
        lines += [f"| {name} | {c['gold']} | {c['value_found']} | {c['value+metric']:.3f} | {c['claim']:.3f} |"
                  for name, c in scores["constructions"].items()]
    if scores.get("errors"):
        lines += ["", "| error | claims |", "|---|---|"] + [f"| {k} | {v} |" for k, v in scores["errors"].items()]
    return "\n".join(lines) + "\n"
