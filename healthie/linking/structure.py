"""What lies between a value and one of its candidates: the window both rankers search, and the
positional and list features they share (side, rank, distance, clauses and values between, the
order of a 分别 list)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from spacy.tokens import Span

from ..components.entities import sentence_bounds
from ..lexicons import metrics
from .defaults import DATE_WORDS, period_end, year_of

FENBIE = re.compile(r"分别|分列(?=第)|(?<![平人户次床日])均(?=[为达在超低高不是已有])")  # 分别为…, 分列第一、第二, 均达到… (not 平均, 人均)
_CLAUSE = re.compile(r"[，,；;：:]")
_LIST_SEP = re.compile(r"^(?:、|和|及|与|以及)$")
_TURN = re.compile(r"降至|提高到|提升到|下降到|增至|增加到|上升到|(?:调整|上调|下调|下降|提高|降)为|到|至")  # 由10元调整为12元
_LIST_LEAD = re.compile(r"依次为|依次是|主要用于|主要包括|分别是|包括|用于")  # what opens a list of names
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?\n]")
KIND = re.compile(r"(?:医院|卫生院|机构|中心|卫生室|服务站)$")  # a kind of institution ends so
_SENTENCE_BREAK = re.compile(r"[；;。！？!?\n]")
_FROM = re.compile(r"[由从]")
_FROM_WORD = re.compile(r"(?<![自理缘经])[由从](?![于业事而中严此来])")  # not 由于, 从业, 从事, 自由
# 增至6800人次, 提高到2020年的78.2岁, 增至去年的6800人次: the to-value, after the time it holds for
_TO_VALUE = re.compile(r"\s*(?:(?:去年|上年|今年|目前|现在|如今|\d{4}年(?:底|末)?)的)?(?:的|了)?\s*(?:近|约)?[\d一二三四五六七八九十百千两]")
_RUN = 30  # characters from 由 to the last from-value of its run (分别由12.5/10万、4.6‰和5.8‰)
_COMPARED_YEAR = re.compile(r"(?:与|比|较|同)((?:19|20)\d\d)年")  # 与2015年相比，…从1.8人提升到2.73人
_PLAN = re.compile(r"[“\"](十[一二三四]?五)[”\"]|(十[一二三四]五)(?=期间|时期|以来|规划)")
_SENTENCE_MARK = re.compile(r"[。，,；;]")
_REVIEW = re.compile(r"回顾|成就|巡礼|总结|成效")
_PLAN_DOCUMENT = re.compile(r"规划")
_YEAR = re.compile(r"(?:19|20)\d\d年|上年|去年")
_PLAIN_YEAR = re.compile(r"(?:到|截至|截止|至)?(?:(?:19|20)\d\d年(?:度|底|末|初|上半年|下半年|全年|"
                         r"\d{1,2}(?:[-—~～至]\d{1,2})?月(?:份|底|末)?)?|去年|前年|明年|今年|本年)\s*")
_FRAME_OPEN = re.compile(r"以[^，,。；;为]*$")  # 以县级人民医院和|崇阳县|中医院为牵头医院的
_FRAME_CLOSE = re.compile(r"[^，,。；;]*?为[^，,。；;]*的")
_NAMES_YEAR = re.compile(r"(?:19|20)\d\d|去年|前年|明年|今年|本年|上年|当年|十[一二三四五]五")
_OWN_DATE_GAP = re.compile(r"(?:同期)?的(?:全[国省市区县])?")
_FRAME_BEFORE = re.compile(r"[由从自比较与、和]$")
YEAR_OF_TARGET = re.compile(r"(?:的)?(?:目标值?|任务|规划目标)的")  # 已提前实现[2025年]目标值的9项: a target's year
_SPAN_AFTER = re.compile(r"以来|起|前|后|的|[-—~～至、和]")  # 2019年以来, 2019年全年的采血量: no date of the sentence
_DEICTIC_START = ("全", "我", "本", "该", "各")
_EARLIER_RUN = re.compile(r"(?:由|从)((?:19|20)\d\d年(?:底|末)?|上年(?:末|底)?|去年|年初)的")
_NEXT_VALUE = re.compile(r"\s*(?:、|和|及|与|，|,)\s*[\d一二三四五六七八九十百千两]")  # another value of the list
_SHARE_OF = re.compile(r"占(?!比)([^，,。；;：:占]{1,25}?)的(?=(?:比重|比例)?(?:为|达到?|是|保持在|超过)?(?:近|约)?"
                       r"[\d一二三四五六七八九十百千两])")
_RATIO_OF = re.compile(r"(?:仅为|只有|相当于|不足|不到|为|是)([^，,。；;：:为是占的]{1,25}?)的(?=(?:近|约)?[\d一二三四五六七八九十百千两]"
                       r"[^，,。；;]{0,8}?(?:%|倍|分之|成))")  # 仅为[医院]的48.4%: the base a ratio is taken against
# 其中安吉县最高，为98.1%, 南浔区最低（94.2%）: the place a superlative is said of, and its figure
_EXTREME_GAP = re.compile(r"(?:最高|最低|最多|最少|最快|最慢|最大|最小|居首|居末)(?:[，,]\s*(?:为|达到?|仅为?|是|有)?|[（(]|为|达到?|仅为?)\s*")
_BARE_CHANGE = re.compile(r"\s*(?:比上年|较上年|比去年|较去年|同比|与上年相比[，,]?|比上年同期|较上年同期)?(?:分别)?"
                          r"(?:增长|增加|下降|减少|提高|降低|上升|回落|负增长)了?(?:约|近)?\s*")
_CHANGE_WORD = re.compile(r"增长|增加|下降|减少|提高|降低|上升|回落|负增长|增幅|降幅")
_TIME_MOVES = re.compile(r"经过|一年来|此后|之后|如今|目前|现已|现在|至今|截至|截止|(?<!\d)年[底末]|随后|后来")
_YEAR_SPAN = re.compile(r"((?:19|20)\d\d)年?\s*(?:到|至|—|–|-|~|～)\s*((?:19|20)\d\d)年")  # 从2021年到2024年, 2021—2024年
_OPENING_WORDS = 6  # characters before a sentence's opening date: （一）, 全市
_DISTANCE_BINS = (0, 2, 5, 10, 20, 40, 80, 160)


def share_wholes(text: str) -> list[tuple[int, int]]:
    """Where each share's whole or a ratio's base stands, in order: 占[全市总诊疗人次]的56.3%,
    占[执业（助理）医师总数]的比重为15.3%, 仅为[医院]的48.4%, 是[最低的周口市]的1.8倍."""
    return sorted([(m.start(), m.end(1)) for m in _SHARE_OF.finditer(text)]
                  + [(m.start(1), m.end(1)) for m in _RATIO_OF.finditer(text)])


def in_whole(wholes: list[tuple[int, int]], span: Span) -> bool:
    """Whether the span ends in what a share or a ratio is taken of (``wholes`` from :func:`share_wholes`):
    inside it, or run back over its verb (仅为[医院])."""
    index = bisect.bisect_left(wholes, (span.end_char, 0)) - 1
    return index >= 0 and span.end_char <= wholes[index][1]


def window(text: str, value: Span, sentences_back: int, max_back: int) -> tuple[int, int]:
    """The value's sentence and the ``sentences_back`` before it, reaching at most ``max_back`` characters back."""
    start, end = sentence_bounds(text, value.start_char, value.end_char)
    for _ in range(sentences_back):
        if start > 0:
            start = max(sentence_bounds(text, max(0, start - 2), max(0, start - 1))[0], value.start_char - max_back)
    return start, end


def within(spans: list[Span], starts: list[int], start: int, end: int) -> list[Span]:
    """The spans (sorted, ``starts`` their start characters) lying inside [start, end)."""
    return [s for s in spans[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)] if s.end_char <= end]


def count_between(starts: list[int], start: int, end: int) -> int:
    return bisect.bisect_left(starts, end) - bisect.bisect_left(starts, start)


def gap(value: Span, candidate: Span) -> tuple[bool, int, int]:
    """(candidate left of the value, start, end) of the text between them."""
    left = candidate.end_char <= value.start_char
    return (left, candidate.end_char, value.start_char) if left else (left, value.end_char, candidate.start_char)


def position_features(text: str, value: Span, candidate: Span, candidates: list[Span],
                      value_starts: list[int]) -> dict[str, float]:
    """Where the candidate stands: side, rank among the candidates on its side, distance, clauses and
    values between, another sentence, adjacency, a 分别 list between them."""
    left, start, end = gap(value, candidate)
    between = text[start:end] if end > start else ""
    same_side = [c for c in candidates if (c.end_char <= value.start_char) == left]
    rank = (len([c for c in same_side if c.start_char > candidate.start_char]) if left
            else len([c for c in same_side if c.start_char < candidate.start_char]))
    side = "L" if left else "R"
    return {
        f"side={side}": 1.0,
        f"rank={side}{min(rank, 4)}": 1.0,
        f"dist={side}{sum(len(between) >= b for b in _DISTANCE_BINS)}": 1.0,
        f"values_between={min(count_between(value_starts, start, end), 4)}": 1.0,
        f"clauses_between={min(len(_CLAUSE.findall(between)), 4)}": 1.0,
        "other_sentence": float(candidate.start_char < sentence_bounds(text, value.start_char, value.end_char)[0]),
        "adjacent": float(not between.strip()),
        "fenbie_between": float(left and _in_fenbie_list(between)),
    }


def _in_fenbie_list(between: str) -> bool:
    """Whether a 分别 (or 均) stands between a candidate and the value with no sentence break after it:
    北川县、平武县…分别完成1.86万人和1.24万人。居民健康素养水平达到26.5%: the second sentence is no part of the list."""
    anchors = list(FENBIE.finditer(between))
    return bool(anchors) and not _SENTENCE_BREAK.search(between, anchors[-1].end())


def with_list_order(features: dict[str, float], text: str, value: Span, candidate: Span,
                    candidates: list[Span], shared: bool = False) -> dict[str, float]:
    """In a 分别 list the order decides, not the distance: rank and distance are kept apart and the
    candidate's place in its list is compared with the value's. With ``shared`` (a place or a date), one
    candidate alone before the list is marked as every value's, neither aligned nor not."""
    if not features["fenbie_between"]:
        return features
    position = value_position(text, value, gap(value, candidate)[1])
    if position == 0 and not _NEXT_VALUE.match(text, value.end_char):
        # one value for the whole list (新生儿疾病筛查率、听力筛查率均在99%以上): the nearest name takes it
        anchor = max(m.start() for m in FENBIE.finditer(text, candidate.end_char, value.start_char))
        aligned = not any(candidate.end_char <= c.start_char and c.end_char <= anchor for c in candidates)
    elif shared and not list_position(text, candidate, candidates) and not _next_item(text, candidate, candidates):
        aligned = None  # 德惠市医疗卫生机构、床位…分别为: one name alone before the list is every value's
    elif _kinds_before_metric(text, _list_of(text, candidate, candidates), candidates):
        aligned = "qualifier"  # 三级医院、二级医院、一级医院|病床使用率分别为: kinds of institution, not metrics
    elif any(_kinds_before_metric(text, _list_of(text, c, candidates), candidates) for c in candidates
             if text[c.end_char:candidate.start_char] in ("", "的")):
        aligned = None  # the indicator those kinds share is every value's
    else:
        aligned = list_position(text, candidate, candidates) == position
    features = {(f"fenbie&{name}" if name.startswith(("rank=", "dist=")) else name): weight
                for name, weight in features.items()}
    features[{None: "fenbie_shared", "qualifier": "fenbie_qualifier", True: "fenbie_aligned",
              False: "fenbie_misaligned"}[aligned]] = 1.0
    return features


def _list_of(text: str, candidate: Span, candidates: list[Span]) -> list[Span]:
    """The coordinated list (A、B、C) the candidate is an item of, in order."""
    items = [candidate]
    for other in reversed([c for c in candidates if c.end_char <= candidate.start_char]):
        if not _LIST_SEP.match(text[other.end_char:items[0].start_char].strip()):
            break
        items.insert(0, other)
    following = _next_item(text, items[-1], candidates)
    while following is not None:
        items.append(following)
        following = _next_item(text, following, candidates)
    return items


def _kinds_before_metric(text: str, items: list[Span], candidates: list[Span]) -> bool:
    """Whether a list of two or more kinds of institution runs straight into a catalogue indicator
    (三级医院、二级医院、一级医院病床使用率): the kinds are the breakdown, the indicator the metric."""
    if len(items) < 2 or not all(KIND.search(text, i.start_char, i.end_char) for i in items):
        return False
    return any(text[items[-1].end_char:c.start_char] in ("", "的") and c.start_char >= items[-1].end_char
               and metrics.catalogue().match(text[c.start_char:c.end_char]) is not None for c in candidates)


def _next_item(text: str, candidate: Span, candidates: list[Span]) -> Span | None:
    """The candidate that follows the candidate in a coordinated list (A、B), if any."""
    return next((c for c in candidates if c.start_char >= candidate.end_char
                 and _LIST_SEP.match(text[candidate.end_char:c.start_char].strip())), None)


def list_position(text: str, candidate: Span, candidates: list[Span]) -> int:
    """The candidate's place in its coordinated list (婴儿死亡率、孕产妇死亡率分别…): 0 for the first."""
    return _list_of(text, candidate, candidates).index(candidate)


def value_position(text: str, value: Span, list_end: int) -> int:
    """The value's place among the values after 分别 (or 均), counted from the last 由…降至 turn: 0 for the first."""
    anchor = max((m.start() for m in FENBIE.finditer(text, list_end, value.start_char)), default=-1)
    segment = text[anchor:value.start_char] if anchor >= 0 else ""
    segment = _TURN.split(segment)[-1]
    return len(re.findall(r"[、和及]", segment))


def fenbie_anchor(text: str, value: Span) -> tuple[int, re.Match | None]:
    """The start of the value's clause and the last 分别 (or 均) in it before the value."""
    if FENBIE.search(text, max(0, value.start_char - 200), value.start_char) is None:
        return max(0, value.start_char - 200), None  # most values: no 分别 near, no clause to find
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, max(0, value.start_char - 200), value.start_char)]
    clause_start = breaks[-1] if breaks else max(0, value.start_char - 200)
    anchors = list(FENBIE.finditer(text, clause_start, value.start_char))
    return clause_start, anchors[-1] if anchors else None


def named_list_before(text: str, clause_start: int, anchor: re.Match) -> tuple[int, int] | None:
    """病种依次为A、B和C，分别为…, 主要用于A、B和C，分别支出…: where nothing stands before 分别 in its clause, the
    list the clause before names after its lead word (or, when that clause is itself a 分别 list of values,
    the list before it), as (start, end); None where there is none."""
    if text[clause_start:anchor.start()].strip() or clause_start < 1 or text[clause_start - 1] not in "，,":
        return None
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, max(0, clause_start - 200), clause_start - 1)]
    before = breaks[-1] if breaks else max(0, clause_start - 200)
    leads = list(_LIST_LEAD.finditer(text, before, clause_start - 1))
    if leads:
        return leads[-1].end(), clause_start - 1
    values_list = FENBIE.match(text, before)  # …，分别为1586例、1103例和312例，分别占…的51.29%…: the same names
    return named_list_before(text, before, values_list) if values_list else None


def fenbie_partner(text: str, value: Span, candidates: list[Span], value_starts: list[int]) -> int | None:
    """In a 分别 list, the index among ``candidates`` of the value's partner by position, when the list
    right before 分别 and the values after it are as long: 孕产妇死亡率、婴儿死亡率分别为15.3/10万、5.12‰
    pairs 5.12‰ with 婴儿死亡率, however near the others stand. None when the lists do not match."""
    clause_start, anchor = fenbie_anchor(text, value)
    if anchor is None:
        return None
    list_start, list_end = named_list_before(text, clause_start, anchor) or (clause_start, anchor.start())
    chain = _chain(text, candidates, list_start, list_end)
    if len(chain) < 2 and clause_start > 0 and text[clause_start - 1] in "，,":
        # 2021年、2022年、2023年和2024年，全省…分别为: a clause that is a list and nothing else, right before
        breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, max(0, clause_start - 200), clause_start - 1)]
        previous = _chain(text, candidates, breaks[-1] if breaks else max(0, clause_start - 200), clause_start - 1)
        if len(previous) >= 2 and not text[previous[-1].end_char:clause_start - 1].strip() and not text[
                breaks[-1] if breaks else 0:previous[0].start_char].strip():
            chain = previous
    if not chain:
        return None
    values = fenbie_values(text, anchor, value, value_starts)
    position = value_position(text, value, chain[-1].end_char)
    if len(chain) < 2 or values != len(chain) or position >= len(chain):
        return None
    return candidates.index(chain[position])


def _chain(text: str, candidates: list[Span], start: int, end: int) -> list[Span]:
    """The list of candidates joined by 、, 和 or 及 that ends last in [start, end), of the candidates ending at one
    place the longest (常住人口签约率 over 签约率); [] where none stands there."""
    longest = {}
    for c in candidates:
        if start <= c.start_char and c.end_char <= end:
            longest[c.end_char] = min(longest.get(c.end_char, c), c, key=lambda s: s.start_char)
    before = sorted(longest.values(), key=lambda c: c.end_char)
    if not before:
        return []
    chain = [before[-1]]
    for other in reversed(before[:-1]):
        if other.end_char > chain[0].start_char:
            continue  # a part of the item (建档立卡贫困人口 in 建档立卡贫困人口签约率)
        if not _LIST_SEP.match(text[other.end_char:chain[0].start_char].strip()):
            break
        chain.insert(0, other)
    return chain


def fenbie_back_partner(text: str, value: Span, candidates: list[Span], value_starts: list[int]) -> int | None:
    """3岁以下儿童系统管理率94.8%，7岁以下儿童健康管理率96.2%，分别比上年提高0.6个百分点和0.4个百分点:
    where no name stands before 分别 in its clause, the values after it pair by order with the values
    just before that clause, each stated right after its own name (the index among ``candidates`` of
    the value's partner, or None)."""
    clause_start, anchor = fenbie_anchor(text, value)
    if anchor is None or any(clause_start <= c.start_char < anchor.start() for c in candidates):
        return None
    count = fenbie_values(text, anchor, value, value_starts)
    earlier = value_starts[max(0, bisect.bisect_left(value_starts, clause_start) - count):
                           bisect.bisect_left(value_starts, clause_start)]
    sentence_start = sentence_bounds(text, value.start_char, value.end_char)[0]
    if count < 2 or len(earlier) != count or earlier[0] < sentence_start:
        return None
    named = [next((i for i, c in enumerate(candidates) if 0 <= start - c.end_char <= 1), None) for start in earlier]
    position = value_position(text, value, anchor.start())
    if None in named or position >= count:
        return None
    return named[position]


def fenbie_back_value(text: str, value: Span, value_starts: list[int]) -> int | None:
    """高血压、糖尿病患者规范管理人数分别达到720万人和260万人，比上年分别增加了十二万人和四万人: where a 分别 list
    with no name before it follows, in its sentence, a list of as many values, the start of the earlier
    value at the value's position in its list (whose metric it shares), else None."""
    clause_start, anchor = fenbie_anchor(text, value)
    if anchor is None or not _CHANGE_WORD.search(text, clause_start, value.start_char):
        return None
    count = fenbie_values(text, anchor, value, value_starts)
    earlier = value_starts[max(0, bisect.bisect_left(value_starts, clause_start) - count):
                           bisect.bisect_left(value_starts, clause_start)]
    sentence_start = sentence_bounds(text, value.start_char, value.end_char)[0]
    position = value_position(text, value, anchor.start())
    if count < 2 or len(earlier) != count or earlier[0] < sentence_start or position >= count:
        return None
    _, first_anchor = fenbie_anchor(text, _At(earlier[-1]))
    if first_anchor is None or first_anchor.end() > earlier[0]:
        return None  # the earlier values are a 分别 list too
    return earlier[position]


class _At:
    """A stand-in for a span that only has a start (fenbie_anchor reads ``start_char``)."""

    def __init__(self, start: int):
        self.start_char = start


def fenbie_values(text: str, anchor: re.Match, value: Span, value_starts: list[int]) -> int:
    """How many values stand after the 分别 ``anchor`` in the value's part of the list (a 由…降至 turn
    starts a part) up to the clause's end."""
    ending = CLAUSE_BREAK.search(text, value.end_char)
    clause_end = ending.start() if ending else len(text)
    part_start = max((m.end() for m in _TURN.finditer(text, anchor.end(), value.start_char)), default=anchor.end())
    following = _TURN.search(text, value.end_char, clause_end)
    return count_between(value_starts, part_start, following.start() if following else clause_end)


def list_head(text: str, value: Span, value_starts: list[int]) -> int | None:
    """2010年，A、B、C分别为75%、70%、90%: the start of the first value of the 分别 list that the value
    continues, when only values and list marks stand between them (no 由…到 turn, no date). None for
    the first value and outside such lists."""
    _, anchor = fenbie_anchor(text, value)
    if anchor is None:
        return None
    first = bisect.bisect_left(value_starts, anchor.end())
    if first >= len(value_starts) or value_starts[first] >= value.start_char:
        return None
    between = text[value_starts[first]:value.start_char]
    if _TURN.search(between) or _FROM.search(between) or _YEAR.search(between):
        return None
    return value_starts[first]


_BRACKET_AFTER_DATE = re.compile(r"(?:同期|水平|底|末)?(?:为|的)?\s*[（(]\s*")
_ALONE_IN_BRACKETS = re.compile(r"\s*[）)]")
REPORT_YEAR = -1  # turn_year's answer for "no candidate: the record takes the report's year"


def bracketed_base(text: str, value: Span, candidates: list[Span]) -> int | None:
    """较去年同期（498.32/10万）上升: a figure alone in brackets right after a date is that date's (the index
    among ``candidates``), or None."""
    if not _ALONE_IN_BRACKETS.match(text, value.end_char):
        return None
    return next((i for i, c in enumerate(candidates)
                 if _BRACKET_AFTER_DATE.fullmatch(text, c.end_char, value.start_char)), None)


def turn_year(text: str, value: Span, candidates: list[Span], year_of: Callable[[Span], int | None]) -> int | None:
    """In a 由/从 … 到 statement, the index among DATE ``candidates`` of the value's year (``year_of``
    reads a candidate's, 上年 included): the year inside its own run (由2016年的第四, 提高到2010年的67.0岁),
    else, over two years named before it in its sentence, the earlier for the from-value and the later
    for the to-value (2020年与2015年相比，…从1.8人提升到2.73人: 1.8人 is 2015's); ``REPORT_YEAR`` for a
    to-value when the only years named are the from-run's (由2023年的8.42降至7.60). None elsewhere."""
    start = sentence_bounds(text, value.start_char, value.end_char)[0]
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, start, value.start_char)]
    froms = [m.end() for m in _FROM.finditer(text, breaks[-1] if breaks else start, value.start_char)]
    if not froms:
        return None
    turns = [m.end() for m in _TURN.finditer(text, froms[-1], value.start_char)]
    run_start = turns[-1] if turns else froms[-1]
    dated = [(year, index, c.end_char) for index, c in enumerate(candidates)
             if start <= c.start_char and c.end_char <= value.start_char for year in [year_of(c)] if year is not None]
    own = [index for _, index, end in dated if end > run_start]  # 提高到2010年的, tagged 到2010年 or 2010年
    if own:
        return own[-1]
    if turns and dated and all(froms[-1] < end <= turns[-1] for _, _, end in dated):
        return REPORT_YEAR  # 分别由2023年的8.42/10万、2.84‰降至7.60/10万、2.62‰: the from-run's year is not the to-values'
    if len({year for year, _, _ in dated}) < 2:
        return None
    return (max if turns else min)(dated)[1]


def target_date(text: str, date: Span) -> bool:
    """到2025年, 至2025年底: a date that a target is set for (the caller compares its year with the report's)."""
    return text.startswith(("到", "至"), date.start_char) or (
        date.start_char > 0 and text.startswith(("到", "至"), date.start_char - 1))


def target_year(text: str, value: Span, candidates: list[Span], year_of: Callable[[Span], int | None],
                report_year: int | None) -> int | None:
    """规划目标为到2025年达到7.8张: the index among DATE ``candidates`` of the date a target is set for (到 or
    至 a year after the report's) when it is the last date before the value, in its clause."""
    start = sentence_bounds(text, value.start_char, value.end_char)[0]
    before = [i for i, c in enumerate(candidates) if start <= c.start_char and c.end_char <= value.start_char]
    if not before or report_year is None:
        return None
    date = candidates[before[-1]]
    if not target_date(text, date):
        return None
    if CLAUSE_BREAK.search(text, date.end_char, value.start_char):
        return None  # 到2020年，…: a plan's lead-in, whose figures follow their own convention
    year = year_of(date)
    return before[-1] if year is not None and year > report_year else None


def _only_before(text: str, value: Span, candidates: list[Span]) -> tuple[int, int | None]:
    """The start of the value's sentence and the index of the one candidate between it and the value
    (None when there are none or several)."""
    start = sentence_bounds(text, value.start_char, value.end_char)[0]
    before = [i for i, c in enumerate(candidates) if start <= c.start_char and c.end_char <= value.start_char]
    return start, before[0] if len(before) == 1 else None


def adjacent_place(text: str, value: Span, candidates: list[Span]) -> int | None:
    """其中隆回县96个、邵阳县84个: the index among REGION ``candidates`` of a named place right before the value
    (59 of 65 such train values are linked to it); not a deictic one (全省第三 is a rank's scope), nor the last
    of a list the value counts (麟游县、陇县、千阳县四个)."""
    index = next((i for i, c in enumerate(candidates) if c.end_char <= value.start_char
                  and (not text[c.end_char:value.start_char].strip()
                       or _EXTREME_GAP.fullmatch(text, c.end_char, value.start_char))), None)
    if index is None:
        return None
    place = candidates[index]
    words = text[place.start_char:place.end_char].strip()
    listed = any(c.end_char == place.start_char - 1 for c in candidates) and text[place.start_char - 1] in "、和及"
    return None if words.startswith(_DEICTIC_START) or listed else index


def clause_place(text: str, value: Span, candidates: list[Span]) -> int | None:
    """全省婴儿死亡率为2.61‰，南昌市婴儿死亡率为1.96‰: the index among REGION ``candidates`` of the named place that
    opens the value's clause, when it is the last place before the value there; not a deictic one, nor
    one of a list or of examples (南昌市、九江市, 南昌市等)."""
    clause = max(text.rfind(mark, 0, value.start_char) for mark in "，,；;：:。\n") + 1
    inside = [i for i, c in enumerate(candidates) if clause <= c.start_char and c.end_char <= value.start_char]
    if not inside:
        return None
    place = candidates[inside[-1]]
    words = text[place.start_char:place.end_char].strip()
    if (text[clause:place.start_char].strip() or words.startswith(_DEICTIC_START) or words == "全国"
            or text[place.end_char:place.end_char + 1] in "、和与及等"):
        return None
    return inside[-1]


def in_frame(text: str, start: int, end: int, value_start: int) -> bool:
    """Whether the words at ``start:end`` stand inside a 以…为…的 frame before the value, one that qualifies what
    the value counts (以县级人民医院和崇阳县中医院为牵头医院的[9个]县域医共体): a place or institution there names
    what leads or anchors, not where the value holds."""
    if end > value_start:
        return False
    clause = max(text.rfind(mark, 0, start) for mark in "，,。；;\n") + 1
    return (_FRAME_OPEN.search(text, clause, start) is not None
            and _FRAME_CLOSE.match(text, end, value_start) is not None)


def sentence_year(text: str, value: Span, candidates: list[Span]) -> int | None:
    """到2015年，拉萨市…床位数分别达到5.2张, 县财政去年投入…，购置设备150台: the index among DATE
    ``candidates`` of the one date before the value in its sentence that plainly names a year (2023年,
    截至2022年底, 2023年1-10月, 去年), when every other date there names none (3月11日) or is one a change is
    measured from or a run starts at (比上年, 由2015年的): it dates every value after it (272 of 276 such train
    and dev values with a year other than the report's are linked to it). Not a span's start (2019年以来),
    nor for the value a base date is given right before (比2015年的[8.1%])."""
    start = sentence_bounds(text, value.start_char, value.end_char)[0]
    dated = []
    for index, date in enumerate(candidates):
        if not (start <= date.start_char and date.end_char <= value.start_char):
            continue
        framed = _FRAME_BEFORE.search(text, max(0, date.start_char - 1), date.start_char) is not None
        if framed and _OWN_DATE_GAP.fullmatch(text, date.end_char, value.start_char):
            return None  # 比2015年的8.1%: that figure's own date
        if not framed and _NAMES_YEAR.search(text, date.start_char, date.end_char) and not YEAR_OF_TARGET.match(text, date.end_char):
            dated.append(index)
    if len(dated) != 1:
        return None
    date = candidates[dated[0]]
    if _PLAIN_YEAR.fullmatch(text, date.start_char, date.end_char) is None or _SPAN_AFTER.match(text, date.end_char):
        return None
    return dated[0]


def span_year(text: str, value: Span, value_starts: list[int]) -> int | None:
    """从2021年到2024年，全省孕产妇死亡率分别为a、b、c和d: a 分别 list of as many values as the years of a span before it
    in its sentence holds them in order; the year of the value's place, else None."""
    clause_start, anchor = fenbie_anchor(text, value)
    if anchor is None:
        return None
    start = sentence_bounds(text, value.start_char, value.end_char)[0]
    spans = list(_YEAR_SPAN.finditer(text, start, anchor.start()))
    if len(spans) != 1 or re.search(r"[、和及与]", text[spans[0].end():anchor.start()]):
        return None  # 2023—2024年，孕产妇死亡率、婴儿死亡率分别为: the list pairs with its names
    first, last = int(spans[0].group(1)), int(spans[0].group(2))
    count = fenbie_values(text, anchor, value, value_starts)
    position = value_position(text, value, anchor.start())
    if last - first + 1 != count or count < 2 or position >= count:
        return None
    return first + position


def with_span(candidates: list[Span], span: Span) -> tuple[list[Span], int]:
    """The candidates with ``span`` among them (added in text order if missing), and its index."""
    at = next((i for i, c in enumerate(candidates) if (c.start_char, c.end_char) == (span.start_char, span.end_char)), None)
    if at is not None:
        return candidates, at
    candidates = sorted([*candidates, span], key=lambda c: (c.start_char, c.end_char))
    return candidates, candidates.index(span)


def aside_head(text: str, value: Span, value_ends: dict[int, int]) -> int | None:
    """医疗卫生机构3120个（医院86个、基层医疗卫生机构2980个），比上年增加45个: the start of the value right before an
    aside of values that closes just before the change's clause, whose change it is; else None."""
    clause = max(text.rfind(mark, 0, value.start_char) for mark in "，,")
    if clause < 1 or text[clause - 1] not in "）)" or not _BARE_CHANGE.fullmatch(text, clause + 1, value.start_char):
        return None  # the clause is a change and nothing else (每千人口执业医师数由…提高到2.31人 names its own)
    opening = max(text.rfind("（", 0, clause), text.rfind("(", 0, clause))
    inside = [start for start in value_ends if opening < start < clause]
    if opening < 1 or not inside or CLAUSE_BREAK.search(text, opening, clause - 1) and "，" in text[opening:clause]:
        return None
    return next((start for start, end in value_ends.items() if end == opening), None)


def opening_year(text: str, value: Span, dates: list[Span]) -> Span | None:
    """2025年，市医保局将重点抓好…：一是…95%以上；二是…85%以上: the date that opens a sentence, when it plainly
    names a year, dates the values after its ； too, where no other date naming a year stands between (a clause
    that names its own keeps it; the rankers' window ends at ；)."""
    start = sentence_bounds(text, value.start_char, value.end_char)[0]
    opening = max(text.rfind(mark, 0, start) for mark in "。！？!?\n") + 1
    if opening >= start or not text.startswith(("；", ";"), start - 1):
        return None  # the value is in the sentence's first clause: sentence_year's
    before = [d for d in dates if opening <= d.start_char and d.end_char <= value.start_char]
    if not before or len(text[opening:before[0].start_char].strip()) > _OPENING_WORDS \
            or CLAUSE_BREAK.search(text, opening, before[0].start_char):
        return None
    first = before[0]
    if _PLAIN_YEAR.fullmatch(text, first.start_char, first.end_char) is None or _SPAN_AFTER.match(text, first.end_char) \
            or YEAR_OF_TARGET.match(text, first.end_char) or not _NAMES_YEAR.search(text, first.start_char, first.end_char) \
            or text.startswith(("到", "至"), first.start_char):
        return None  # 到2015年，…；县级医院设置藏医科比例达到100%: a target's year is its own clause's (corpus)
    year = _NAMES_YEAR.search(text, first.start_char, first.end_char).group()
    if any(_NAMES_YEAR.search(text, d.start_char, d.end_char) and year not in text[d.start_char:d.end_char]
           and not closed_aside(text, d.start_char, value.start_char) for d in before[1:]) \
            or _TIME_MOVES.search(text, first.end_char, value.start_char):
        return None  # 2023年，…为61.8%；经过一年努力，…提高到66.3%: the clause has moved on in time
    return first


def opening_place(text: str, value: Span, candidates: list[Span]) -> int | None:
    """德惠市医疗卫生机构、床位…分别为624个: the index among REGION ``candidates`` of the place that opens the
    value's sentence when no other place stands between it and the value (all 505 such train values are
    linked to it); never 全国, which a sentence names to compare with."""
    start, index = _only_before(text, value, candidates)
    if index is None:
        return None
    place = candidates[index]
    opens = not text[start:place.start_char].strip() and text[place.start_char:place.end_char].strip() != "全国"
    return index if opens else None


def from_value(text: str, start: int, end: int) -> bool:
    """由7个增长到12个, 分别由12.5/10万、4.6‰下降到…: whether the value at ``start:end`` stands in a 由/从 run
    (no clause break nor turn between the 由 and it) that turns to a to-value in its clause."""
    froms = list(_FROM_WORD.finditer(text, max(0, start - _RUN), start))
    if not froms or CLAUSE_BREAK.search(text, froms[-1].end(), start) or _TURN.search(text, froms[-1].end(), start):
        return False
    turn = _TURN.search(text, end, min(len(text), end + _RUN))
    return (turn is not None and not CLAUSE_BREAK.search(text, end, turn.start())
            and _TO_VALUE.match(text, turn.end()) is not None)


def base_year(text: str, start: int, title: str = "", report_year: int | None = None,
              spoken: int | None = None) -> int | None:
    """The year of a from-value that no date is linked to (SPEC): the date stated in its run (由上年的, 由年初的),
    else the year its sentence compares with (与2015年相比), else the date of an earlier from-run in its sentence
    (由2015年的4.21张增加到5.34张，…由1.52人), else the year before the plan period its sentence names starts ("十三五"期间由7个… ->
    2015), else what the document's ``title`` says: a review of a period (“十三五”…回顾 of 2020 or 2021 ->
    2015) or a period's plan in its first year, whose review is of the period before (“十四五”规划 of 2021
    -> 2015); else None, never the report's year."""
    froms = list(_FROM_WORD.finditer(text, max(0, start - _RUN), start))
    stated = list(DATE_WORDS.finditer(text, froms[-1].end(), start)) if froms else []
    if stated:  # 由2015年的, 由上年的, 由年初的: the date stated with the value
        return year_of(stated[-1].group(), report_year, spoken)
    sentence_start = sentence_bounds(text, start, start)[0]
    before = text[sentence_start:start]
    compared = list(_COMPARED_YEAR.finditer(before))
    if compared:
        return int(compared[-1].group(1))
    earlier = list(_EARLIER_RUN.finditer(before))
    if earlier:  # 床位数由2015年的4.21张增加到5.34张，执业医师数由[1.52人]…: the base of the run before it
        return year_of(earlier[-1].group(1), report_year, spoken)
    plans = list(_PLAN.finditer(before))
    if plans:  # “十二五”末 is the period's last year
        last = period_end(plans[-1].group(1) or plans[-1].group(2))
        return last if before.startswith("末", plans[-1].end()) else last - 5
    if report_year is None:
        return None
    heading = "\n".join(line for line in title.split("\n") if not _SENTENCE_MARK.search(line))  # not the body's first line
    for last in (period_end(m.group(1) or m.group(2)) for m in _PLAN.finditer(heading)):
        if _REVIEW.search(heading) and last - 4 < report_year <= last + 1:
            return last - 5
        if _PLAN_DOCUMENT.search(heading) and report_year == last - 4:
            return last - 10
    return None


def closed_aside(text: str, start: int, end: int) -> bool:
    """Whether a bracket left open before ``start`` closes between ``start`` and ``end``."""
    if text.find("）", start, end) < 0 and text.find(")", start, end) < 0:
        return False
    depth = 0
    for char in text[start:end]:
        if char in "（(":
            depth += 1
        elif char in "）)":
            if depth == 0:
                return True
            depth -= 1
    return False


def open_aside(text: str, start: int, end: int) -> bool:
    """Whether a bracket opened between ``start`` and ``end`` is still open at ``end``."""
    depth = 0
    for char in text[start:end]:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
    return depth > 0
