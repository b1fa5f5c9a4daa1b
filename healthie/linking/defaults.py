"""A document's defaults: the region it is about, the year it reports, and the year a date phrase names.

A claim whose text links no REGION or DATE takes these (SPEC sections 3 and 4).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from ..lexicons import regions

HINT_KEY = "healthie.region_hint"
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_RELATIVE_YEAR = {"上年": -1, "去年": -1, "前年": -2, "今年": 0, "本年": 0, "全年": 0}
_TITLE = 200  # characters: a report's title and byline


def document_year(ents: list[Span], text: str) -> int | None:
    """The year a report is about: the first year its title or byline names (a DATE in the first
    ``_TITLE`` characters), else the year its DATE phrases name most often (earliest on ties)."""
    dated = [(e.start_char, int(y)) for e in ents if e.label_ == "DATE" for y in _YEAR.findall(e.text)]
    titled = [year for start, year in dated if start < _TITLE]
    if titled:
        return titled[0]
    years = [year for _, year in dated] or [int(y) for y in _YEAR.findall(text[:2000])]
    if not years:
        return None
    counts = Counter(years)
    top = max(counts.values())
    return next(y for y in years if counts[y] == top)


def home_region(doc: Doc, text: str) -> regions.HomeRegion | None:
    """The caller's region hint on the Doc, else the region the text says it is about."""
    hint = doc.user_data.get(HINT_KEY)
    return regions.home_from_hint(hint) if hint else regions.infer_home(text)


def year_of(date_text: str | None, default_year: int | None) -> int | None:
    """The year a date phrase names (上年 counts back from ``default_year``), else ``default_year``."""
    if date_text:
        found = _YEAR.search(date_text)
        if found:
            return int(found.group(1))
        for word, delta in _RELATIVE_YEAR.items():
            if word in date_text and default_year:
                return default_year + delta
    return default_year
