"""REGION and DATE candidates of a VALUE, and what the document's structure says about each.

A value's region or year may be stated in its clause, at the head of its sentence (`2017年，全省…`),
in the sentence before, in a table's row label (`德惠市 | 6,470 | …`) or in the header above its
column (`2016年 | 2017年`). Each candidate is described by the structure between it and the value
(a place before a bracketed value, `由2005年的…到`, `比2015年的`, a 分别 list, a 等 list of places
that is not the value's), so that one decision per value can be made over all of its candidates,
with "none" (the home region, the report's year) as the fallback.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .defaults import body_start, document_year, home_region, spoken_year, year_of
from ..components.entities import sentence_bounds
from ..lexicons import regions
from .structure import (CLAUSE_BREAK, YEAR_OF_TARGET, closed_aside, gap, in_frame, open_aside, position_features, target_date,
                        window, with_list_order, within)
from .tables import Table
from ..text.tokenizer import doc_text

LINK_LABELS = {"REGION_OF": "REGION", "DATE_OF": "DATE"}
_SENTENCES_BACK = 1
_MAX_BACK = 300  # characters
_HEADER_DATE = re.compile(r"(?:19|20)\d\d年?|本年|上年|当年|去年|今年")
_DEICTIC = re.compile(r"^(?:全|我|本|该)(?:省|市|区|县|州|旗)$")
_TURN = re.compile(r"(?:增加|增长|提高|提升|下降|降低|减少|上升|缩短|扩大)?(?:到|至)")
_COMPARE_BEFORE = re.compile(r"(?:比|较|与|同|和|跟|相比|超过|高于|低于)$")
_FROM_BEFORE = re.compile(r"(?:由|从|自)$")
_BASE_BEFORE = re.compile(r"(?:比|较|由|从|是|为|相当于)$")  # 是2020年的3.1倍: that year is the multiple's base
_OWN_FIGURE = re.compile(r"的(?:全[省市区县国])?")  # 比2015年的[8.1%], 由2016年的全省[倒数第四]
_CHANGE_AFTER = re.compile(r"(?:同期|末|底)?(?:[（(][^（）()\n]{0,20}[）)])?(?:(?:相)?比[，,]?[\u4e00-\u9fff]{0,8}?|[，,])?(?:分别|仅|只|又|再|略|均|共|累计)?(?:增长|下降|增加|减少|提高|降低|上升|回落|负增长|低了|高了|多了|少了|新增|净增|"
                           r"缩短|延长|提升)")
_RATIO_BEFORE = re.compile(r"(?:是|为|相当于|不足|不到)$")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_AVERAGE_AFTER = re.compile(r"的?(?:平均水平|平均值|平均)")
# 是全国平均水平的1.6倍, 是2021年的2.4倍, 占全省的近四分之一
_NATIONAL_GAP_OF = re.compile(r"(?:平均水平|平均|水平|总数|总量|同期)?的(?:近|约|将近|接近|超过|逾|不到|不足)?")
_SUPERLATIVE = re.compile(r"最[高低多少大小]的$")
_SHARE_OF_BEFORE = re.compile(r"占$")  # 占全省的22.6%: the whole a share is taken of
_SEVERAL_PLACES = re.compile(r"合计|共计|[两二三四五六七八九十]+[个]?(?:市|区|县|州|地)|各[市区县]|^$")
_PART_OF = re.compile(r"倍|分之|成|%$")  # 1.6倍, 四分之一, 七成, 65%: a multiple or a part of the base's figure
_ABOVE_BELOW_BEFORE = re.compile(r"(?:高于|低于|超过|超出)$")
_DIFFERENCE = re.compile(r"个百分点|倍")  # 高于全国平均水平2.28个百分点: the gap is the subject's
_LIST_END_AFTER = re.compile(r"^[、和及与]|^等")
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|提高|降低|上升)了?$")
_RELATIVE_YEAR = re.compile(r"上年|去年|前年|今年|本年|当年")
_FOUR_DIGITS = re.compile(r"\d{4}")
_YEAR_RANGE = re.compile(r"\d{4}\s*[-—~至到]\s*\d{4}")
_FILLER = re.compile(r"(?:为|是|达到?|：|:|\s)*")  # between a metric phrase and its value
_NATIONAL_GAP = re.compile(r"(?:的|平均水平|平均|水平)*\s*[（(]?\s*")  # 全国平均水平（2.44人）
_NOT_NATIONAL_VALUE = re.compile(r"^第|倍$|百分点$")
_RANK = re.compile(r"第|倒数")
_SCOPE_GAP = re.compile(r"(?:各?[^，,。；;\d]{0,14}?|的)?(?:中|内)?(?:倒数|排名|排位|排|位居|居|位列|列)?")  # 全省各县（市）|第二, 全市|年度考核中排名|第二
_SCOPE_WIDTH = 18
# 在全省率先出台, 全国首个: the scope a first is taken in is no value's place
_PRIORITY_AFTER = re.compile(r"(?:范围内)?(?:率先|最早|最先|首[个家批次例]|第一[个家批])")
_ORG_AFTER = re.compile(r"^(?:人民)?(?:医院|卫生院|疾控|疾病预防|妇幼|中医|卫生健康|卫健|卫生局|卫生厅|政府)")


def _compared(header: str, start: int) -> bool:
    """Whether the date at ``start`` of a header cell is what the column is compared with (比上年增长,
    2024年比2023年): the column's values hold for the report's year, not for that date."""
    return _COMPARE_BEFORE.search(header[max(0, start - 2):start]) is not None


_NAMING_BEFORE = re.compile(r"(?:健康|美丽|大美|幸福|平安|智慧)$")  # 健康株洲, 美丽乡村: a campaign's name
_GENERIC_AREA = re.compile(r"(?:主|中心|老|新)?城区|市区|(?:远|近)?郊区")
_QUOTED_NAME = 15  # a place this close inside quotes that hold more than it names a campaign or slogan


@dataclass
class LinkContext:
    """What every value of one Doc shares for its REGION and DATE decisions."""

    doc: Doc
    text: str
    ents: list[Span]
    tails: dict[str, list[Span]]  # tail label -> spans in order
    tail_starts: dict[str, list[int]]
    value_starts: list[int]
    home: regions.HomeRegion | None
    default_year: int | None
    spoken_year: int | None  # what 今年, 去年 count from (:func:`healthie.linking.defaults.spoken_year`)
    table: Table
    metric_at: dict[int, int]  # start -> end of each METRIC and DISEASE
    cells: dict[int, tuple[int, int] | None] = field(default_factory=dict)
    value_set: frozenset[int] = field(init=False)

    def __post_init__(self):
        self.value_set = frozenset(self.value_starts)

    @classmethod
    def of(cls, doc: Doc) -> "LinkContext":
        ents = list(doc.ents)
        tails = {label: [e for e in ents if e.label_ == label] for label in LINK_LABELS.values()}
        text = doc_text(doc)
        start = body_start(doc, text)
        year = document_year(ents, text, start)
        return cls(doc, text, ents, tails, {k: [e.start_char for e in v] for k, v in tails.items()},
                   [e.start_char for e in ents if e.label_ == "VALUE"], home_region(doc, text),
                   year, spoken_year(text, start, year), Table(text),
                   {e.start_char: e.end_char for e in ents if e.label_ in ("METRIC", "DISEASE")})

    def heads_metric(self, candidate: Span, value: Span) -> bool:
        """鹰潭市孕产妇死亡率为0, 朝阳区病床使用率92.6%: the candidate stands right before the metric
        phrase that the value follows."""
        for start in (candidate.end_char, candidate.end_char + 1):
            end = self.metric_at.get(start)
            if end is not None and end <= value.start_char and _FILLER.fullmatch(self.text, end, value.start_char):
                return start == candidate.end_char or self.text[candidate.end_char] == "的"
        return False

    def candidates(self, value: Span, label: str) -> list[Span]:
        """The value's sentence and the one before it, and the header above its table column; never a place
        after the value beyond a clause break, nor the scope a rank is taken in."""
        tail = LINK_LABELS[label]
        found = within(self.tails[tail], self.tail_starts[tail], *window(self.text, value, _SENTENCES_BACK, _MAX_BACK))
        if tail == "REGION":  # 补助资金2397万元（湖北省共1亿元）: a place in an aside that leaves the value out
            found = [s for s in found if not self.in_other_aside(s, value)]  # (no corpus link goes to one)
        header = self.header(value, tail)
        if header is not None and not any(s.start_char < header.end_char and header.start_char < s.end_char for s in found):
            found = sorted([*found, header], key=lambda s: s.start_char)
        if tail == "REGION":  # a place after the value beyond a clause break is the next clause's (19 of 5,220 train links)
            found = [s for s in found if s.start_char < value.end_char
                     or not CLAUSE_BREAK.search(self.text, value.end_char, s.start_char)]
        if tail == "REGION" and _RANK.match(self.text, value.start_char):
            found = [s for s in found if not self._rank_scope(s, value)]
        if tail == "REGION":
            found = [s for s in found if not self.in_name(s) and not in_frame(self.text, s.start_char, s.end_char, value.start_char)
                     and not (_DEICTIC.match(self.text[s.start_char:s.end_char].strip())
                              and _PRIORITY_AFTER.match(self.text, s.end_char))]
        return found

    def in_other_aside(self, region: Span, value: Span) -> bool:
        """Whether the place stands in a bracketed aside that the value stands outside of."""
        if region.end_char <= value.start_char:
            return closed_aside(self.text, region.end_char, value.start_char)
        return open_aside(self.text, value.end_char, region.start_char)

    def in_name(self, region: Span) -> bool:
        """健康株洲, “连心惠民—大美湘潭健康行”: a place inside a campaign's or a slogan's name is no value's
        place (GUIDELINES section 1); nor is 城区 or 老城区 without its city before it (the town part of the
        report's place, not 大同市城区)."""
        if _NAMING_BEFORE.search(self.text, max(0, region.start_char - 2), region.start_char):
            return True
        if _GENERIC_AREA.fullmatch(self.text[region.start_char:region.end_char].strip()):
            return not self.text.endswith("市", max(0, region.start_char - 4), region.start_char)
        opening = self.text.rfind("“", max(0, region.start_char - _QUOTED_NAME), region.start_char)
        if opening < 0 or "”" in self.text[opening:region.start_char]:
            return False
        closing = self.text.find("”", region.end_char, region.end_char + _QUOTED_NAME)
        return closing >= 0 and (opening + 1, closing) != (region.start_char, region.end_char)

    def choosable(self, value: Span, candidates: list[Span], label: str) -> list[Span]:
        """The candidates the classifier chooses among: never the base of a multiple (是全国平均水平的1.6倍); for
        DATE_OF not the compared or base time of another value (比2015年的8.1%: 2015 is that figure's year, not
        the next values'), nor the time a change is measured from; the structure rules see all."""
        if label != "DATE_OF":
            return [c for c in candidates if not self._ratio_base(c, value)]
        return [c for c in candidates if not self._others_base(c, value) and not self.compared_frame(c)
                and not self._ratio_base(c, value)]

    def vetoed(self, chosen: Span, value: Span, label: str) -> bool:
        """A choice that is never the value's, whatever the classifier scores: the place whose average the
        value is compared with, a target's year in another sentence, the year of a target a count is of, a
        year in an aside closed before the value (上升27.4%（去年同期为3239例），报告发病率上升9.43/10万)."""
        if label != "DATE_OF":  # 泼陂河镇、砖桥镇等8所: the places before 等 are examples of what is counted
            return self.compared_place(chosen, value) or self.text.startswith("等", chosen.end_char)
        return (self.target_elsewhere(chosen, value) or YEAR_OF_TARGET.match(self.text, chosen.end_char) is not None
                or (chosen.end_char <= value.start_char and closed_aside(self.text, chosen.start_char, value.start_char)))

    def compared_place(self, place: Span, value: Span) -> bool:
        """比全省平均水平高1.1岁, 低于全省平均水平0.8人: the place whose average a figure is compared with
        is not where the figure holds (its own figure, 全省平均水平（0.87人）, is :func:`national_figure`'s)."""
        return (place.end_char <= value.start_char
                and _COMPARE_BEFORE.search(self.text, max(0, place.start_char - 2), place.start_char) is not None
                and _AVERAGE_AFTER.match(self.text, place.end_char) is not None
                and (_NATIONAL_GAP.fullmatch(self.text, place.end_char, value.start_char) is None
                     or self._gap_to(place, value)))

    def gap_subject(self, value: Span, candidates: list[Span]) -> int | None:
        """九江市…为812.4/10万，低于全省平均水平64.7/10万: the start of the value before a gap to an average, in the
        same sentence, whose subject the gap is (it holds where that figure holds); else None."""
        if not any(self.compared_place(c, value) and self._gap_to(c, value)
                   and not CLAUSE_BREAK.search(self.text, c.start_char, value.start_char) for c in candidates):
            return None  # the average is named in the value's own clause (not 均低于全区平均水平。…位列第二)
        at = bisect.bisect_left(self.value_starts, value.start_char)
        start = sentence_bounds(self.text, value.start_char, value.end_char)[0]
        return self.value_starts[at - 1] if at > 0 and self.value_starts[at - 1] >= start else None

    def _gap_to(self, place: Span, value: Span) -> bool:
        """低于全省平均水平0.8人: the value right after the average is the subject's gap to it (its own figure
        stands in brackets, 全省平均水平（0.87人）)."""
        return (_ABOVE_BELOW_BEFORE.search(self.text, max(0, place.start_char - 2), place.start_char) is not None
                and not any(bracket in self.text[place.end_char:value.start_char] for bracket in "（("))

    def target_elsewhere(self, date: Span, value: Span) -> bool:
        """提前实现“到2025年达到32%”的目标。…分别达到72.5%: a year still to come that a target is set for
        dates the values of its own sentence only."""
        if not target_date(self.text, date):
            return False
        year = year_of(self.text[date.start_char:date.end_char], None)
        if year is None or self.default_year is None or year <= self.default_year:
            return False
        return date.end_char <= value.start_char and _SENTENCE_END.search(self.text, date.end_char, value.start_char) is not None

    def compared_frame(self, date: Span) -> bool:
        """比上年增长41.3%, 与2020年相比减少: the time a change is measured from holds no value (the change
        is the report's year's, SPEC section 4)."""
        return (_COMPARE_BEFORE.search(self.text, max(0, date.start_char - 2), date.start_char) is not None
                and _CHANGE_AFTER.match(self.text, date.end_char) is not None)

    def _ratio_base(self, base: Span, value: Span) -> bool:
        """是2021年的[2.4倍], 是全国平均水平的[1.6倍], 占全省的[22.6%], 约为五华区的[四分之一], 高于全国平均水平
        [2.28个百分点]: a multiple, share, fraction or difference taken of that year's or place's figure is this
        year's and this place's."""
        words = self.text[value.start_char:value.end_char]
        before = _SUPERLATIVE.sub("", self.text[max(0, base.start_char - 7):base.start_char])  # 是[最低的]周口市的1.8倍
        if _SHARE_OF_BEFORE.search(before):  # not 三市合计占全省的51.7%: several places' share is the whole's
            clause = self.text[max(0, base.start_char - 30):base.start_char]
            clause = re.split(r"[，,。；;：:\n]", clause)[-1]
            return (_NATIONAL_GAP_OF.fullmatch(self.text, base.end_char, value.start_char) is not None
                    and _SEVERAL_PLACES.search(clause) is None)
        if _RATIO_BEFORE.search(before) and _PART_OF.search(words):
            return _NATIONAL_GAP_OF.fullmatch(self.text, base.end_char, value.start_char) is not None
        return (_ABOVE_BELOW_BEFORE.search(before) is not None and _DIFFERENCE.search(words) is not None
                and _NATIONAL_GAP.fullmatch(self.text, base.end_char, value.start_char) is not None)

    def _others_base(self, date: Span, value: Span) -> bool:
        """Whether the date is the compared or base time of another value right after it (比2015年的8.1%,
        由2016年的全省倒数第四 seen from a later value)."""
        if date.end_char > value.start_char or not _BASE_BEFORE.search(self.text, max(0, date.start_char - 2), date.start_char):
            return False
        own = _OWN_FIGURE.match(self.text, date.end_char)
        return own is not None and own.end() in self.value_set and own.end() != value.start_char

    def _rank_scope(self, region: Span, value: Span) -> bool:
        """列全省第一, 全省倒数第四, 居全国第三: the scope a rank is taken in is never the ranked place."""
        words = self.text[region.start_char:region.end_char].strip()
        return (value.start_char - region.end_char <= _SCOPE_WIDTH
                and _SCOPE_GAP.fullmatch(self.text, region.end_char, value.start_char) is not None
                and (_DEICTIC.match(words) is not None or words == regions.NATIONAL))

    def column_cell(self, value: Span) -> tuple[int, int] | None:
        """The header cell above the value's table column (computed once per value)."""
        if value.start_char not in self.cells:
            self.cells[value.start_char] = self.table.header_cell(value.start_char)
        return self.cells[value.start_char]

    def header(self, value: Span, tail: str) -> Span | None:
        """The header cell above the value's column when it names a year (DATE) or a place (REGION)."""
        cell = self.column_cell(value)
        if cell is None:
            return None
        words = self.text[cell[0]:cell[1]]
        tagged = [s for s in self.tails[tail] if s.start_char < cell[1] and cell[0] < s.end_char
                  and not (tail == "DATE" and _compared(words, s.start_char - cell[0]))]
        if tagged:
            return tagged[0]
        if tail == "DATE":
            match = next((m for m in _HEADER_DATE.finditer(words) if not _compared(words, m.start())), None)
        else:
            match = regions.region_pattern().match(words)
        if match is None:
            return None
        return self.doc.char_span(cell[0] + match.start(), cell[0] + match.end(), label=tail, alignment_mode="expand")

    def outcome(self, candidate: Span | None, label: str) -> str | int | None:
        """What linking the candidate (or nothing) makes of the record: a region name or a year."""
        if label == "DATE_OF":
            return year_of(candidate.text if candidate is not None else None, self.default_year, self.spoken_year)
        resolved = regions.resolve_phrase(candidate.text, self.home) if candidate is not None else None
        if resolved is None:
            return self.home.name if self.home else None
        return resolved.name


def national_figure(text: str, value: Span, candidates: list[Span]) -> int | None:
    """低于全国14.18%的平均水平, 比全国平均水平（2.44人）: the index of the 全国 right before the value,
    whose figure it is, or of the place whose average the value is (低于0.87人的全省平均水平); a rank, a
    multiple or a difference after it stays the report's own."""
    words = text[value.start_char:value.end_char]
    if _NOT_NATIONAL_VALUE.search(words):
        return None
    for index, candidate in enumerate(candidates):
        if (candidate.end_char <= value.start_char
                and text[candidate.start_char:candidate.end_char].strip() == regions.NATIONAL
                and _NATIONAL_GAP.fullmatch(text, candidate.end_char, value.start_char)):
            return index
        if (text.startswith("的", value.end_char) and candidate.start_char == value.end_char + 1
                and _AVERAGE_AFTER.match(text, candidate.end_char)):
            return index  # 低于0.87人的[全省]平均水平: the average's own place
    return None


def in_list(text: str, candidate: Span) -> bool:
    """Whether the candidate is one item of a list (郑州市、洛阳市和焦作市)."""
    return (_LIST_END_AFTER.match(text[candidate.end_char:candidate.end_char + 1]) is not None
            or text[max(0, candidate.start_char - 1):candidate.start_char] in ("、", "和", "及"))


def _overlaps(span: Span, cell: tuple[int, int] | None) -> bool:
    return cell is not None and span.start_char < cell[1] and cell[0] < span.end_char


def link_rows(context: LinkContext, value: Span, candidates: list[Span], label: str) -> list[dict[str, float]]:
    """Features of each (value, REGION or DATE candidate) pair among the value's candidates, in their
    order; what depends on the value alone is computed once."""
    text = context.text
    sentence = sentence_bounds(text, value.start_char, value.end_char)
    row = context.table.row(value.start_char)
    cell = context.column_cell(value)
    only_candidate = float(len(candidates) == 1)
    value_is_rank = float(text[value.start_char:value.end_char].startswith("第"))
    change_value = float(bool(_CHANGE_BEFORE.search(text[max(0, value.start_char - 4):value.start_char])))
    default = context.outcome(None, label)
    rows = [_link_features(context, value, candidate, candidates, label, sentence, row, cell, only_candidate,
                           value_is_rank, change_value, default) for candidate in candidates]
    if label == "REGION_OF" and any(sentence[0] <= c.start_char and c.end_char <= value.start_char
                                    and _named(text[c.start_char:c.end_char]) for c in candidates):
        for features in rows:  # 各设区市中，南昌市…最高，为34.2%: a place named in the value's own sentence
            features["other_sentence&named_here"] = features["other_sentence"]
    return rows


def _named(words: str) -> bool:
    words = words.strip()
    return words != regions.NATIONAL and not _DEICTIC.match(words)


def _link_features(context, value, candidate, candidates, label, sentence, row, cell, only_candidate,
                   value_is_rank, change_value, default) -> dict[str, float]:
    text = context.text
    left, start, end = gap(value, candidate)
    between = text[start:end] if end > start else ""
    before_candidate = text[max(0, candidate.start_char - 3):candidate.start_char]
    after_candidate = text[candidate.end_char:candidate.end_char + 4]
    words = text[candidate.start_char:candidate.end_char]
    side = "L" if left else "R"
    features = {
        **position_features(text, value, candidate, candidates, context.value_starts),
        "sentence_head": float(candidate.start_char <= sentence[0] + 1 and after_candidate[:1] in "，,"),
        "bracket_between": float(between.strip() in ("（", "(")),
        "de_between": float(between.strip().endswith("的")),
        "wei_between": float(between.strip()[:1] in ("为", "是", "达", "有")),
        "turn_between": float(bool(_TURN.search(between))),
        "compared": float(bool(_COMPARE_BEFORE.search(before_candidate))),
        "from": float(bool(_FROM_BEFORE.search(before_candidate))),
        "in_list": float(in_list(text, candidate)),
        "deng_after": float("等" in text[candidate.end_char:candidate.end_char + 8].split("，")[0]),
        "org_after": float(bool(_ORG_AFTER.match(after_candidate))),
        "table_row": float(row is not None),
        "row_label": float(row is not None and left and candidate.start_char <= row[0] + 2),
        "column_header": float(_overlaps(candidate, cell)),
        "other_header": float(row is not None and candidate.end_char <= row[0] and not _overlaps(candidate, cell)),
        "heads_metric": float(context.heads_metric(candidate, value)),
        "only_candidate": only_candidate,
        "value_is_rank": value_is_rank,
        # 周口市家庭医生签约服务…全省倒数第四: a rank is the sentence's subject place's
        "rank&sentence_subject": value_is_rank * float(left and sentence[0] <= candidate.start_char and not any(
            sentence[0] <= c.start_char < candidate.start_char for c in candidates)),
        "change_value": change_value,
    }
    features = with_list_order(features, text, value, candidate, candidates, shared=True)
    features["compared&de"] = features["compared"] * features["de_between"]  # 比2015年的74.6岁
    features["from&de"] = features["from"] * features["de_between"]  # 由2005年的64.4岁
    outcome = context.outcome(candidate, label)
    features["same_as_default"] = float(outcome == default)
    if label == "REGION_OF":
        words = words.strip()
        kind = "national" if words == regions.NATIONAL else "deictic" if _DEICTIC.match(words) else "named"
        features[f"kind={kind}"] = 1.0
        features[f"kind={kind}&side={side}"] = 1.0
        features["unresolved"] = float(regions.resolve_phrase(words, context.home) is None)
    else:
        kind = ("period" if "五" in words and "“" in words or "规划" in words else "relative"
                if _RELATIVE_YEAR.search(words) else "year" if _FOUR_DIGITS.search(words) else "other")
        features[f"kind={kind}"] = 1.0
        features[f"kind={kind}&side={side}"] = 1.0
        features["month"] = float("月" in words)
        features["range"] = float(bool(_YEAR_RANGE.search(words)))
        year = outcome if isinstance(outcome, int) else None
        if year is not None and context.default_year is not None:
            delta = year - context.default_year
            features[f"year_vs_report={'same' if delta == 0 else 'before' if delta < 0 else 'after'}"] = 1.0
    return features
