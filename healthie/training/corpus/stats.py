"""Corpus statistics (``healthie corpus stats``)."""

from __future__ import annotations

from collections import Counter

from ...lexicons.metrics import catalogue as metric_catalogue
from ...lexicons.regions import catalogue as region_catalogue
from ...lexicons.regions import home_from_hint


def split_of(record: dict, held_out: dict[str, set[str]]) -> str:
    """train, dev or test: a noise variant goes where its document goes."""
    base = record["id"].split("__")[0]
    return next((name for name, ids in held_out.items() if base in ids), "train")


def _table(records: list[dict], key) -> dict[str, dict]:
    rows: dict[str, Counter] = {}
    for record in records:
        row = rows.setdefault(key(record), Counter())
        row.update(documents=1, characters=len(record["text"]), relations=len(record["relations"]),
                   VALUE=sum(e["label"] == "VALUE" for e in record["entities"]))
    return {name: dict(row) for name, row in sorted(rows.items())}


def corpus_stats(records: list[dict], held_out: dict[str, set[str]] | None = None) -> dict:
    """Documents, characters, entities and relations per label, per split, per genre and per
    construction of STRUCTURES.md; regions, years and metric ids covered."""
    entities: Counter = Counter()
    relations: Counter = Counter()
    sources: Counter = Counter()
    metric_ids: set[str] = set()
    provinces: set[str] = set()
    home_regions: set[str] = set()
    years: Counter = Counter()
    metrics = metric_catalogue()
    regions = region_catalogue()
    for record in records:
        sources[record["source"]] += 1
        text = record["text"]
        for entity in record["entities"]:
            entities[entity["label"]] += 1
            if entity["label"] == "METRIC":
                match = metrics.match(text[entity["start"]:entity["end"]])
                if match:
                    metric_ids.add(match.id)
        for relation in record["relations"]:
            relations[relation["label"]] += 1
        meta = record.get("meta", {})
        if meta.get("year"):
            years[meta["year"]] += 1
        if meta.get("home_region") and record["source"] != "noisy":
            home_regions.add(meta["home_region"])
            home = home_from_hint(meta.get("home_region"))
            division = home.division or home.parent
            if division is None and meta.get("parent"):
                division = home_from_hint(meta["parent"]).division
            if division is not None:
                provinces.add(regions.by_code[division.province_code].name)
    originals = [r for r in records if r["source"] != "noisy"]
    constructions = Counter(e.get("construction") or "plain" for r in originals for e in r["entities"]
                            if e["label"] == "VALUE")
    return {
        "documents": len(records), "by_source": dict(sources),
        "by_split": _table(records, lambda r: split_of(r, held_out or {})),
        "by_genre": _table(originals, lambda r: r.get("meta", {}).get("genre") or "?"),
        "values_by_construction": dict(constructions.most_common()),
        "values_without_noisy_copies": sum(constructions.values()),
        "characters": sum(len(r["text"]) for r in records),
        "entities": dict(sorted(entities.items())), "relations": dict(sorted(relations.items())),
        "home_regions": len(home_regions), "provinces": len(provinces), "province_names": sorted(provinces),
        "years": dict(sorted(years.items())),
        "metric_ids": len(metric_ids), "metric_ids_in_catalogue": len(metrics.metrics),
    }


def format_stats(stats: dict) -> str:
    lines = [f"documents      {stats['documents']} {stats['by_source']}",
             f"characters     {stats['characters']}",
             "entities       " + ", ".join(f"{k} {v}" for k, v in stats["entities"].items()),
             "relations      " + ", ".join(f"{k} {v}" for k, v in stats["relations"].items()),
             f"home regions   {stats['home_regions']} in {stats['provinces']} provinces",
             "years          " + ", ".join(f"{k}: {v}" for k, v in stats["years"].items()),
             f"metric ids     {stats['metric_ids']} of {stats['metric_ids_in_catalogue']} in the catalogue",
             f"VALUEs without the noisy copies: {stats['values_without_noisy_copies']}"]
    for title, key in (("split", "by_split"), ("genre (no noisy copies)", "by_genre")):
        lines += ["", f"| {title} | documents | characters | VALUEs | relations |", "|---|---|---|---|---|"]
        lines += [f"| {name} | {row['documents']} | {row['characters']:,} | {row['VALUE']:,} | {row['relations']:,} |"
                  for name, row in stats[key].items()]
    lines += ["", "| construction (no noisy copies) | VALUEs |", "|---|---|"]
    lines += [f"| {name} | {count:,} |" for name, count in stats["values_by_construction"].items()]
    return "\n".join(lines) + "\n"
