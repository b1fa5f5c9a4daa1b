"""Checks a corpus document must pass (``healthie corpus validate``)."""

from __future__ import annotations

import re
from collections import Counter

from ...lexicons.numbers import scan_values
from ...text.cleaning import clean
from ...linking.relations import TAIL_LABEL
from .markup import LABELS


def validate_record(record: dict) -> list[str]:
    """Problems of one corpus record, each naming the entity or relation at fault; [] when valid."""
    problems = []
    text = record.get("text")
    if not isinstance(text, str) or not text:
        return ["no text"]
    entities = record.get("entities", [])
    for index, entity in enumerate(entities):
        start, end, label = entity.get("start"), entity.get("end"), entity.get("label")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"entity {index}: offsets {start}-{end} outside the text")
            continue
        if label not in LABELS:
            problems.append(f"entity {index}: unknown label {label!r}")
        surface = text[start:end]
        if surface != surface.strip():
            problems.append(f"entity {index} {surface!r}: starts or ends with white space")
    problems += _overlaps(entities, text)
    problems += _boilerplate(entities, text)
    problems += _relations(record, entities, text)
    return problems


def _overlaps(entities, text) -> list[str]:
    problems = []
    ordered = sorted(range(len(entities)), key=lambda i: (entities[i]["start"], entities[i]["end"]))
    for a, b in zip(ordered, ordered[1:]):
        if entities[b]["start"] < entities[a]["end"]:
            problems.append(f"entities {a} and {b} overlap: {text[entities[a]['start']:entities[a]['end']]!r}, "
                            f"{text[entities[b]['start']:entities[b]['end']]!r}")
    return problems


def _boilerplate(entities, text) -> list[str]:
    cleaned = clean(text)
    lines = [cleaned.to_original(s, e) for s, e in cleaned.boilerplate]
    return [f"entity {i} {text[e['start']:e['end']]!r} lies on a boilerplate line"
            for i, e in enumerate(entities) if any(e["start"] < end and start < e["end"] for start, end in lines)]


def _relations(record, entities, text) -> list[str]:
    problems = []
    counts: Counter = Counter()
    for relation in record.get("relations", []):
        head, tail, label = relation.get("head"), relation.get("tail"), relation.get("label")
        if label not in TAIL_LABEL:
            problems.append(f"relation {relation}: unknown label")
            continue
        if not (isinstance(head, int) and 0 <= head < len(entities) and isinstance(tail, int) and 0 <= tail < len(entities)):
            problems.append(f"relation {relation}: head or tail is not an entity index")
            continue
        if entities[head]["label"] != "VALUE":
            problems.append(f"relation {label} from {text[entities[head]['start']:entities[head]['end']]!r}: head is not a VALUE")
        if entities[tail]["label"] != TAIL_LABEL[label]:
            problems.append(f"relation {label} to {text[entities[tail]['start']:entities[tail]['end']]!r}: "
                            f"tail is {entities[tail]['label']}, not {TAIL_LABEL[label]}")
        counts[(head, label)] += 1
    no_metric = set(record.get("meta", {}).get("no_metric", []))
    for index, entity in enumerate(entities):
        if entity["label"] != "VALUE":
            continue
        surface = text[entity["start"]:entity["end"]]
        metrics = counts[(index, "METRIC_OF")]
        if metrics == 0 and index not in no_metric:
            problems.append(f"VALUE {index} {surface!r}: no METRIC_OF and not flagged as naming no metric")
        if metrics > 1:
            problems.append(f"VALUE {index} {surface!r}: {metrics} METRIC_OF relations")
        for label in ("REGION_OF", "DATE_OF"):
            if counts[(index, label)] > 1:
                problems.append(f"VALUE {index} {surface!r}: more than one {label}")
    return problems


def validate_corpus(records: list[dict], justified: set[tuple[str, str]] | None = None) -> dict[str, list[str]]:
    """Problems by document id (only documents that have some); duplicate ids are a problem too.
    With ``justified`` given, the gold VALUEs of seeds and authored documents are also read by the
    number grammar, and each one it reads differently, unless justified, is a problem."""
    report = {}
    seen: Counter = Counter(r.get("id") for r in records)
    for record in records:
        problems = validate_record(record)
        if justified is not None and record.get("source") in ("seed", "authored") and not problems:
            problems = grammar_differences(record, justified)
        if seen[record.get("id")] > 1:
            problems.append("id used by more than one document")
        if problems:
            report[str(record.get("id"))] = problems
    return report


def grammar_differences(record: dict, justified: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Gold VALUEs that the number grammar reads differently (another span, or no value), each
    named; a (document id, surface) pair in ``justified`` (GUIDELINES.md section 4) is not reported."""
    text = record["text"]
    cleaned = clean(text)
    found = {cleaned.to_original(v.start, v.end): v for v in scan_values(cleaned.text)}
    problems = []
    for index, entity in enumerate(record.get("entities", [])):
        span = (entity["start"], entity["end"])
        if entity["label"] != "VALUE" or span in found:
            continue
        surface = text[span[0]:span[1]]
        if (record["id"], "".join(surface.split())) in justified:
            continue
        overlapping = [text[s:e] for s, e in found if s < span[1] and span[0] < e]
        read = f"reads {', '.join(map(repr, overlapping))}" if overlapping else "reads no value"
        problems.append(f"VALUE {index} {surface!r}: the number grammar {read}")
    return problems


def justified_differences(guidelines: str) -> set[tuple[str, str]]:
    """The (document id, surface) pairs of GUIDELINES.md section 4: gold values the grammar reads
    differently, each with its reason."""
    section = guidelines.split("## 4.")[1].split("## 5.")[0]
    return set(re.findall(r"^\| (\S+) \| (\S+) \| (?:gold|grammar) \|", section, flags=re.M))
