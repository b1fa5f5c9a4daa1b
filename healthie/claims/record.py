"""Claims: a VALUE with its metric, region and date, as the record of SPEC section 6."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, fields, replace

from spacy.tokens import Doc, Span

from ..lexicons import metrics, regions
from ..components.entities import lexicon, sentence_bounds
from ..components.value_ruler import VALUES_KEY
from ..lexicons.numbers import parse_value
from ..linking.defaults import body_start, document_year, home_region, spoken_year, title_lines, year_of
from ..linking.relations import best_relations
from ..linking.structure import base_year, fenbie_anchor, fenbie_values, from_value, in_frame, span_year
from ..linking.tables import NUMBER_CELL, Table
from ..text.documents import page_at, page_breaks

CLAIMS_KEY = "healthie.claims"
_ITEM_DELIMITERS = set("，、（(；：:,;\n。")
_ITEM_REACH = 14  # characters: a sub-category is a short item
_ITEM_LEAD = re.compile(r"其中[：:]?|按[\u4e00-\u9fff]{1,4}分[，,]?")
_LEAD_IN = re.compile(r"中[，,：:]")  # 卫生技术人员中，医院36.4万人
_BY_KIND = re.compile(r"按[\u4e00-\u9fff]{1,6}分[，,：:]")  # 卫生技术人员按机构分，医院27.45万人
_ITEM_WORDS = re.compile(r"[\u4e00-\u9fff()（）]{1,12}")
_NOT_ITEM = re.compile(r"比|较|同比|相比|增|减|提高|提升|下降|降低|上升|占|达|为|是|分别|均|(?<!公)共|合计|累计|总计|约|近|超|"
                       r"以上|以下|不足|年|月|由|从|居|有|覆盖")  # 专业公共卫生机构, 其他机构 are items
_CLAUSE_END = re.compile(r"[，,；;：:]")
_TIME_UNITS = {"天", "日", "年", "个月", "月", "周", "小时", "分钟"}
_HEADCOUNT_FAMILIES = {"workforce", "institutions"}  # the catalogue's counts of staff and of institutions
# 其中三级医院|分别为352.8元和: the values of a 分别 list before the value, back to 分别
_FENBIE_TAIL = re.compile(r"分别(?:为|是|达到|达)?(?:[^，,。；;：:、和及\s]{1,12}[、和及])*$")
# 乡镇卫生院服务情况：床位4.12万张: a kind of institution's paragraph lead-in, right before its first metric
_SERVICE_LEAD_IN = re.compile(r"\s*([\u4e00-\u9fff（）()]{1,12}(?:医院|卫生院|中心|中心（站）|服务站|卫生室|机构|门诊部|诊所))"
                              r"(?:医疗)?服务情况[：:]")
_SHARE_AFTER = re.compile(r"[（(]占")  # 医院37.9万张（占78.0%）: the share keeps the count's sub-category
# a header of time (years, a plan's base and target), of totals, or of the label column is no sub-category
_NOT_BREAKDOWN = re.compile(r"(?:19|20)\d\d|本年|上年|当年|去年|今年|基期|目标|预期|现状|合计|总计|^指标$|^项目$|属性")
_PLACE_END = re.compile(r"(?:省|市|区|县|旗|州|盟|镇|乡|街道)$")  # rows of places (江川路街道) are regions
_CHANGE_HEADER = re.compile(r"增长|增减|增幅|增速|变化|变动|同比|比上年|较上年")
_HEADER_UNIT = re.compile(r"[（(]\s*(%|‰|个百分点|百分点)\s*[）)]\s*$")  # 增长(%), 比上年增减（百分点）
_SUBSET_AFTER = re.compile(r"(?:已|均|全部)?(?:达到|通过|获评|被评为|被命名为|入选|纳入|创成|建成为)")
_NEVER_PER_HEAD = ("项", "項", "种", "類", "类", "条", "件", "批", "轮")  # counts of items, never a rate per head
_OWN_DEICTIC = re.compile(r"(?:全|本)(?:市|县|区|旗)")
_WHOLE_BEFORE = re.compile(r"(?:占|比|较|高于|低于|超过|超出|为|是|居|列|位居|位列|名列|在)$")
_WHOLE_AFTER = re.compile(r"的|平均|排名|排位|第[一二三四五六七八九十\d]|前列|首位|同级")
_THIS_PLACE = re.compile(r"(?:该|此|这个?)(?:省|市|区|县|州|旗|镇|乡)")
_BACK = 300  # characters: how far back the place 该区 refers to may be named
_UNIT_OF_LABEL = [(re.compile(r"床"), ("张",)), (re.compile(r"人次"), ("人次", "万人次")),
                  (re.compile(r"人员|医师|医生|护士|药师|技师|人数|人口"), ("人", "万人")),
                  (re.compile(r"机构|医院|卫生院|卫生室|中心|站|所|诊所|门诊部"), ("个", "家", "所")),
                  (re.compile(r"费用|资金|收入|支出|经费|投入"), ("元", "万元", "亿元"))]  # what a row label counts in
_QUALIFIER_JOIN = re.compile(r"、|和|及|与")
_QUALIFIER_WORDS = re.compile(r"(?:\d+型)?[\u4e00-\u9fff]{1,8}")  # 城市, 精神科, 三级医院: one short word each
_PER_CAPITA_REACH = 80  # characters back that a list's per-capita words reach
_PER_CAPITA = re.compile(r"每[千万](?:常住)?人口?|人均")
_HEADS = ("人", "名", "张", "床", "个", "家", "所")  # units of things counted whole
_SCALED = re.compile(r"[万亿千百]")
_SCALE_ONLY = ("万", "亿", "千", "百万")
_COUNTED_IN = ("人次", "台次", "例次", "人", "例", "元", "张", "个", "家", "床日")  # the unit a row label's noun counts in
_COUNTED_WORDS = (("人次", "人次"), ("剂次", "剂次"), ("例次", "例次"), ("户次", "户次"), ("台次", "台次"), ("床日", "床日"),
                  ("病例数", "例"), ("例数", "例"), ("人数", "人"), ("床位数", "张"), ("户数", "户"))
_LABEL_UNIT = re.compile(r"[ \t]*[（(]([^（）()\n]{1,6})[）)]")  # 卫生技术人员（人）: a table row label's unit


@dataclass
class Claim:
    """One numeric claim; ``to_dict`` gives the SPEC record."""

    doc_id: str | None
    value_text: str
    value_start: int
    value_end: int
    page: int | None
    value: float | None
    value_high: float | None
    unit: str | None
    kind: str
    approx: str | None
    metric_text: str | None
    metric_start: int | None
    metric_end: int | None
    metric_name: str | None
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
        # every field is a str, a number or None: a shallow copy is the record (asdict copies deeply, at
        # a tenth of extraction's time)
        return {name: getattr(self, name) for name in _FIELD_NAMES}

    @classmethod
    def from_dict(cls, data: dict) -> "Claim":
        return cls(**{f.name: data.get(f.name) for f in fields(cls)})


_FIELD_NAMES = tuple(f.name for f in fields(Claim))


# What each field of the record holds (docs/record.schema.json is generated from these and the type hints).
FIELD_DOCS = {
    "doc_id": "The file name, the JSONL id, or the id the caller gave.",
    "value_text": "The value as written in the text.",
    "value_start": "Where the value starts: a Python string index into the raw input.",
    "value_end": "Where the value ends: text[value_start:value_end] == value_text.",
    "page": "The 1-based page the value is on, in a PDF (any text whose pages form feeds separate); else null.",
    "value": "The number with its scale applied (34.43万 -> 344300; 第三 -> 3); a change is signed.",
    "value_high": "The upper end of a range (20-30家 -> 30).",
    "unit": "The unit or measure word (人, %, ‰, /10万, 元, 个, 倍 ...; 倒数 for a rank from the bottom).",
    "kind": "What the value is; a count per head (每千人口床位数6.2张) is a rate.",
    "approx": "How the text bounds the value (约, 余, 不低于 ...), if it does.",
    "metric_text": "The phrase naming what is measured, as written.",
    "metric_start": "Where metric_text starts in the raw input.",
    "metric_end": "Where metric_text ends in the raw input.",
    "metric_name": "metric_text cleaned: simplified, no pinyin, one line (what to group by).",
    "metric_id": "The id of the metric in healthie/data/metrics.json, when the phrase names one; one kind of "
                 "institution's measure gets measure@institution (outpatient_visits_total@township_health_centers).",
    "region_text": "The place phrase the value is linked to, as written.",
    "region_start": "Where region_text starts in the raw input.",
    "region_end": "Where region_text ends in the raw input.",
    "region": "The resolved place: an institution's in the value's own clause (石门县人民医院新增床位200张) unless "
              "the linked phrase stands in that clause too, else the linked phrase's, else the document's home region.",
    "region_code": "The 6-digit administrative division code of region.",
    "date_text": "The date phrase the value is linked to, as written.",
    "year": "The year the value holds for: the linked date's, else the report's.",
    "breakdown": "The sub-category the value is counted under (其中医院37.9万张 -> 医院 when the metric is 床位).",
    "confidence": "0..1, from the probability of the metric decision.",
}

# The closed sets of values a field takes (None aside).
FIELD_VALUES = {
    "kind": ("count", "percent", "rate", "money", "ratio", "rank", "duration", "change", "other"),
    "approx": ("about", "more_than", "at_least", "at_most", "less_than"),
}


def _get_claims(doc: Doc) -> list[Claim]:
    return [Claim.from_dict(d) for d in doc.user_data.get(CLAIMS_KEY, [])]


if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=_get_claims)


def build_claims(doc: Doc, thresholds: dict[str, float]) -> list[Claim]:
    """Decode ``doc._.rel`` into claims: per VALUE the best METRIC, REGION and DATE above their thresholds."""
    cleaned = doc._.clean
    decoded = best_relations(doc, thresholds)
    ents = list(doc.ents)
    by_start = {e.start: e for e in ents}
    text = cleaned.text
    home = home_region(doc, text)
    start = body_start(doc, text)
    default_year, title = document_year(ents, text, start), title_lines(text[start:])
    spoken = spoken_year(text, start, default_year)
    orgs = [e for e in ents if e.label_ == "ORG"]
    by_head: dict[int, dict] = {}
    for (head, label), (tail, score) in decoded.items():
        by_head.setdefault(head, {})[label] = (by_start[tail], score)
    grammar = grammar_spans(doc)
    breaks = page_breaks(cleaned.original)
    claims = []
    items = _Items(ents, text)
    table = Table(text)
    previous = None  # (end, breakdown) of the last value
    for ent in ents:
        if ent.label_ != "VALUE":
            continue
        best = by_head.get(ent.start, {})
        claim = _claim(text, orgs, cleaned, ent, value_span(grammar, ent), best, home, (default_year, spoken), title, previous,
                       items, table)
        claim.page = page_at(breaks, claim.value_start)
        claims.append(claim)
        previous = (ent.end_char, claim.breakdown)
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
           years: tuple[int | None, int | None], title: str, previous: tuple[int, str | None] | None, items: "_Items",
           table: Table) -> Claim:
    value_start, value_end = span
    parsed = parse_value(text[value_start:value_end], text[max(0, value_start - 8):value_start], text[value_end:value_end + 6],
                         text[max(0, value_start - 40):value_start], text[value_end:value_end + 40])
    start, end = cleaned.to_original(value_start, value_end)
    metric, metric_score = best.get("METRIC_OF", (None, 0.0))
    if parsed is not None and parsed.unit is None and metric is not None:
        header = _column_header(table, value_start)  # 增长(%) over 医疗卫生机构数(个) | … | 1.3: a change in %
        changes = bool(_CHANGE_HEADER.search(header))
        unit_read = (_with_header_unit(text[value_start:value_end], header) if changes else None
                     ) or _with_label_unit(text[value_start:value_end], text, metric, changes) or _with_table_unit(
                         text[value_start:value_end], table, value_start) or _with_counted_word(
                         text[value_start:value_end], metric, header)
        # >78.5 under 人均预期寿命（岁）: the unit comes from the label, the bound stays the cell's
        parsed = replace(unit_read, approx=unit_read.approx or parsed.approx) if unit_read is not None else parsed
    region_span, _ = best.get("REGION_OF", (None, 0.0))
    date_span, _ = best.get("DATE_OF", (None, 0.0))
    metric_fields = _span_fields(cleaned, metric)
    region_span, linked = _linked_region(region_span, home, items)
    home_place = home.resolved() if home else None
    institution = _place_of_institution(text, orgs, ent, home)
    if institution is not None and institution.name in (linked or home_place or institution).parents:
        institution = None  # 重庆三峡中心医院 in a report of a district of 重庆市: no nearer place than the report's
    if linked is not None and institution is not None and region_span.end_char <= _clause_start(text, ent):
        region_span, linked = None, None  # 全市…。崇阳县中医院新增床位20张: the institution's place is nearer
    region_fields = _span_fields(cleaned, region_span)
    resolved = linked or institution or home_place
    entry = metrics.catalogue().match(metric.text) if metric is not None else None
    if entry is not None and parsed is not None and parsed.unit in _TIME_UNITS and entry.kind not in ("duration", "other"):
        entry = None  # 连续三年实现[孕产妇零死亡]: how long a state lasted is no measure of what the catalogue counts
    if entry is not None and value_end <= metric.start_char and _SUBSET_AFTER.match(text, metric.end_char):
        entry = None  # 1350家[基层医疗卫生机构]达到…推荐标准: those that pass, not all the catalogue counts
    if entry is not None and parsed is not None and parsed.unit == "人次" and entry.family in _HEADCOUNT_FAMILIES:
        entry = None  # 培训[乡村医生]3400人次: attendances, not the staff or institutions the catalogue counts
    scaled = _SCALED.search(text, value_start, value_end) is not None
    kind = _kind(parsed, metric, _column_header(table, value_start), scaled)
    if entry is not None and entry.kind == "count" and (kind == "rate" or _part_of_a_head(parsed, scaled)):
        entry = _per_capita_entry(text, metric)  # 每千人口执业医师2.83人、注册护士3.51人，增加0.19人: the list's
        # per-capita words make the rate's id, never the count's
    listed_year = span_year(text, ent, items.values)  # 从2021年到2024年，…分别为a、b、c和d: a year each
    confidence = 0.3 + 0.7 * metric_score if metric is not None else 0.2
    return Claim(
        doc_id=None,
        value_text=cleaned.original[start:end], value_start=start, value_end=end, page=None,
        value=parsed.value if parsed else None, value_high=parsed.value_high if parsed else None,
        unit=parsed.unit if parsed else None,
        kind=kind, approx=parsed.approx if parsed else None,
        metric_text=metric_fields[0], metric_start=metric_fields[1], metric_end=metric_fields[2],
        metric_name="".join(metric.text.split()) if metric is not None else None,
        metric_id=entry.id if entry else None,
        region_text=region_fields[0], region_start=region_fields[1], region_end=region_fields[2],
        region=resolved.name if resolved else None, region_code=resolved.code if resolved else None,
        date_text=_span_fields(cleaned, date_span)[0],
        year=(listed_year if listed_year is not None else year_of(date_span.text, *years) if date_span is not None
              else base_year(text, value_start, title, *years) if from_value(text, value_start, value_end) else years[0]),
        breakdown=(_table_breakdown(table, text, value_start, metric) or _breakdown(text, ent, metric, previous, items)
                   or _listed_qualifier(text, ent, metric, items)),
        confidence=round(confidence, 4),
    )


def _part_of_a_head(parsed, scaled: bool) -> bool:
    """3.51人, 0.19张: a number of things counted whole that is no whole number (nor scaled, 2.3万人)."""
    return parsed is not None and parsed.unit in _HEADS and parsed.value is not None and bool(parsed.value % 1) and not scaled


def _per_capita_entry(text: str, metric: Span):
    """The catalogue's per-capita metric that the per-capita words earlier in the sentence (past a ；) make of a
    metric phrase (每千人口…、注册护士 -> 每千人口注册护士), or None."""
    start = max(text.rfind("。", 0, metric.start_char), text.rfind("\n", 0, metric.start_char),
                metric.start_char - _PER_CAPITA_REACH) + 1  # past a ；: 医师3.40人，比上年增加0.16人；注册护士4.21人
    prefixes = list(_PER_CAPITA.finditer(text, start, metric.start_char))
    entry = metrics.catalogue().match(prefixes[-1].group() + metric.text) if prefixes else None
    return entry if entry is not None and entry.kind != "count" else None


def _kind(parsed, metric: Span | None, header: str, scaled: bool = False) -> str:
    """The value's kind; a count of a per-capita metric (每千人口床位数 6.2张) or a fraction of a head (注册护士3.51人)
    is a rate, and a number under a table column of changes (比上年增长, 增减(%)) is a change."""
    if parsed is None:
        return "other"
    if parsed.kind not in ("change", "rank") and _CHANGE_HEADER.search(header):
        return "change"
    if (parsed.kind == "count" and metric is not None and metrics.is_per_capita(metric.text)
            and parsed.unit not in _NEVER_PER_HEAD):
        return "rate"  # not 未完成的1项为每千人口…医师数: a count of items
    if parsed.kind == "count" and _part_of_a_head(parsed, scaled):
        return "rate"  # 每千人口执业医师2.83人、注册护士3.51人: no head count is a fraction, a rate per head is
    return parsed.kind


def _column_header(table: Table, start: int) -> str:
    """The text of the header cell above a table cell's column ("" outside a table)."""
    cell = table.header_cell(start)
    return table.text[cell[0]:cell[1]] if cell else ""


def _with_label_unit(value_text: str, text: str, metric: Span, changes: bool = False):
    """A bare table cell read with the unit its row label prints after the metric: 21,567 under 卫生技术人员（人）; in a
    column of changes a row in % or ‰ changes by points (药占比（%） | 28.0 | 26.8 | -1.2: -1.2 个百分点)."""
    match = _LABEL_UNIT.match(text, metric.end_char)
    if match is None:
        return None
    unit = match.group(1)
    unit = {"%": "个百分点", "‰": "个千分点"}.get(unit, unit) if changes else unit
    unit = unit[1:] if unit.startswith("1/") else unit  # （1/10万） -> /10万
    if unit in _SCALE_ONLY:  # 门急诊人次（万） | 212.3: 2,123,000 of what the label counts in, 人次
        unit += next((u for u in _COUNTED_IN if metric.text.endswith(u)), "")
    parsed = parse_value(value_text + unit, "", "")
    return parsed if parsed is not None and (parsed.unit is not None or unit in _SCALE_ONLY) else None


def _with_table_unit(value_text: str, table: Table, start: int):
    """A bare cell of a table whose unit line names its units: the one unit, or of several (单位：个、张、人)
    the one its row counts in, a 其中 row its parent row's (其中：医院 under 床位数 counts beds)."""
    units = table.units(start)
    if len(units) > 1:
        label = table.parent_label(start) or ""
        wanted = next((choices for pattern, choices in _UNIT_OF_LABEL if pattern.search(label)), ())
        numbers = [cell for cell in table.line_cells((start, start)) if NUMBER_CELL.fullmatch(table.text, *cell)]
        column = next((i for i, (s, e) in enumerate(numbers) if s <= start < e), None)
        units = ([u for u in units if u in wanted][:1] if wanted else
                 [units[column]] if column is not None and len(numbers) == len(units) else [])  # 单位：个、张、人 by column
    parsed = parse_value(value_text + units[0], "", "") if len(units) == 1 else None
    return parsed if parsed is not None and parsed.unit is not None else None


def _with_counted_word(value_text: str, metric: Span, header: str):
    """A bare table cell whose metric ends in what it counts: 12860 under 应种剂次 is 12,860 剂次, 152 under 病例数 152 例."""
    if not header:
        return None
    words = "".join(metric.text.split())
    unit = next((unit for word, unit in _COUNTED_WORDS if words.endswith(word)), None)
    parsed = parse_value(value_text + unit, "", "") if unit else None
    return parsed if parsed is not None and parsed.unit is not None else None


def _with_header_unit(value_text: str, header: str):
    """A bare cell under a column of changes read with the unit its header prints: 1.3 under 增长(%)."""
    match = _HEADER_UNIT.search(header)
    parsed = parse_value(value_text + match.group(1), "", "") if match else None
    return parsed if parsed is not None and parsed.unit is not None else None


def _span_fields(cleaned, span: Span | None):
    if span is None:
        return None, None, None
    start, end = cleaned.to_original(span.start_char, span.end_char)
    return cleaned.original[start:end], start, end


def _linked_region(span: Span | None, home, items: "_Items") -> tuple[Span | None, regions.ResolvedRegion | None]:
    """The linked REGION and the place it names: the whole phrase, or the place name it starts with
    (常德市医院 -> 常德市). A link from which no place can be read is dropped, so that a record's
    region_text and region never disagree."""
    if span is None:
        return None, None
    words = span.text.strip()
    if _THIS_PLACE.fullmatch(words):  # 奎文区…。该区…: the place of that kind named last before it
        named = [e for e in span.doc.ents if e.label_ == "REGION" and span.start_char - _BACK < e.end_char <= span.start_char
                 and e.text.strip().endswith(words[-1]) and not _THIS_PLACE.fullmatch(e.text.strip())
                 and not regions.is_deictic(e.text.strip())]  # 全区 in a quote names no district
        resolved = next((r for r in (regions.resolve_phrase(e.text, home) for e in reversed(named)) if r and r.code), None)
        if resolved is not None:
            return span, resolved
    own = _own_place(span, home, items) if _OWN_DEICTIC.fullmatch(words) else None
    if own is not None:
        return span, own
    level = regions.level_below_home(words, home)
    if level is not None:  # 请问韶关…？…去年全市: a province's report, the city named most before 全市
        named = [e.text.strip() for e in span.doc.ents
                 if e.label_ == "REGION" and span.start_char - _BACK < e.end_char <= span.start_char]
        resolved = regions.named_at_level(named, level, home)
        if resolved is not None:
            return span, resolved
    resolved = regions.resolve_phrase(span.text, home)
    if resolved is None:
        match = regions.region_pattern().match(span.text)
        resolved = regions.resolve_phrase(match.group(), home) if match else None
    return (span, resolved) if resolved is not None else (None, None)


def _own_place(span: Span, home, items: "_Items") -> regions.ResolvedRegion | None:
    """全市 after the county-level city its sentence is about (枝江市组建医共体3个，覆盖全市12个乡镇; 当阳市：全市…),
    in the report of the city above it: that place. Not a 全市 that opens a clause (…，全市累计达到…: the home).
    Decided once per 全市 (its values share it)."""
    if home is None or home.division is None:
        return None
    if span.start_char not in items.own:
        items.own[span.start_char] = _sentence_place(span, home, items)
    return items.own[span.start_char]


def _sentence_place(span: Span, home, items: "_Items") -> regions.ResolvedRegion | None:
    text = items.text
    start, _ = sentence_bounds(text, span.start_char, span.end_char)
    before = text[start:span.start_char]
    clause = before[max(before.rfind(c) for c in "，,；;") + 1:]
    if not clause.strip() and not before.rstrip().endswith(("：", ":")):
        return None
    if _WHOLE_BEFORE.search(clause) or _WHOLE_AFTER.match(text, span.end_char):
        return None  # 德惠市…仅占全市的26.4%, 高于全市平均水平: the whole or the average it is compared with
    ents = [e for e in items.places[bisect.bisect_left(items.places, (start,)):
                                    bisect.bisect_left(items.places, (span.start_char,))] if e[1] <= span.start_char]
    for ent_start, ent_end, label, words in reversed([e for e in ents if e[2] in ("REGION", "ORG")]):
        if (text[ent_end:ent_end + 1] in "、和与及" or text[ent_start - 1:ent_start] == "、"
                or in_frame(text, ent_start, ent_end, span.start_char)
                or any(e[2] == "DATE" and e[0] >= ent_end for e in ents)):
            return None  # 以宜都市、枝江市为重点，2018年全市新组建…: places listed or framed, a new date: the home
        name = regions.region_pattern().match(words.strip())
        resolved = regions.resolve_phrase(name.group(), home) if name else None
        if (resolved is not None and resolved.code and resolved.name.endswith(span.text.strip()[-1])
                and home.division.name in resolved.parents):
            return resolved
    return None


def _clause_start(text: str, value: Span) -> int:
    start, _ = sentence_bounds(text, value.start_char, value.end_char)
    return max((m.end() for m in _CLAUSE_END.finditer(text, start, value.start_char)), default=start)


def _place_of_institution(text: str, orgs: list[Span], value: Span, home) -> regions.ResolvedRegion | None:
    """石门县人民医院新增床位200张: an institution named with a place, in the value's own clause, puts
    the claim in that place (not one named in an earlier clause: 支持昌都地区人民医院创建三级医院，三级医院由2所…);
    one named with a level word below the report's (县人民医院 in a province's report), in the place of that
    level named most in the passage before it."""
    clause = _clause_start(text, value)
    before = [e for e in orgs if clause <= e.start_char and e.end_char <= value.start_char
              and not in_frame(text, e.start_char, e.end_char, value.start_char)]  # 以…崇阳县中医院为牵头医院的9个
    for org in reversed(before):
        if text.startswith("等", org.end_char):
            continue  # 其中拉萨市人民医院等2所: an example among those counted
        match = regions.region_pattern().match(org.text)
        if match and match.end() < len(org.text):
            resolved = regions.resolve_phrase(match.group(), home)
            if resolved is not None and resolved.code:
                return resolved
        level = regions.level_below_home("全" + org.text[0], home) if org.text[0] in "市区县" else None
        if level is not None:  # 于都县…。县人民医院完成…, in a province's report: the county named most before it
            named = [e.text.strip() for e in org.doc.ents
                     if e.label_ == "REGION" and org.start_char - _BACK < e.end_char <= org.start_char]
            resolved = regions.named_at_level(named, level, home)
            if resolved is not None:
                return resolved
    return None


def _table_breakdown(table: Table, text: str, start: int, metric: Span | None) -> str | None:
    """A table cell's sub-category, on the axis its metric is not on: the column header under a row
    label metric (三级医院 over 病床使用率（%） | 80.6), the row label beside a column header metric
    (病毒性肝炎 | 3,862 | 51.57 under 发病率); never a year, a change column or a place."""
    if metric is None:
        return None
    header, label = table.header_cell(start), table.row_label(start)
    if header is None or label is None:
        return None
    if metric.start_char < label[1] and label[0] < metric.end_char:
        other = header
    elif metric.start_char < header[1] and header[0] < metric.end_char:
        other = label
    else:
        return None
    words = _header_words(text, other)
    if (not words or _NOT_BREAKDOWN.search(words) or _CHANGE_HEADER.search(words) or _PLACE_END.search(words)
            or regions.region_pattern().fullmatch(words)):
        return None
    if other == header and any(cell != header and _header_words(text, cell).endswith(words)
                               for cell in table.line_cells(header)):
        return None  # 医院 over 公立医院 and 民营医院: the column of the whole
    return words


def _header_words(text: str, cell: tuple[int, int]) -> str:
    """A header cell's words on one line, without the unit after them (病床使用率（%） -> 病床使用率)."""
    words = "".join(text[cell[0]:cell[1]].split())
    unit = _LABEL_UNIT.search(words)
    return words[:unit.start()] if unit and unit.end() == len(words) else words


def _breakdown(text: str, value: Span, metric: Span | None, previous: tuple[int, str | None] | None,
               context: "_Items") -> str | None:
    """The sub-category a value is counted under: the words of its item when its metric stands
    further back and a breakdown opens between them (床位48.6万张，其中[医院]37.9万张; 卫生技术人员中，
    [医院]36.4万人; 抗疫先进集体（[国家级]2个、…）), or the previous value's, for a share in brackets
    right after it (医院37.9万张（占78.0%）)."""
    if previous is not None and _SHARE_AFTER.fullmatch(text, previous[0], value.start_char):
        return previous[1]
    if metric is None or metric.end_char > value.start_char or value.text.startswith("第"):
        return None
    sentence = max(text.rfind(mark, 0, metric.start_char) for mark in "。；;\n") + 1
    served = _SERVICE_LEAD_IN.match(text, sentence, metric.start_char)
    if served and context.holds_name(*served.span(1)):  # 乡镇卫生院服务情况：床位4.12万张，卫生人员6.35万人
        return served.group(1)
    end = value.start_char
    listed = _FENBIE_TAIL.search(text, max(0, end - 40), end)
    if listed:  # 其中三级医院分别为352.8元和13284元: the item stands before 分别
        end = listed.start()
    start = _item_start(text, end)
    lead = _ITEM_LEAD.match(text, start, end)
    start = lead.end() if lead else start
    if text.startswith("占", end - 1) and end - 1 > start:  # 其中[流行性感冒]占82.6%
        end -= 1
    item = text[start:end]
    if not item or metric.end_char > start or context.holds_entity(start, end):
        return None  # the words before the value are the metric itself, or a place, date or value
    if item in lexicon()["breakdown_words"]:
        return item
    opened = text[metric.end_char:start]
    if not _ITEM_WORDS.fullmatch(item) or _NOT_ITEM.search(item) or not context.holds_name(start, end):
        return None
    if "其中" in opened or _LEAD_IN.search(opened) or _BY_KIND.search(opened) or context.holds_value(metric.end_char, start):
        return item
    return None


def _listed_qualifier(text: str, value: Span, metric: Span | None, context: "_Items") -> str | None:
    """城市、农村孕产妇死亡率分别为…, 儿科、精神科、康复科执业医师缺口分别…, 一级、二级、三级医院病床使用率分别…: the
    qualifier of the value's place in a 分别 list whose items qualify the one metric right before 分别 (三级医院
    lends 医院 to 一级 and 二级)."""
    clause_start, anchor = fenbie_anchor(text, value)
    if (anchor is None or metric is None or text.startswith("均", anchor.start()) or metric.start_char < clause_start
            or text[metric.end_char:anchor.start()].strip()):
        return None
    start = max([clause_start, *(e for s, e in context.others if clause_start <= s and e <= metric.start_char)])
    pieces = [p.strip() for p in _QUALIFIER_JOIN.split(text[start:metric.start_char])]
    count = fenbie_values(text, anchor, value, context.values)
    if len(pieces) < 2 or len(pieces) != count or not all(_QUALIFIER_WORDS.fullmatch(p) for p in pieces):
        return None
    last, mark = pieces[-1], pieces[0][-1]
    if all(p[-1] == mark for p in pieces[:-1]) and mark in last[:-1]:
        shared = last[last.index(mark) + 1:]  # 三级|医院
        pieces = [p + shared for p in pieces[:-1]] + [last]
    index = bisect.bisect_left(context.values, value.start_char) - bisect.bisect_left(context.values, anchor.end())
    return pieces[index % count]


def _item_start(text: str, end: int) -> int:
    """Where the item before ``end`` starts: after the last delimiter outside brackets (诊所（医务室）)."""
    depth = 0
    for index in range(end - 1, max(-1, end - _ITEM_REACH - 1), -1):
        char = text[index]
        if char in "）)":
            depth += 1
        elif char in "（(" and depth:
            depth -= 1
        elif depth == 0 and (char in _ITEM_DELIMITERS or text.startswith("其中", index - 1)):
            return index + 1
    return end  # no item within reach


class _Items:
    """The entity positions a breakdown item is checked against, and the places a 全市 may stand for."""

    def __init__(self, ents: list[Span], text: str):
        self.text = text
        self.places = sorted((e.start_char, e.end_char, e.label_, e.text) for e in ents
                             if e.label_ in ("REGION", "ORG", "DATE"))
        self.own: dict[int, regions.ResolvedRegion | None] = {}  # 全市's start -> the place it stands for
        self.others = sorted((e.start_char, e.end_char) for e in ents if e.label_ in ("REGION", "DATE", "ORG", "VALUE"))
        self.values = sorted(e.start_char for e in ents if e.label_ == "VALUE")
        self.names = sorted((e.start_char, e.end_char) for e in ents if e.label_ in ("METRIC", "DISEASE"))

    def holds_entity(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.others, (start, -1))
        return index < len(self.others) and self.others[index][0] < end

    def holds_name(self, start: int, end: int) -> bool:
        """Whether a METRIC or DISEASE the rules know lies in [start, end): an item names a category."""
        index = bisect.bisect_left(self.names, (start, -1))
        return index < len(self.names) and self.names[index][1] <= end

    def holds_value(self, start: int, end: int) -> bool:
        return bisect.bisect_left(self.values, end) > bisect.bisect_left(self.values, start)
