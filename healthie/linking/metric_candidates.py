"""METRIC candidates of a VALUE, and what the document's structure says about each of them.

A value's metric is proposed from its own sentence and the sentence before it (a lead-in, the
total of a breakdown, the subject of an elliptical change), whatever the distance; the features
describe the structure between the two (其中, 分别 lists, comparisons, a place before the value,
a table row label), so that one decision per value can be made over all of its candidates.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..components.metric_chunker import (ACTION, COUNT, DELIMITER, EXAMPLES_END, GRADE_LIST, RATE_END, SHARE_VERB, TOTAL_WORD,
                                         MetricChunker, rank_scope, ranked_subject)
from .structure import (CLAUSE_BREAK, KIND, closed_aside, fenbie_anchor, fenbie_values, gap, in_whole, named_list_before,
                        position_features, share_wholes, window, with_list_order, within)
from .tables import Table
from ..components.entities import lexicon
from ..text.tokenizer import doc_text

_COMPARISON = re.compile(r"比上年|同比|较上年|与上年相比|比\d{4}年|较\d{4}年|相比")
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|提高|降低|上升|回落|缩短|负增长)了?$")
_PLACE_BEFORE = re.compile(r"(?:医院|卫生院|机构|中心|卫生室|服务站|门诊部|诊所|城市|农村|城镇|乡村)$")
_UNIT = re.compile(r"(%|‰|/10万|/万|个百分点|倍|[\u4e00-\u9fff])$")
_NEAR = 2  # characters between a METRIC and its value that still make it the value's own phrase
_MAX_EXTENSION = 24  # characters a METRIC phrase may run back before the tagged METRIC it ends
_EXTENSION = re.compile(rf"(?:[\u4e00-\u9fff0-9A-Za-z\-~～.+/]|{GRADE_LIST.pattern})+")  # 2型, X线, 500张及以上床位, 65岁以上,
# A+以上, DRG/DIP, 三、四级
# 扶助金标准|提高至每人每月|850元: a rate raised to a sum per head still ends right before its value
_TO_RATE = re.compile(r"(?:提高|增加|上调|调整|提升)?(?:至|到|为)?(?:每人每[年月日]|每[人户床月年])")
_SENTENCES_BACK = 2
_CHANGE_COLUMN = re.compile(r"增长|增减|增幅|同比|比上年|较上年")  # 同比增长（%）: a column of changes
_NOT_HEADER_METRIC = re.compile(r"\d年|年份|年度|增减|增长|比上年|同比|指标|项目|合计|属性|地区|单位")  # a year or growth column
_MAX_BACK = 300  # characters: a lead-in or a total further back is out of reach
_AGE = r"(?:\d+(?:[-~～—]\d+)?(?=[岁个周型]))?"  # 65岁以上…, 0-6岁…, 2型糖尿病…: a label may open with a number
_ROW_LABEL = re.compile(r"\s*\|?\s*(?:其中[:：])?\s*(" + _AGE + r"[\u4e00-\u9fff][^|\t\d]*?[\u4e00-\u9fff）)])\s*(?:[（(][^（）()]{1,8}[）)])?"
                        r"\s*(?=\||\t|\s{2,}|[-+]?\d)")
_WRAPPED_LABEL = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff（）()、]{1,15}")  # the first line of a wrapped row label
_HEADER_CELL = re.compile(_AGE + r"[\u4e00-\u9fff][^|\t]*?(?=\s*(?:[（(][^（）()]{1,8}[）)])?\s*$)")
_BAD_SHAPE = re.compile(r"^(?:分别|比|为|达|和|及|与|或|其中|仅|只)|(?:分别|比|为|和|及|居|列)$|\d")
_COUNTS_PLACES = {"个", "家", "所", "座", "间", "处"}  # units that count institutions themselves
_BREAKDOWN_LEAD = re.compile(r"其中|[^其]中[，,：:]|按[\u4e00-\u9fff]{1,6}分[，,：:]?")
# what a metric phrase is never extended back over: 分别, 占, a total's 共 (妇幼保健机构共开放|床位; not 公共) and
# an examples' 等
_NOT_OVER = re.compile(f"分别|{SHARE_VERB.pattern}|共有|{TOTAL_WORD.pattern}|{EXAMPLES_END.pattern}")
_NOT_OVER_RATIO = re.compile(f"分别|共有|{TOTAL_WORD.pattern}|{EXAMPLES_END.pattern}")
_RATIO = re.compile(r"(?:比例|比重)$")
_BREAKDOWN_HEAD = re.compile(r"([\u4e00-\u9fff）)])中[，,：:]")  # 医疗卫生机构实有床位中，
_LIST_JOIN = re.compile(r"、|和|及|与")
_QUALIFIER = 4  # characters: the longest qualifier of a shared head (国家级, 精神科)
_INSTITUTION_FIRST = re.compile(r"医院|卫生院|机构|中心|卫生室|服务站")
_UNIT_NOTE = re.compile(r"[（(][^（）()]{1,6}[）)]$")  # 检出率（%）：
_NAME_NOTE = re.compile(r"[（(](?![万亿千百]?[个张人次家所元床日岁天项件例台名位%‰]*[）)]|不含|含|包括)"
                        r"[\u4e00-\u9fff、，]{1,12}[）)]")  # （站）, （所、站）, not （个）, （万） nor （不含新冠肺炎）
_AGE_BEFORE = re.compile(r"(?<![\d.])\d+(?:[-~～—至]\d+)?(?:岁|周岁|个月)(?:及以上|以上|以下|及以下)?$")
_DISEASE_TYPE = re.compile(r"\s*(?:\d+型)?")
_NAMED_ITEM = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff0-9A-Za-z（）()“”]{1,19}")  # a name a 依次为 list gives
_NOT_IN_ITEM = ("REGION", "DATE", "VALUE")  # 德惠市|医疗卫生机构、床位…分别为: the place is no part of the item
_NOT_ITEM = ("DISEASE", "ORG", "POLICY")  # 高血压、糖尿病患者…: an item that is one of these names no metric
_SENTENCE_START = re.compile(r"[。！？；!?;\n]")
_LIST_CLOSE = re.compile(r"(?:及?以上|及?以下|左右|多|余)?的")
_LIST_PLACE = re.compile(r"[\u4e00-\u9fff]{0,4}")  # 市|25%: a short place word before a listed value
_ASIDE_AFTER = re.compile(r"[）)]?(?:[（(][^（）()\n]{1,12}[）)])?")  # a count's aside, or the one it stands in
_COUNT_TO_NOUN = re.compile(_ASIDE_AFTER.pattern + r"(?:以上|余|多|左右)?的?[“\"]?")  # 150种以上[中药饮片], 1185人的[采样队伍]
_COUNTED_PLACE = re.compile(r"[\u4e00-\u9fff]{0,6}(?:县|市|区|乡|镇|村|省|州|医院|卫生院|机构|中心|卫生室)(?=的)")
_DURATION = re.compile(r"(?:天|个月|年|周|小时|分钟)$")
# 仅用6天时间|完成, 仅用18天，医院就完成了, 连续三年|实现, 连续五年|无: the verb of the task a duration measures
_TASK_VERB = re.compile(r"(?:的)?(?:时间)?[，,]?[\u4e00-\u9fff]{0,6}?(?:就|即|便)?(?:完成了?|实现了?|保持|控制住|无(?=[\u4e00-\u9fff]))")


@lru_cache(maxsize=1)
def _chunker() -> MetricChunker:
    return MetricChunker()


@lru_cache(maxsize=1)
def _disease_names() -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, lexicon()["diseases"]), key=len, reverse=True)))


def _lead_words() -> re.Pattern:
    return _chunker().lead_words


@dataclass
class MetricContext:
    """What every value of one Doc shares: its text and entities, computed once."""

    doc: Doc
    text: str
    ents: list[Span]
    metrics: list[Span]
    metric_starts: list[int]
    value_starts: list[int]
    value_ends: dict[int, int]  # start -> end of each VALUE
    tagged: set[tuple[int, int]]  # (start, end) of the METRICs the rules tagged
    blocker_ends: list[int]  # where the entities a METRIC phrase never runs over end, in order
    tagged_ends: set[int]  # end_char of the tagged METRICs
    ent_starts: list[int]
    table: Table
    wholes: list[tuple[int, int]]  # what each share (占…的) is taken of, in order
    cells: dict[int, tuple[int, int] | None] = field(default_factory=dict)
    nouns: dict[tuple[str, int], Span | None] = field(default_factory=dict)  # after() and after_list(), per value

    @classmethod
    def of(cls, doc: Doc) -> "MetricContext":
        ents = list(doc.ents)
        metrics = [e for e in ents if e.label_ == "METRIC"]
        text = doc_text(doc)
        return cls(doc, text, ents, metrics, [m.start_char for m in metrics],
                   [e.start_char for e in ents if e.label_ == "VALUE"],
                   {e.start_char: e.end_char for e in ents if e.label_ == "VALUE"}, {(m.start, m.end) for m in metrics},
                   sorted(e.end_char for e in ents if e.label_ not in ("METRIC", "DISEASE")),
                   {m.end_char for m in metrics}, [e.start_char for e in ents], Table(text),
                   share_wholes(text))

    def is_tagged(self, span: Span) -> bool:
        """Whether a candidate is a METRIC the rules tagged, not a proposed row label or header."""
        return (span.start, span.end) in self.tagged

    def candidates(self, value: Span) -> list[Span]:
        """The METRICs of the value's sentence and of the two sentences before it, in document order,
        and a table row's label when the rules tagged no METRIC there; never a phrase after the value
        beyond a clause break, nor the whole that a share before the value is taken of (占[总人口]的11.9%)."""
        found = within(self.metrics, self.metric_starts, *window(self.text, value, _SENTENCES_BACK, _MAX_BACK))
        found = self._with_extensions(found, value)
        noted = [self.with_note(m, value) for m in found]
        if any(n is not m for n, m in zip(noted, found)):
            found = list({(m.start, m.end): m for m in noted}.values())
        # a phrase after the value beyond a clause break is another value's (2 of 9,519 train metrics are)
        found = [m for m in found if m.start_char < value.end_char
                 or not CLAUSE_BREAK.search(self.text, value.end_char, m.start_char)]
        found = [m for m in found if not self.is_place(m)]
        subject = self.rank_subject(value)
        if subject is not None:  # 健康扶贫工作|在全市年度考核中排名第二: what stands in the scope is not what is ranked
            found = [m for m in found if m.end_char <= subject.end_char or m.start_char >= value.end_char]
            if not any(m.start_char < subject.end_char and subject.start_char < m.end_char for m in found):
                found = sorted([*found, subject], key=lambda m: (m.start_char, m.end_char))
        if self.wholes:  # what a share is taken of is never a metric, of the share nor of its change
            found = [m for m in found if not in_whole(self.wholes, m)]  # (1 of 9,519 train metrics is)
        head = self.breakdown_head(value)
        if head is not None and all(_strictly_inside(m, head) for m in found
                                    if m.start_char < head.end_char and head.start_char < m.end_char):
            found = sorted([*found, head], key=lambda m: (m.start_char, m.end_char))
        shared = self.shared_head(value)
        if shared is not None:  # 儿科、精神科、康复科|执业医师缺口分别: the list's head, never one qualifier's phrase
            list_start = fenbie_anchor(self.text, value)[0]
            found = [m for m in found if not (list_start <= m.start_char < shared.end_char)]
            found = sorted([*found, shared], key=lambda m: (m.start_char, m.end_char))
        for item in ([] if shared is not None else self.fenbie_items(value)):  # where every candidate it overlaps
            inside = [m for m in found if m.start_char < item.end_char and item.start_char < m.end_char]
            if all(_strictly_inside(m, item) for m in inside):  # lies inside it: 门诊|患者满意度, 建档立卡贫困人口|签约率
                found = sorted([*found, item], key=lambda m: (m.start_char, m.end_char))
        task = self.task(value)
        if task is not None and all((m.start_char, m.end_char) != (task.start_char, task.end_char) for m in found):
            found = sorted([*found, task], key=lambda m: (m.start_char, m.end_char))
        noun = self.after(value)
        if noun is not None and all(_strictly_inside(m, noun) for m in found  # 1所[二甲以上公立医院]
                                    if m.start_char < noun.end_char and noun.start_char < m.end_char):
            found = sorted([*found, noun], key=lambda m: (m.start_char, m.end_char))
        for after in (self.after_list(value), self.lead_in(value)):
            if after is not None and not any(m.start_char < after.end_char and after.start_char < m.end_char
                                             for m in found):
                found = sorted([*found, after], key=lambda m: (m.start_char, m.end_char))
        for proposed in (self.row_label(value), self.column_header(value), self.changed_column(value)):
            if proposed is None:
                continue
            overlapping = [m for m in found if m.start_char < proposed.end_char and proposed.start_char < m.end_char]
            if overlapping and "\n" in self.text[proposed.start_char:proposed.end_char] and all(
                    proposed.start_char <= m.start_char and m.end_char <= proposed.end_char for m in overlapping):
                found = [m for m in found if m not in overlapping]  # the second half of a wrapped row label
                overlapping = []
            if not overlapping:
                found = sorted([*found, proposed], key=lambda m: m.start_char)
        return found

    def own_value(self, candidate: Span) -> tuple[int, int] | None:
        """(start, end) of the VALUE right after the candidate, whose own phrase it is, if any."""
        at = bisect.bisect_left(self.value_starts, candidate.end_char)
        if at == len(self.value_starts) or self.value_starts[at] - candidate.end_char > _NEAR:
            return None
        start = self.value_starts[at]
        return (start, self.value_ends[start]) if self.text[candidate.end_char:start].strip() in ("", "为", "达") else None

    def is_place(self, candidate: Span) -> bool:
        """其中公立医院87.2%, 县级医院1200张: a kind of institution right before a value that does not count
        institutions is where that value is measured, never a metric (no train metric is), of any value."""
        end = self.value_ends.get(candidate.end_char)
        if end is None:
            return False
        unit = self.text[end - 1]
        return (unit not in _COUNTS_PLACES and not unit.isdigit()
                and KIND.search(self.text, candidate.start_char, candidate.end_char) is not None)

    def _with_extensions(self, found: list[Span], value: Span) -> list[Span]:
        extended = [e for e in (self.extended(m, value) for m in found) if e is not None]
        known = {(m.start, m.end) for m in found}
        fresh = {(e.start, e.end): e for e in extended if (e.start, e.end) not in known}
        return sorted([*found, *fresh.values()], key=lambda m: (m.start_char, m.end_char)) if fresh else found

    def after(self, value: Span) -> Span | None:
        """组织6355名[家庭医生], 一例[人感染H7N9禽流感病例]: the noun right after a count, when no entity but a
        disease stands there (computed once per value)."""
        key = ("count", value.start_char)
        if key not in self.nouns:
            self.nouns[key] = self._after(value)
        return self.nouns[key]

    def _after(self, value: Span) -> Span | None:
        if not COUNT.search(self.text, value.start_char, value.end_char):
            return None
        start = _ASIDE_AFTER.match(self.text, value.end_char).end()  # 257户（339人）[失独家庭]
        first = next((e for e in itertools.islice(self.ents, bisect.bisect_left(self.ent_starts, start), None)
                      if e.label_ not in ("DISEASE", "METRIC")), None)  # 1所[二甲以上公立医院], 1名[合格的执业医师]
        span = _chunker().phrase_after(self.text, start, [first] if first is not None else [])
        if span and _COUNTED_PLACE.match(self.text, *span):
            span = (span[0], self.text.index("的", *span))  # 53个[贫困县]的县级医院: the count is of the places
        partner = self.text.find("与", *span) if span else -1
        if partner >= 0 and partner - span[0] >= _chunker().min_length:
            span = (span[0], partner)  # 11家[三级医院]与贫困县县级医院: the count is of the first party
        return self.doc.char_span(*span, label="METRIC", alignment_mode="contract") if span else None

    def rank_subject(self, value: Span) -> Span | None:
        """健康扶贫工作在全市年度考核中排名第二: the phrase before the rank's scope in its clause, after any
        place or date that opens it (万州区|卫生计生综合目标考核连续在…), as a METRIC span."""
        start = _chunker().clause_start(self.text, value.start_char)
        scope = rank_scope(self.text, start, value.start_char)
        if scope is None:
            return None
        inside = self.ents[bisect.bisect_left(self.ent_starts, start):bisect.bisect_left(self.ent_starts, scope)]
        if any(e.label_ == "ORG" for e in inside):
            return None  # 市第一人民医院在全国三级公立医院绩效考核中位列…: an institution ranked in an evaluation
        start = max([start, *(e.end_char for e in inside if e.label_ in _NOT_IN_ITEM and e.end_char <= scope)])
        span = _chunker().trim(self.text, start, scope)
        if span is None or not ranked_subject(self.text, *span):
            return None
        return self.doc.char_span(*span, label="METRIC", alignment_mode="contract")

    def task(self, value: Span) -> Span | None:
        """仅用6天时间完成[隔离病区改造], 连续三年实现[孕产妇零死亡], 连续五年无[本地感染疟疾病例]: what a
        duration measures is the task or state after its verb (all 27 such train and dev values)."""
        if not _DURATION.search(self.text, value.start_char, value.end_char):
            return None
        verb = _TASK_VERB.match(self.text, value.end_char)
        if verb is None:
            return None
        following = [e for e in self.ents[bisect.bisect_right(self.ent_starts, value.start_char):]
                     if e.label_ not in ("METRIC", "DISEASE")]
        span = _chunker().phrase_after(self.text, verb.end(), following)
        return self.doc.char_span(*span, label="METRIC", alignment_mode="contract") if span else None

    def after_list(self, value: Span) -> Span | None:
        """38.6%、44.1%和17.3%的[住院服务量], 最长4周的[长处方]: the noun after 的 that follows the value
        or the list of values it ends (computed once per value)."""
        key = ("list", value.start_char)
        if key not in self.nouns:
            self.nouns[key] = self._after_list(value)
        return self.nouns[key]

    def _after_list(self, value: Span) -> Span | None:
        end = value.end_char
        while True:
            joined = _LIST_JOIN.match(self.text, end)
            if joined is None:
                break
            index = bisect.bisect_left(self.ent_starts, joined.end())
            while index < len(self.ents) and self.ents[index].label_ == "REGION":
                index += 1  # 省50%、市25%、区25%的[资金配套比例]: each value's place stands before it
            if (index == len(self.ents) or self.ents[index].label_ != "VALUE"
                    or not _LIST_PLACE.fullmatch(self.text, joined.end(), self.ent_starts[index])):
                break
            end = self.ents[index].end_char
        closing = _LIST_CLOSE.match(self.text, end)  # 储备了10天以上的[医疗救治物资]
        if closing is None:
            return None
        at = bisect.bisect_right(self.ent_starts, end)
        following = self.ents[at:at + 1]
        span = _chunker().phrase_after(self.text, closing.end(), following)
        return self.doc.char_span(*span, label="METRIC", alignment_mode="contract") if span else None

    def fenbie_items(self, value: Span) -> list[Span]:
        """门诊病人次均医药费用、[住院病人人均医药费用]、医师日均担负诊疗人次分别为…: every item of the list
        before the value's 分别, when the list holds as many items as values follow and each reads as a
        metric phrase (so a list the rules tagged only in part still pairs by order)."""
        clause_start, anchor = fenbie_anchor(self.text, value)
        if anchor is None or self.text.startswith("均", anchor.start()):
            return []
        named = named_list_before(self.text, clause_start, anchor)  # 依次为A、B和C，分别为…: names, diseases too
        list_start, list_end = named or (clause_start, anchor.start())
        joins = list(_LIST_JOIN.finditer(self.text, list_start, list_end))
        if named is not None:  # 医疗服务与保障能力提升和县人民医院综合楼建设: a name holds 与; 、 and the last 和 part
            enumerated = [m for m in joins if m.group() == "、"]
            last = [m for m in joins if not enumerated or m.start() > enumerated[-1].start()]
            joins = enumerated + [next((m for m in last if m.group() != "与"), last[0])] if last else enumerated
        bounds = [list_start, *(i for m in joins for i in m.span()), list_end]
        pieces = list(zip(bounds[::2], bounds[1::2]))
        if len(pieces) < 2 or len(pieces) != fenbie_values(self.text, anchor, value, self.value_starts):
            return []
        items = []
        diseases = named is None and self.text[pieces[-1][1]:anchor.start()].strip() == "" and all(
            self._names_disease(start, end) for start, end in pieces)  # 手足口病、水痘分别报告87例、45例
        for start, end in pieces:
            inside = self.ents[bisect.bisect_left(self.ent_starts, start):bisect.bisect_left(self.ent_starts, end)]
            start = max([start, *(e.end_char for e in inside if e.label_ in _NOT_IN_ITEM and e.end_char <= end)])
            span = (start, end) if named is not None and _NAMED_ITEM.fullmatch(self.text, start, end) else (
                _chunker().trim(self.text, start, end))  # a listed name is taken whole (…能力提升)
            item = self.doc.char_span(*span, label="METRIC", alignment_mode="contract") if span else None
            if item is None or (named is None and not diseases and any((e.start_char, e.end_char) == span
                                                                       and e.label_ in _NOT_ITEM for e in inside)):
                return []  # 高血压、糖尿病患者规范管理率分别为, 海淀医院、区中医医院分别…: no list of metrics
            items.append(item)
        return [] if self._shared_head(items[-1]) else items

    def _names_disease(self, start: int, end: int) -> bool:
        """Whether a list item is one DISEASE name and nothing else, past the place or date it may open with."""
        inside = self.ents[bisect.bisect_left(self.ent_starts, start):bisect.bisect_left(self.ent_starts, end)]
        words = [e for e in inside if e.label_ not in _NOT_IN_ITEM]
        opening = max([start, *(e.end_char for e in inside if e.label_ in _NOT_IN_ITEM and e.end_char <= end)])
        return (len(words) == 1 and words[0].label_ == "DISEASE" and not self.text[opening:words[0].start_char].strip()
                and not self.text[words[0].end_char:end].strip())

    def shared_head(self, value: Span) -> Span | None:
        """儿科、精神科、康复科执业医师缺口分别约为160人、85人和120人, 国家级、省级临床重点专科分别达到12个和86个:
        before 分别, short qualifiers of one kind (each ending as the last item's first word ends) and one head
        noun after the last of them; the head is every value's metric, not a qualifier (computed once per value)."""
        key = ("shared", value.start_char)
        if key not in self.nouns:
            self.nouns[key] = self._shared_head_of(value)
        return self.nouns[key]

    def _shared_head_of(self, value: Span) -> Span | None:
        clause_start, anchor = fenbie_anchor(self.text, value)
        if anchor is None or self.text.startswith("均", anchor.start()):
            return None
        bounds = [clause_start, *(i for m in _LIST_JOIN.finditer(self.text, clause_start, anchor.start())
                                  for i in m.span()), anchor.start()]
        pieces = list(zip(bounds[::2], bounds[1::2]))
        if len(pieces) < 2 or len(pieces) != fenbie_values(self.text, anchor, value, self.value_starts):
            return None
        inside = self.ents[bisect.bisect_left(self.ent_starts, clause_start):bisect.bisect_left(self.ent_starts, pieces[0][1])]
        first_start = max([pieces[0][0], *(e.end_char for e in inside if e.label_ in _NOT_IN_ITEM and e.end_char <= pieces[0][1])])
        qualifiers = [self.text[first_start:pieces[0][1]].strip()] + [self.text[s:e].strip() for s, e in pieces[1:-1]]
        last_start, last_end = pieces[-1]
        head_start = self._after_disease(qualifiers, first_start, pieces, last_start)
        if head_start is None:
            if not all(1 <= len(q) <= _QUALIFIER for q in qualifiers) or len({q[-1] for q in qualifiers}) != 1:
                return None
            mark = self.text.find(qualifiers[0][-1], last_start, min(last_end, last_start + _QUALIFIER + 1))
            if mark < 0:
                return None
            head_start = mark + 1
        span = _chunker().trim(self.text, head_start, last_end)
        if span is None or span[1] - span[0] < 2 or _INSTITUTION_FIRST.match(self.text, span[0]):
            return None  # 一级、二级、三级|医院病床使用率: a kind of institution's (_shared_head)
        return self.doc.char_span(*span, label="METRIC", alignment_mode="contract")

    def _after_disease(self, qualifiers: list[str], first_start: int, pieces: list[tuple[int, int]],
                       last_start: int) -> int | None:
        """高血压、糖尿病患者规范管理率分别: where the head starts when every qualifier is a disease and the last
        item opens with one (its end), else None."""
        diseases = {(e.start_char, e.end_char) for e in self.ents if e.label_ == "DISEASE"}
        spans = [(s + len(self.text[s:e]) - len(self.text[s:e].lstrip()), e) for s, e in pieces[1:-1]]
        first_end = first_start + len(qualifiers[0])  # 35岁以上居民|高血压、糖尿病患者…: the first ends with its disease
        if not any(end == first_end and start >= first_start for start, end in diseases) or not all(
                span in diseases for span in spans):
            return None
        typed = _DISEASE_TYPE.match(self.text, last_start)  # 2型糖尿病患者…
        opening = _disease_names().match(self.text, typed.end())  # inside the METRIC the rules tagged whole
        return opening.end() if opening else None

    def _shared_head(self, last: Span) -> bool:
        """三级医院、二级医院、一级医院病床使用率分别为: the last item is a kind of institution (or a phrase
        with 的) before a tagged METRIC, so every item is one kind's, and that METRIC is the list's."""
        inside = self.metrics[bisect.bisect_left(self.metric_starts, last.start_char + 1):
                              bisect.bisect_left(self.metric_starts, last.end_char)]
        heads = [m for m in inside if m.end_char == last.end_char]
        if not heads:
            return False
        prefix = self.text[last.start_char:heads[0].start_char]
        return prefix.endswith("的") or bool(_PLACE_BEFORE.search(prefix))  # 糖尿病患者的签约率

    def lead_in(self, value: Span) -> Span | None:
        """规划床位：当雄县（60张）、定日县（80张）: the label before the colon that opens the value's list,
        in its sentence, when no METRIC stands in the label's clause or after it."""
        start, _ = window(self.text, value, 0, _MAX_BACK)
        colon = max(self.text.rfind("：", start, value.start_char), self.text.rfind(":", start, value.start_char))
        if colon < 0:
            return None
        label_end = colon
        unit = _UNIT_NOTE.search(self.text, max(start, colon - 8), colon)
        if unit is not None:  # X线阳性检出率（%）：
            label_end = unit.start()
        clause = max(start, _chunker().clause_start(self.text, label_end))
        if within(self.metrics, self.metric_starts, clause, value.start_char):
            return None  # [报告发病率]较高的病种依次为：: the clause names its metric
        before = bisect.bisect_left(self.ent_starts, label_end) - 1
        if before >= 0 and self.ents[before].end_char <= label_end:
            clause = max(clause, self.ents[before].end_char)  # 大骨节病|重病区县儿童X线阳性检出率
        span = _chunker().trim(self.text, clause, label_end)
        return self.doc.char_span(*span, label="METRIC", alignment_mode="contract") if span else None

    def breakdown_head(self, value: Span) -> Span | None:
        """医疗卫生机构实有床位中，医院41875张: the whole phrase before the 中 that opens the breakdown the
        value is in, in its sentence or the one before, when the rules tagged only a part of it."""
        start, _ = window(self.text, value, 1, _MAX_BACK)
        heads = list(_BREAKDOWN_HEAD.finditer(self.text, start, value.start_char))
        if not heads:
            return None
        end = heads[-1].end(1)
        clause = max(start, _chunker().clause_start(self.text, end))
        span = _chunker().trim(self.text, clause, end)
        if span is None:
            return None
        nearby = self.ents[bisect.bisect_left(self.ent_starts, span[0] - _MAX_EXTENSION):
                           bisect.bisect_left(self.ent_starts, span[1])]
        if any(e.end_char > span[0] and e.label_ not in ("METRIC", "DISEASE") for e in nearby):
            return None  # over a place, a date or a value: not one phrase
        return self.doc.char_span(*span, label="METRIC", alignment_mode="contract")

    def with_note(self, metric: Span, value: Span) -> Span:
        """诊所（医务室）138个, 社区卫生服务中心（站）: a METRIC right before its value with a bracketed note
        between them is the phrase with its note (57 of 60 such train metrics hold it); a unit or an
        exclusion (不含…) is no part of it."""
        note = _NAME_NOTE.match(self.text, metric.end_char)
        if note is None or not 0 <= value.start_char - note.end() <= _NEAR:
            return metric
        return self.doc.char_span(metric.start_char, note.end(), label="METRIC", alignment_mode="contract") or metric

    def with_age(self, metric: Span) -> Span:
        """7岁以下|儿童健康管理率: an age band right before a metric is part of it (307 train metrics open
        with one, none leaves one out)."""
        age = _AGE_BEFORE.search(self.text, max(0, metric.start_char - 12), metric.start_char)
        if age is None:
            return metric
        return self.doc.char_span(age.start(), metric.end_char, label="METRIC", alignment_mode="contract") or metric

    def extended(self, metric: Span, value: Span) -> Span | None:
        """The long specific phrase a tagged METRIC ends (2型糖尿病|患者, 500张及以上床位|医院): back to
        its clause start over words that no REGION, DATE, ORG or VALUE holds, nor 分别, 占 or an action's verb
        (unless a 的 clause holds it), lead words trimmed."""
        if not (0 <= value.start_char - metric.end_char <= _NEAR
                or _TO_RATE.fullmatch(self.text, metric.end_char, value.start_char)) or ACTION.match(self.text, metric.start_char):
            return None  # only the phrase right before its value; 监督机构|查处违法案件: never back over the actor
        window = max(0, metric.start_char - _MAX_EXTENSION)
        start = max((m.end() for m in DELIMITER.finditer(self.text, window, metric.start_char)
                     if not GRADE_LIST.match(self.text, m.start())), default=window)  # 三、|四级手术
        blocked = bisect.bisect_right(self.blocker_ends, metric.start_char) - 1
        if blocked >= 0:
            start = max(start, self.blocker_ends[blocked])
        over = _NOT_OVER_RATIO if _RATIO.search(self.text, metric.start_char, metric.end_char) else _NOT_OVER
        stops = [m.end() for m in over.finditer(self.text, start, metric.start_char)]  # [X占Y的比例]: a named ratio
        start = max([start, *stops])  # 卫生院分别新建|业务用房, 其床位占医院床位|总数: never over 分别, 占 or 共
        if not RATE_END.search(self.text, metric.start_char, metric.end_char):  # nor over a verb, unless a rate's
            start = max([start] + [m.end() for m in ACTION.finditer(self.text, start, metric.start_char)
                                   if "的" not in self.text[m.end():metric.start_char]])
        lead = _lead_words().match(self.text[start:metric.start_char])
        if lead:
            start += lead.end()
        words = _EXTENSION.match(self.text, start)  # read on into the metric: 三、 is a grade list before 四级
        if start >= metric.start_char or words is None or words.end() < metric.start_char:
            return None
        span = self.doc.char_span(start, metric.end_char, label="METRIC", alignment_mode="contract")
        return span if span is not None and span.start_char < metric.start_char else None

    def column_cell(self, value: Span) -> tuple[int, int] | None:
        """The header cell above the value's table column (computed once per value)."""
        if value.start_char not in self.cells:
            self.cells[value.start_char] = self.table.header_cell(value.start_char)
        return self.cells[value.start_char]

    def rate_over_kind(self, value: Span, candidates: list[Span]) -> int | None:
        """| 一级医院 | … | 52.6 | under 病床使用率(%): a rate's column over rows of kinds of institution; the rate is
        the metric, the kind its breakdown (the index among ``candidates``), else None."""
        header, label = self.column_header(value), self.row_label(value)
        if header is None or label is None or not KIND.search(label.text) or not RATE_END.search(header.text):
            return None
        inside = [i for i, c in enumerate(candidates) if header.start_char <= c.start_char and c.end_char <= header.end_char]
        return max(inside, key=lambda i: len(candidates[i]), default=None)

    def changed_column(self, value: Span) -> Span | None:
        """| 邵武市 | 201.35 | 4.1 | under 总诊疗人次（万人次） | 同比增长（%）: in a table whose rows are places, a
        change column's cells are changes of the metric headed nearest to its left, as a METRIC span."""
        cell, label = self.column_cell(value), self.table.row_label(value.start_char)
        if cell is None or label is None or not _CHANGE_COLUMN.search(self.text, *cell) or not any(
                e.label_ == "REGION" for e in self.ents[bisect.bisect_left(self.ent_starts, label[0]):
                                                        bisect.bisect_left(self.ent_starts, label[1])]):
            return None
        header = self.table.line_cells(cell)
        for start, end in reversed([c for c in header if c[1] <= cell[0]][1:]):
            if _CHANGE_COLUMN.search(self.text, start, end):
                continue
            match = _HEADER_CELL.match(self.text, start, end)
            if match is None or match.end() > end or _NOT_HEADER_METRIC.search(self.text[start:end]):
                return None
            return self.doc.char_span(start, match.end(), label="METRIC", alignment_mode="expand")
        return None

    def column_header(self, value: Span) -> Span | None:
        """A table whose rows are places or items: the header of the value's column, as a METRIC span."""
        cell = self.column_cell(value)
        if cell is None:
            return None
        match = _HEADER_CELL.match(self.text, *cell)
        if match is None or match.end() > cell[1] or _NOT_HEADER_METRIC.search(self.text[cell[0]:cell[1]]):
            return None
        named = [m for m in within(self.metrics, self.metric_starts, cell[0], cell[1])
                 if m.start_char == cell[0] and m.end_char > match.end()]
        if named:  # 社区卫生服务中心（站）: a catalogue name that holds its note is the header
            return named[0]
        return self.doc.char_span(cell[0], match.end(), label="METRIC", alignment_mode="expand")

    def table_row(self, value: Span) -> tuple[int, str] | None:
        """(start, text) of the value's line when it is a table row."""
        return self.table.row(value.start_char)

    def row_label(self, value: Span) -> Span | None:
        """卫生技术人员（人） | 18,215: the first cell of the value's table row, as a METRIC span."""
        row = self.table_row(value)
        if row is None:
            return None
        line_start, line = row
        match = _ROW_LABEL.match(line)
        if match is None or line_start + match.end(1) > value.start_char:
            return None
        start = self.wrapped_label_start(line_start) if match.start(1) == len(line) - len(line.lstrip()) else None
        return self.doc.char_span(start if start is not None else line_start + match.start(1), line_start + match.end(1),
                                  label="METRIC", alignment_mode="expand")

    def wrapped_label_start(self, line_start: int) -> int | None:
        """每千人口执业（助理）⏎医师数（人） | 3.06: where a row label begins that starts on the line above,
        a line of words without cells or numbers, right below another row of the table."""
        if line_start < 2:
            return None
        above_start = self.text.rfind("\n", 0, line_start - 1) + 1
        above = self.text[above_start:line_start - 1]
        if not _WRAPPED_LABEL.fullmatch(above.strip()) or above_start < 2:
            return None
        if self.table.row(above_start - 1) is None:  # the row above it, inside the same table
            return None
        return above_start + len(above) - len(above.lstrip())


def _strictly_inside(span: Span, outer: Span) -> bool:
    return (outer.start_char <= span.start_char and span.end_char <= outer.end_char
            and (span.start_char, span.end_char) != (outer.start_char, outer.end_char))


def candidate_rows(context: MetricContext, value: Span, candidates: list[Span]) -> list[dict[str, float]]:
    """Features of each (value, METRIC candidate) pair among the value's candidates, in their order;
    what depends on the value alone is computed once."""
    text = context.text
    line_start = text.rfind("\n", 0, value.start_char) + 1
    before_value = text[max(line_start, value.start_char - 6):value.start_char]
    value_text = text[value.start_char:value.end_char]
    unit = _unit(value_text)
    share = features_share(text, value)
    cell = context.column_cell(value)
    change_before_value = float(bool(_CHANGE_BEFORE.search(text[max(0, value.start_char - 4):value.start_char])))
    value_is_rank = float(value_text.startswith("第"))
    place_before_value = bool(_PLACE_BEFORE.search(before_value))
    counted = bool(COUNT.search(text, value.start_char, value.end_char))
    listed, noun = context.after_list(value), context.after(value)
    listed = (listed.start_char, listed.end_char) if listed is not None else None
    noun = (noun.start_char, noun.end_char) if noun is not None else None
    at = bisect.bisect_left(context.value_starts, value.start_char)
    previous = context.value_starts[at - 1] if at > 0 else None  # the value right before this one
    owned = {}  # candidate (start, end) -> the unit of the value whose own phrase it is
    owns_previous = set()
    for candidate in candidates:
        own = context.own_value(candidate) if candidate.end_char <= value.start_char else None
        if own is not None and own[0] != value.start_char:
            owned[candidate.start_char, candidate.end_char] = _unit(text[own[0]:own[1]])
            if own[0] == previous:
                owns_previous.add((candidate.start_char, candidate.end_char))
    # 妇幼保健机构111个…按层级分，省级1个: the nearest phrase of a value in the same unit is a breakdown's total
    latest_same = max((span for span, other in owned.items() if other == unit), default=None)
    rows = []
    for candidate in candidates:
        words = text[candidate.start_char:candidate.end_char]
        left, start, end = gap(value, candidate)
        between = text[start:end] if end > start else ""
        tail = words.strip()[-1:]
        side = "L" if left else "R"
        place_like = bool(KIND.search(words))
        adjacent_place = left and not between.strip() and place_like
        adjacent_item = left and not between.strip() and _after_breakdown_lead(text, candidate)
        # 江麓医院、江南医院等8家[医疗机构]: the names before 等 are examples of what the count counts
        example = left and between.strip() == "等"
        # 组建1185人的[采样队伍], 三种[机制], 对9家单位给予[罚款]: the noun after a count is what it counts
        span = (candidate.start_char, candidate.end_char)
        noun_after_count = counted and not left and (_COUNT_TO_NOUN.fullmatch(between.strip()) is not None
                                                      or span == noun)
        # 1所[二甲以上公立医院]: the whole noun after a count, over METRICs the rules tagged inside it
        whole_noun = span == noun and not context.is_tagged(candidate)
        owned_unit = owned.get(span) if left else None
        features = {
            **position_features(text, value, candidate, candidates, context.value_starts),
            # 全年[门诊急诊]1326.5万人次，按层级分，省级1个: a phrase that is another value's, in another unit
            "owned_by_other_unit": float(owned_unit is not None and owned_unit != unit),
            "owned_by_same_unit": float(owned_unit is not None and owned_unit == unit),
            "nearest_owned_by_same_unit": float(left and span == latest_same),
            # [医院床位]23.6万张，占78.1%: a share with no phrase of its own is of the value right before it
            "owns_previous_value&share": float(span in owns_previous and share),
            "qizhong_between": float("其中" in between),
            "zhong_after_candidate": float(left and text[candidate.end_char:candidate.end_char + 2] in ("中，", "中,", "中：", "中:")),
            "comparison_between": float(bool(_COMPARISON.search(between))),
            "share_before_value": float(share),
            "change_before_value": change_before_value,
            "place_before_value": float(place_before_value and not between.strip() == ""),
            "row_label": float(left and candidate.start_char <= line_start + 2 and "\n" not in between),
            "value_is_rank": value_is_rank,
            f"unit={unit}&tail={tail}": 1.0,
            f"tail={tail}": 1.0,
            f"unit={unit}&side={side}": 1.0,
            f"length={min(len(words) // 3, 5)}": 1.0,
            "only_candidate": float(len(candidates) == 1),
            "bad_shape": float(bool(_BAD_SHAPE.search(words))),
            "place_like&qizhong": float(place_like and "其中" in text[candidate.start_char - 4:candidate.start_char]),
            "place_like&share": float(place_like and share),
            # 其中三级医院9个: the item is what is counted; 其中医院37.9万张, 公立医院87.2%: the item is a place
            "adjacent_place&counted": float(adjacent_place and unit in _COUNTS_PLACES),
            "adjacent_place&measured_there": float(adjacent_place and unit not in _COUNTS_PLACES),
            # 违法案件中，医疗卫生686件、职业卫生72件: an item of a breakdown list, right before its value
            "adjacent_item&counted": float(adjacent_item and unit in _COUNTS_PLACES),
            "adjacent_item&measured": float(adjacent_item and unit not in _COUNTS_PLACES),
            f"adjacent_item&unit={unit}": float(adjacent_item),
            # 三级医院24个（其中三级甲等医院16个），比上年增加2个: an aside closed before the value is no subject
            "in_closed_aside": float(left and closed_aside(text, candidate.end_char, value.start_char)),
            "proposed": float(not context.is_tagged(candidate)),
            "extended": float(not context.is_tagged(candidate) and candidate.end_char in context.tagged_ends),
            "column_header": float(candidate.start_char < value.start_char and "\n" in between and
                                   not text[candidate.end_char:candidate.end_char + 1].isdigit()),
            "in_value_column_header": float(cell is not None and candidate.start_char < cell[1] and cell[0] < candidate.end_char),
            "noun_after_count": float(noun_after_count),
            "example_before_deng": float(example),
            # 省50%、市25%、区25%的[资金配套比例]: the noun after 的 that closes the value's list
            "noun_after_list": float((candidate.start_char, candidate.end_char) == listed),
            f"noun_after_count&unit={unit}": float(noun_after_count),
            "whole_noun_after_count": float(whole_noun),
            # 全市5312个村卫生室中，达到[标准化建设要求]的4980个: a clause that says which of them, not what they are
            "qualifies_a_count": float(text.startswith("的", candidate.end_char)
                                       and candidate.end_char + 1 in context.value_ends),
        }
        rows.append(with_list_order(features, text, value, candidate, candidates))
    return rows


def _unit(value_text: str) -> str:
    unit = _UNIT.search(value_text.strip())
    return unit.group(1) if unit else "none"


def _after_breakdown_lead(text: str, candidate: Span) -> bool:
    """Whether a breakdown's lead (其中, X中，, 按…分) stands before the candidate in its sentence."""
    starts = [m.end() for m in _SENTENCE_START.finditer(text, max(0, candidate.start_char - 120), candidate.start_char)]
    sentence_start = starts[-1] if starts else max(0, candidate.start_char - 120)
    return _BREAKDOWN_LEAD.search(text, sentence_start, candidate.start_char) is not None


def features_share(text: str, value: Span) -> bool:
    return text[max(0, value.start_char - 1):value.start_char] == "占"
