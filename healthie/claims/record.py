"""Claims: a VALUE with its metric, region and date, as the record of SPEC section 6."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import asdict, dataclass, fields

from spacy.tokens import Doc, Span

from ..lexicons import metrics, regions
from ..components.entities import lexicon, sentence_bounds
from ..components.value_ruler import VALUES_KEY
from ..lexicons.numbers import parse_value
from ..linking.relations import best_relations

CLAIMS_KEY = "healthie.claims"
HINT_KEY = "healthie.region_hint"
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_RELATIVE_YEAR = {"上年": -1, "去年": -1, "前年": -2, "今年": 0, "本年": 0, "全年": 0}
_TITLE = 200  # characters: a report's title and byline
_ITEM_START = re.compile(r"[，、（(；：]")
_LABEL_UNIT = re.compile(r"[ \t]*[（(]([^（）()\n]{1,6})[）)]")  # 卫生技术人员（人）: a table row label's unit


@dataclass
class Claim:
    """One numeric claim; ``to_dict`` gives the SPEC record."""

    doc_id: str | None
    value_text: str
    value_start: int
    value_end: int
    value: float | None
    value_high: float | None
    unit: str | None
    kind: str
    approx: str | None
    metric_text: str | None
    metric_start: int | None
    metric_end: int | None
    metric_id: str | None
    region_text: str | None
    region_start: int | None
    region_end: int | None
    region: str | None
    region_code: str | None
    date_text: str | None
    year: int | None
    breakdown: str | None
    confidence: float

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Claim":
        return cls(**{f.name: data.get(f.name) for f in fields(cls)})


def _get_claims(doc: Doc) -> list[Claim]:
    return [Claim.from_dict(d) for d in doc.user_data.get(CLAIMS_KEY, [])]


if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=_get_claims)


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
    hint = doc.user_data.get(HINT_KEY)
    return regions.home_from_hint(hint) if hint else regions.infer_home(text)


def build_claims(doc: Doc, thresholds: dict[str, float]) -> list[Claim]:
    """Decode ``doc._.rel`` into claims: per VALUE the best METRIC, REGION and DATE above their thresholds."""
    cleaned = doc._.clean
    decoded = best_relations(doc, thresholds)
    ents = list(doc.ents)
    by_start = {e.start: e for e in ents}
    text = cleaned.text
    home = home_region(doc, text)
    default_year = document_year(ents, text)
    orgs = [e for e in ents if e.label_ == "ORG"]
    by_head: dict[int, dict] = {}
    for (head, label), (tail, score) in decoded.items():
        by_head.setdefault(head, {})[label] = (by_start[tail], score)
    grammar = grammar_spans(doc)
    claims = []
    for ent in ents:
        if ent.label_ != "VALUE":
            continue
        best = by_head.get(ent.start, {})
        claims.append(_claim(text, orgs, cleaned, ent, value_span(grammar, ent), best, home, default_year))
    return claims


def grammar_spans(doc: Doc) -> list[tuple[int, int]]:
    """The number grammar's exact value spans of a Doc (clean-text offsets), in order."""
    return sorted(tuple(span) for span in doc.user_data.get(VALUES_KEY, []))


def value_span(grammar: list[tuple[int, int]], ent: Span) -> tuple[int, int]:
    """The number grammar's exact span inside a VALUE entity that token edges widened (2支|省 -> 2支)."""
    index = bisect.bisect_left(grammar, (ent.start_char, -1))
    if index < len(grammar) and grammar[index][1] <= ent.end_char:
        return grammar[index]
    return ent.start_char, ent.end_char


def _claim(text: str, orgs: list[Span], cleaned, ent: Span, span: tuple[int, int], best: dict, home,
           default_year) -> Claim:
    value_start, value_end = span
    parsed = parse_value(text[value_start:value_end], text[max(0, value_start - 8):value_start], text[value_end:value_end + 6])
    start, end = cleaned.to_original(value_start, value_end)
    metric, metric_score = best.get("METRIC_OF", (None, 0.0))
    if parsed is not None and parsed.unit is None and metric is not None:
        parsed = _with_label_unit(text[value_start:value_end], text, metric) or parsed
    region_span, _ = best.get("REGION_OF", (None, 0.0))
    date_span, _ = best.get("DATE_OF", (None, 0.0))
    metric_fields = _span_fields(cleaned, metric)
    region_fields = _span_fields(cleaned, region_span)
    resolved = _resolve_region(text, orgs, ent, region_span, home)
    entry = metrics.catalogue().match(metric.text) if metric is not None else None
    confidence = 0.3 + 0.7 * metric_score if metric is not None else 0.2
    return Claim(
        doc_id=None,
        value_text=cleaned.original[start:end], value_start=start, value_end=end,
        value=parsed.value if parsed else None, value_high=parsed.value_high if parsed else None,
        unit=parsed.unit if parsed else None,
        kind=parsed.kind if parsed else "other", approx=parsed.approx if parsed else None,
        metric_text=metric_fields[0], metric_start=metric_fields[1], metric_end=metric_fields[2],
        metric_id=entry.id if entry else None,
        region_text=region_fields[0], region_start=region_fields[1], region_end=region_fields[2],
        region=resolved.name if resolved else None, region_code=resolved.code if resolved else None,
        date_text=_span_fields(cleaned, date_span)[0],
        year=year_of(date_span.text if date_span is not None else None, default_year),
        breakdown=_breakdown(text, ent, metric),
        confidence=round(confidence, 4),
    )


def _with_label_unit(value_text: str, text: str, metric: Span):
    """A bare table cell read with the unit its row label prints after the metric: 21,567 under 卫生技术人员（人）."""
    match = _LABEL_UNIT.match(text, metric.end_char)
    if match is None:
        return None
    unit = match.group(1)
    unit = unit[1:] if unit.startswith("1/") else unit  # （1/10万） -> /10万
    parsed = parse_value(value_text + unit, "", "")
    return parsed if parsed is not None and parsed.unit is not None else None


def _span_fields(cleaned, span: Span | None):
    if span is None:
        return None, None, None
    start, end = cleaned.to_original(span.start_char, span.end_char)
    return cleaned.original[start:end], start, end


def _resolve_region(text: str, orgs: list[Span], value: Span, region_span: Span | None,
                    home) -> regions.ResolvedRegion | None:
    if region_span is not None:
        resolved = regions.resolve_phrase(region_span.text, home)
        if resolved is not None:
            return resolved
    place = _place_of_institution(text, orgs, value, home)
    if place is not None:
        return place
    return home.resolved() if home else None


def _place_of_institution(text: str, orgs: list[Span], value: Span, home) -> regions.ResolvedRegion | None:
    """石门县人民医院...: an institution named with a place puts the claim in that place."""
    start, _ = sentence_bounds(text, value.start_char, value.end_char)
    before = [e for e in orgs if start <= e.start_char and e.end_char <= value.start_char]
    for org in reversed(before):
        match = regions.region_pattern().match(org.text)
        if match and match.end() < len(org.text):
            resolved = regions.resolve_phrase(match.group(), home)
            if resolved is not None and resolved.code:
                return resolved
    return None


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


def _breakdown(text: str, value: Span, metric: Span | None) -> str | None:
    window = text[max(0, value.start_char - 10):value.start_char]
    item = _ITEM_START.split(window)[-1]
    if metric is not None and metric.end_char > value.start_char - len(item):
        return None  # the words before the value are the metric itself
    item = item.removeprefix("其中")
    return item if item in lexicon()["breakdown_words"] else None
