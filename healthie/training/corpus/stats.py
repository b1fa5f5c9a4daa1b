"""Corpus statistics (``healthie corpus stats``)."""

from __future__ import annotations

from collections import Counter

from ...lexicons.metrics import catalogue as metric_catalogue
from ...lexicons.regions import catalogue as region_catalogue
from ...lexicons.regions import home_from_hint


def corpus_stats(records: list[dict]) -> dict:
    """Documents, characters, entities and relations per label, regions, years and metric ids covered."""
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
    return {
        "documents": len(records), "by_source": dict(sources),
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
             f"metric ids     {stats['metric_ids']} of {stats['metric_ids_in_catalogue']} in the catalogue"]
    return "\n".join(lines) + "\n"
