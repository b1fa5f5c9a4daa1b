"""The number grammar: value expressions found in clean text and normalised (SPEC sections 2 and 6).

``scan_values(text)`` finds every VALUE span in clean text; ``parse_value(span, left, right)``
normalises one span, with a few characters of context on each side for the words that
stay outside it (近, 不低于, 以上, 下降, 负增长, 倒数 ...). A number is read whole or not at all:
a form the grammar cannot read completely gives no value, never a part of one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import cn2an

from ..text.cleaning import is_two_cell_row

_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_NUMERAL = _CN_DIGIT + "十百千万亿"
_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A number: Arabic, Chinese, or mixed (3万4千, 1.2万, 12亿3000万, 1万零500), with a Chinese decimal 点.
_CN_INNER = rf"(?:[{_CN_DIGIT}十百万亿]|千(?![米克卡瓦伏帕]))"  # 12千米 is 12 km, not 12,000 m
_NUM = rf"(?:{_AR}|[{_CN_DIGIT}十百]|[千万](?=[余多]))(?:{_AR}|{_CN_INNER})*(?:点[{_CN_DIGIT}]+(?:[万亿])?)?"
# Vague quantities: 十几万, 二十几, 几十, 数百, 上千 (read as their lower bound, approx more_than).
_NUMV = rf"(?:(?:几|数|上)[十百千万亿]+(?:{_NUM})?|{_NUM})(?:几[十百千万亿]*)?"
_SIGN = r"[-+]"
_SCALE = r"(?:万亿|百万|千万|万|亿|千(?![米克卡瓦伏帕]))"
_DECIMAL_SCALE = re.compile(rf"([{_CN_DIGIT}十百千]+点[{_CN_DIGIT}]+)(万|亿)")
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "万亿": 1e12}

# Units and measure words, longest first, each with the kind it gives.
UNITS = {
    "个百分点": "change", "百分点": "change", "个千分点": "change", "千分点": "change",
    "个十万分点": "change", "十万分点": "change", "个万分点": "change", "万分点": "change",
    "%": "percent", "‰": "rate", "/10万": "rate", "/万": "rate", "/千": "rate", "/10万人": "rate",
    "亿元": "money", "万元": "money", "千元": "money", "元/人/年": "money", "元/人/月": "money", "元/月/人": "money",
    "元/人": "money", "元/月": "money", "元/年": "money", "元": "money",
    "人次": "count", "人份": "count", "件套": "count", "剂次": "count", "场次": "count", "户次": "count",
    "台次": "count", "家次": "count", "个次": "count", "批次": "count", "床日": "count", "万人份": "count", "项次": "count", "例次": "count",
    "头": "count", "车次": "count", "宗": "count", "管": "count", "单位": "count", "只": "count", "服": "count", "处": "count", "级": "other", "块": "count", "轮": "count", "届": "count", "分": "other",
    "个工作日": "duration", "工作日": "duration", "个小时": "duration", "个月": "duration", "小时": "duration", "分钟": "duration", "天": "duration", "日": "duration", "周": "duration",
    "年": "duration", "周岁": "other", "岁": "other",
    "平方公里": "other", "平方米": "other", "千米": "other", "公里": "other", "厘米": "other", "公分": "other",
    "米": "other", "千克": "other", "公斤": "other", "克": "other", "吨": "other", "千卡": "other",
    "千瓦时": "other", "千瓦": "other", "毫升": "other", "升": "other", "亩": "other",
    "μg/L": "other", "µg/L": "other", "ug/L": "other", "mg/L": "other", "g/L": "other", "mmol/L": "other",
    "μmol/L": "other", "ng/mL": "other", "mg/kg": "other", "kg": "other", "微克/升": "other", "毫克/升": "other",
    "毫摩尔/升": "other", "微克/千克": "other", "毫克/千克": "other",
    "倍": "ratio",
    "人": "count", "个": "count", "家": "count", "例": "count", "份": "count", "张": "count",
    "名": "count", "所": "count", "项": "count", "次": "count", "场": "count", "期": "count",
    "批": "count", "起": "count", "台": "count", "辆": "count", "支": "count", "剂": "count",
    "床": "count", "种": "count", "类": "count", "篇": "count", "户": "count", "座": "count",
    "套": "count", "件": "count", "间": "count", "支队": "count", "支援队": "count", "位": "count",
    "对": "count", "册": "count", "大类": "count", "小项": "count", "本": "count", "条": "count",
    "科": "count", "队": "count", "组": "count", "根": "count", "盒": "count", "袋": "count", "瓶": "count",
}
_UNIT_ALIASES = {"周岁": "岁"}
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_RANGE_SEP = r"(?:\s?[-~～—–]\s?|至|到)"

_BODY = (
    rf"(?P<rank>第(?:\d+|[{_CN_NUMERAL}]+)[名位]?)"
    rf"|(?P<per>(?:十万|百|千|万)分之)(?P<pernum>{_NUM})(?:{_RANGE_SEP}(?P<perhigh>{_NUM}))?"
    rf"|(?P<frac>(?:\d+|[{_CN_NUMERAL}]+))分之(?P<fracnum>(?:\d+(?:\.\d+)?|[{_CN_NUMERAL}点]+))"
    rf"|(?P<slash>\d+)/(?P<slashden>\d+)(?![\d万千.])"
    rf"|(?P<tenth>[一二两三四五六七八九十]|[1-9](?:\.\d)?)成(?P<half>半)?(?P<tmore>[多余](?![年元人个万]))?(?!不变|[员本功为立绩效果])"
    rf"|(?P<sign>{_SIGN})?(?P<num>{_NUMV})"
    rf"(?P<approx1>[余多]|个多?(?=[万亿]))?(?P<scale>{_SCALE})?(?P<approx2>[余多])?(?P<unit>{_UNIT})?"
)
_VALUE_RE = re.compile(_BODY + rf"(?:{_RANGE_SEP}(?P<high>{_NUM})(?P<hscale>{_SCALE})?(?P<hunit>{_UNIT})?)?")
_SINGLE_RE = re.compile(_BODY + r"(?:(?!)(?P<high>)(?P<hscale>)(?P<hunit>))?")  # no range: a from -> to
_FROM_LEFT = re.compile(r"[由从自]$")
_TO_SEP = re.compile(r"[到至]")

# Words before or after a span that bound it (SPEC section 2); longest and negated forms first.
_LEFT_APPROX = [
    (re.compile(r"(?:不超过|不高于|不大于|不多于|至多|最多|≤|<=)$"), "at_most"),
    (re.compile(r"(?:不少于|不低于|不小于|至少|最少|≥|>=)$|(?:至少|最少)(?:有|为|是|占|达到?)$"), "at_least"),
    (re.compile(r"(?:不到|不足|低于|少于|小于|未达|<)$"), "less_than"),
    (re.compile(r"(?:超过|逾|超|多于|高于|大于|突破|>)$"), "more_than"),
    (re.compile(r"(?:大约|(?<![签节预合公条制契履相邀特])约|(?<![最附就邻靠亲])近|将近|接近|大概)(?:有|为|是|占|达到?)?$"), "about"),
]
_RIGHT_APPROX = [
    (re.compile(r"^(?:及以上)"), "at_least"),
    (re.compile(r"^(?:及以下|以内)"), "at_most"),
    (re.compile(r"^(?:以上|多(?![了出])|出头)"), "more_than"),  # 六成出头; not 多了 (比…多了不少: a comparison)
    (re.compile(r"^(?:以下)"), "less_than"),
    (re.compile(r"^(?:左右|上下)"), "about"),
]
_CHANGE_LEFT = re.compile(r"(负增长|增长|增加|上升|提高|提升|降低|下降|减少|缩短|回落|增幅|降幅|下滑|减幅|降价|低了|少了|高了|多了)了?"
                          r"(?:将近|接近|近|约|超过|逾|达到?)?$")
# 低于全省平均水平0.9人, 比全省平均水平高1.1岁: a gap to an average is a change, below it negative
_GAP_LEFT = re.compile(r"(?:(低于|高于|超过|超出)(?:全[国省市区县州])?的?平均(?:水平|值)?|比(?:全[国省市区县州])?的?平均(?:水平|值)?([高低多少]))"
                       r"(?:约|近)?$")
_BELOW = ("低于", "低", "少")
_NEGATIVE = ("负增长", "降低", "下降", "减少", "缩短", "回落", "降幅", "下滑", "减幅", "降价", "低了", "少了")
# 同比分别下降3.2%、|4.6%, 分别比上年下降0.41个和|0.52个千分点: a later item of a list after a change's verb
_CHANGE_LIST = re.compile(r"(负增长|增长|增加|上升|提高|提升|降低|下降|减少|缩短|回落|下滑|降价)了?(?:将近|接近|近|约|超过|逾|达到?)?"
                          rf"(?:(?:[\d.]+|[{_CN_NUMERAL}]+)[^\d{_CN_NUMERAL}，。；;,、和及\n]{{0,5}}[、和及])+$")
# [2.1个]、1.8个百分点: the unit written once, after the last item; [0.8]和0.5个百分点 with no 个 either
_LIST_UNIT = re.compile(r"(?:[、和及][\d.]+个)+(百分点|千分点|十万分点|万分点)")
_BARE_LIST = re.compile(r"(?:[、和及]\d+(?:\.\d+)?)*[、和及]\d+(?:\.\d+)?(个百分点|个千分点|个十万分点|个万分点|%|‰)")
_SCALED_LIST = re.compile(rf"(?:[、和及]\d+(?:\.\d+)?[万亿])*[、和及]\d+(?:\.\d+)?[万亿]({_UNIT})")
_CHANGES = ("percent", "count", "money", "rate", "ratio", "duration", "other")  # kinds a change's verb makes a change
_RANK_LEFT = re.compile(r"(排名|排|升至|升到|名由|跃居|前移至|上升到|位居|居|列|名列|位列|位次|全国|全省|全市|全区|全州|全县|倒数|县区|市州|区县|地市)")
_RANK_NOT = re.compile(r"^(?:[届批次期条款章节轮页个家所项位例名单]|季度|阶段|部分|方面|类|种|步|访问|访客)")
_PER_100K_LEFT = re.compile(r"每(?:10|十)万(?:人口|人)?$")
_RATIO_LEFT = re.compile(r"(?:(?:比|指数|系数|比值|比例)(?:为|是|达到?|控制在|由|从)?"
                         r"|(?:率|数|量|例|水平|寿命|达标值)(?:[（(][^（）()\n]{1,6}[）)])?(?:为|是|达到?|仅为?|由|从)"
                         r"|率)$")
_BARE_LEFT = re.compile(r"(?:累计接种|累计报告|累计检测|分别(?:为|是|达到?)(?:[\d.]+[、和])*|[由从](?:\d{4}年|上年|去年)的"
                        r"|(?:比上年|较上年|同比)(?:下降|降低|提高|增加|减少|上升|增长)了?|(?:比|指数)[由从]?(?:\d{4}年|上年|去年)的?|\d(?:下降|降低|提高|上升|回落|增加|减少|降|升|增)?[到至])$")
_POPULATION = re.compile(r"^(?:及以上|以上|以下|及以下)?(?:的)?(?:儿童|老年人|老人|婴幼儿|婴儿|人群|妇女|孕产妇|居民|新生儿|幼儿|学生|青少年|人口|男性|女性|"
                         r"村民|患者|患儿|病人|农民|孩子|老汉|大爷|大妈|奶奶|爷爷)")  # 68岁的村民: a person's age
_QUALIFIED_POPULATION = re.compile(r"^[\u4e00-\u9fff]{1,5}?" + _POPULATION.pattern[1:])  # 3-6岁|散居及托幼|儿童
_PLACE_AFTER = re.compile(r"^(?:镇|乡|村|街道)")
_AGE_LEFT = re.compile(r"(?:满|年满|未满|不满)$")
_PART_OF_DURATION = re.compile(r"[多余餘半](?:月|小时|小時|钟头|鐘頭|星期|礼拜|禮拜|周|週)")
_NOT_VAGUE_BEFORE = set("人总次个户例位指系倍分多少半无参函台件张家所以比")  # 人数, 总数, 以上
_DATE_RIGHT = re.compile(r"^(?:年(?:度|底|初|末|以来|起|中|前|后)?|月|日|号|时|点\d)")
_CODE_RIGHT = re.compile(r"^(?:号|工程|行动|计划|战略|模式|体系|热线|字|型|代|级|届|周年)")
# Bands that are part of a metric: 100-199张床位医院, 30万人口以上的县.
_BAND_RIGHT = re.compile(r"^(?:及?以上|及?以下|以内)?的?(?:口|床位|床)?(?:及?以上|及?以下)?的?(?:医院|机构|卫生院|县|市|区|乡镇|城市)")
_RECAP_RIGHT = re.compile(r"(?:主要)?(?:指标|任务|工作)(?:均|都|分别|全部)")
_ANAPHORIC_LEFT = re.compile(r"(?:上述|前述)$")
_QUALIFYING_BAND = re.compile(r"及?以[上下][^，。；;,、\d\n]{2,16}?的[^，。；;,、\d\n]{2,20}?"
                              r"(?:达到|达|为|是|占|有|不低于|超过)[^，。；;,、\d\n]{0,3}\d")
_AGE_BAND_RIGHT = re.compile(r"^(?:及?以上|及?以下|以内|龄)[\u4e00-\u9fff]")  # 65岁以上户籍老年人, 0-36个月龄儿童
_NAME_RIGHT = re.compile(r"^(?:(?:健康|医疗|急救|就医|服务)*圈|值班|生存率|存活率|(?:核心)?制度)")  # 15分钟健康服务圈, 5年生存率
# 一 with a measure word counts one thing, not the article, where a count is plainly meant: after a verb
# that founds, has or reports it (新增一家, 至少有一所, 破获一例, 报告…疫情一起), after the facility it counts
# (示范区一个。), with 以上 (建成一个以上), in a from-run (从一家到二十二家), or one outbreak or case (学校一起诺如病毒感染,
# 街道一例人感染H7N9)
_ONE_COUNTED_UNITS = set("家所例起个個")
_ONE_VERB_LEFT = re.compile(r"(?:新建|建成|成立|新增|组建|組建|建立|创建|創建|办好|辦好|获批|獲批|破获|破獲|查处|查處|报告|報告|"
                            r"发生|發生|确诊|確診|发现|發現|(?:至少|均|都|各|只|仅|僅)有|[从從由])了?$")
_ONE_AFTER = re.compile(r"[，。；：:,;、]")
_FACILITY_END = re.compile(r"[室区科院所站心馆点房部]$")  # 实验室一个，, 示范区一个。 (not 王大姐一家，: a family)
_ONE_EVENT_RIGHT = {"起": re.compile(r"[^，。；：:,;、]{0,12}?(?:疫情|事件|事故|案件|中毒|暴发|暴發)"),
                    "例": re.compile(r"[^，。；：:,;、]{0,4}?(?:感染|病例|患者|案件)")}
_GROUP_THRESHOLD = re.compile(r"^(?:及?以上|及?以下)?的(?:有|为|是)")  # 不足5人的有: no noun after 的
_THRESHOLD_LEFT = re.compile(r"(?:不足|超过|低于|高于|少于|多于|不到|大于|小于)$")
_PRINT_RUN_LEFT = re.compile(r"(?:共印|印数[:：]?|印刷)$")
_SECTION_COUNT = re.compile(r"(?:以下|如下|下列)$")  # 主要有以下五个方面: the report's own sections
# Not numbers at all: URLs, e-mail, file names, versions, dates and times, phone and ID numbers.
_MASKS = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s，。；、“”（）()<>]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w-]+\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|html?|zip|rar|txt|csv)\b"
    r"|[vV]?\d+(?:\.\d+){2,}"
    r"|\d{4}([-/.])\d{1,2}\1\d{1,2}"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
    r"|(?<![\d.])\d+(?:\.\d+)?[ \t]?[:：∶比][ \t]?\d+(?:\.\d+)?(?![\d.])"  # 医护比1:1.21, 1∶10混采, 1比1.05: no partial reading
    r"|(?<!\d)\d{3,4}-\d{7,8}(?:-\d{1,4})?(?!\d)"  # phone with area code
    rf"|(?<![\d.,])(?:1[3-9]\d{{9}}|\d{{17}}[\dXx]|\d{{15}})(?![\d.,%‰])(?!{_UNIT})"  # mobile, ID numbers
    r"|(?<![\d.])\d{16,}"
    r"|%[0-9A-Fa-f]{2}"
)
_LINE = re.compile(r"[^\n]+")
_CELL = re.compile(r"[^|\t \u3000]+(?: [^|\t \u3000]+)*")  # cells: split by |, tabs or runs of spaces
_SEPARATOR = re.compile(r"[|\t]")  # what splits a two-column table's cells
_BARE = re.compile(rf"[≥≤<>]?[-+]?{_AR}(?:左右|以上|以下)?")
_LABEL_AND_CELL = re.compile(rf"(?<=[\u4e00-\u9fff）)]) (?=[-+]?{_AR}$)")  # 医师（万人） 4.12: one space before a cell
_CELL_BOUND = {"≥": "at_least", "≤": "at_most", ">": "more_than", "<": "less_than"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LEAD_IN = re.compile(r"[（(][^（）()\n]{1,6}[）)][:：]")
_SENTENCE_END = re.compile(r"[。；;\n]")
_LIST_ITEM = re.compile(rf"(?:[\u4e00-\u9fff]|\d{{4}}年)({_AR})(?=[、，,；;。和及与]|$)", re.M)
_GROWTH_COLUMN = re.compile(r"(?:增长|增减|增幅|比上年|同比|变化)")
_PARENTHESISED = re.compile(rf"(?<=[\u4e00-\u9fff])[（(]({_AR})[）)]")
_NUMERIC = set("0123456789" + _CN_NUMERAL)
_JOINERS = set(".,/")
_WRAPPED_BEFORE = re.compile(r"[^\W\d][\d,.]*\d[ \t]*\r?\n[ \t]*$")  # 出生人口434\n|17人: a number broken by a line wrap  # numeric only between digits: 1,234 and 3.5 and 1/3
_MAX = 1e15  # larger magnitudes are no figure a report states (a run of digits)
ROUND_RATIO = 3


@dataclass(frozen=True)
class ParsedValue:
    """A normalised value: the fields of the SPEC record that the span and its context decide."""

    value: float | None
    unit: str | None
    kind: str
    approx: str | None
    value_high: float | None = None


@dataclass(frozen=True)
class ValueMatch:
    """A VALUE span found in clean text, with its normalisation."""

    start: int
    end: int
    text: str
    parsed: ParsedValue


def scan_values(text: str) -> list[ValueMatch]:
    """All VALUE spans in clean text, in order, skipping SPEC's not-a-value cases."""
    masked = [m.span() for m in _MASKS.finditer(text)] + [m.span() for m in _numeral_places().finditer(text)]
    found = []
    position = 0
    while (match := _VALUE_RE.search(text, position)) is not None:
        start, end = match.span()
        if match.group("high") and _FROM_LEFT.search(text, max(0, start - 2), start) and _TO_SEP.search(match.group(0)):
            match = _SINGLE_RE.match(text, start)  # 由7个到12个: a from -> to, two values, not a range
            end = match.end()
        position = max(end, start + 1)
        if any(s < end and start < e for s, e in masked):
            continue
        if not _whole(text, start, end) or not _is_value(match, text):
            continue
        surface = text[start:end]
        parsed = parse_value(surface, text[max(0, start - 8):start], text[end:end + 6], text[max(0, start - 40):start],
                             text[end:end + 40])
        if parsed is not None and parsed.value is not None:
            found.append(ValueMatch(start, end, surface, parsed))
    taken = [(v.start, v.end) for v in found]
    found += [v for v in _bare_cells(text) if not any(s < v.end and v.start < e for s, e in taken + masked)]
    return sorted(found, key=lambda v: v.start)


def _bare_cells(text: str) -> list[ValueMatch]:
    """Numbers that stand alone as a table cell (18,215 under 2022年, -1.6 under 增长(%)) or in
    parentheses after a name in a list (东岭（4.61）、西河（4.37）): claims without a unit of their own,
    which takes the unit of its row label or lead-in later. A growth column's cells are changes in %."""
    values, header = [], None
    lines = list(_LINE.finditer(text))
    two_cell = [is_two_cell_row(line.group()) for line in lines]
    for at, line in enumerate(lines):
        cells = []
        for cell in _CELL.finditer(text, line.start(), line.end()):
            split = _LABEL_AND_CELL.search(cell.group())
            cells += [(cell.start(), cell.start() + split.start()), (cell.start() + split.end(), cell.end())] if split \
                else [cell.span()]
        widest = 2 if _two_cell_table(lines, two_cell, at) else 3
        if len(cells) < widest or not any(c.isdigit() for c in line.group()):
            header = cells if len(cells) >= 3 or (len(cells) == 2 and _SEPARATOR.search(line.group())) else header
            continue
        numbers = [(s, e) for s, e in cells if _BARE.fullmatch(text, s, e)]
        if numbers and all(_looks_like_year(text[s:e]) for s, e in numbers):
            header = cells  # 指标 | 2020 | 2021: a header row of years
            continue
        for index, (start, end) in enumerate(cells):
            if index == 0 or (start, end) not in numbers or not _HAN.search(text, *cells[0]):
                continue  # a row needs a label: · 326 · is a page number
            column = text[slice(*header[index])] if header and len(header) == len(cells) else ""
            values.append(_cell_value(text, start, end, column))
    for match in _PARENTHESISED.finditer(text):
        if not _looks_like_year(match.group(1)):  # （2019）: a year
            values.append(_cell_value(text, match.start(1), match.end(1), ""))
    for lead_in in _LEAD_IN.finditer(text):  # 预期寿命（岁）：渝中区81.26、江北区80.74; 床位（万）：2016年262.5
        sentence_end = _SENTENCE_END.search(text, lead_in.end())
        stop = sentence_end.start() if sentence_end else len(text)
        for item in _LIST_ITEM.finditer(text, lead_in.end(), stop):
            values.append(_cell_value(text, item.start(1), item.end(1), ""))
    return [v for v in values if v is not None]


def _two_cell_table(lines: list[re.Match], two_cell: list[bool], at: int) -> bool:
    """A row of a two-column table (指标 | 2022年 over 床位数（张） | 3,120): a label | number line next to
    another, or under a header of two cells."""
    if not two_cell[at]:
        return False
    above = lines[at - 1].group() if at > 0 else ""
    header = _CELL.findall(above)
    return (at > 0 and two_cell[at - 1]) or (at + 1 < len(lines) and two_cell[at + 1]) or (
        len(header) == 2 and _SEPARATOR.search(above) is not None
        and not any(_BARE.fullmatch(cell) and not _looks_like_year(cell) for cell in header))


def _cell_value(text: str, start: int, end: int, column: str) -> ValueMatch | None:
    approx = _CELL_BOUND.get(text[start])
    start += approx is not None  # ≤18: the bound stays outside the span
    for word, name in (("左右", "about"), ("以上", "more_than"), ("以下", "less_than")):
        if text[start:end].endswith(word):
            end, approx = end - len(word), name  # 27左右
    number = to_number(text[start:end].lstrip("+-"))
    if number is None:
        return None
    value = -number if text[start] == "-" else number
    if _GROWTH_COLUMN.search(column):
        parsed = ParsedValue(_round(value), "%", "change", approx)
    elif "%" in column:
        parsed = ParsedValue(_round(value), "%", "percent", approx)
    else:
        parsed = ParsedValue(_round(value), None, "ratio", approx)
    return ValueMatch(start, end, text[start:end], parsed)


@lru_cache(maxsize=1)
def _numeral_places() -> re.Pattern:
    """Division names with a numeral in them (七台河市, 六盘水, 十堰): places, not values."""
    from .regions import catalogue

    names = sorted({n for n in catalogue().names() if len(n) >= 2 and any(ch in _CN_NUMERAL for ch in n)},
                   key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)) or "(?!)")


def _whole(text: str, start: int, end: int) -> bool:
    """Never a partial reading: nothing numeric may touch the span on either side."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and (before in _NUMERIC or before in _JOINERS | set("-+") and text[start - 2:start - 1].isdigit()
                   or before == "点" and text[start - 2:start - 1] in _NUMERIC):
        return False
    if before == "第" and text[start] != "第":
        return False
    if text[start].isdigit() and before in "\n \t" and _WRAPPED_BEFORE.search(text, max(0, start - 24), start):
        return False
    if text[end - 1] in _NUMERIC and after and (after in _NUMERIC or after == "点" or text[end:end + 2] == "分之"):
        return False
    if after and after in _JOINERS and text[end - 1].isdigit() and text[end + 1:end + 2].isdigit():
        return False
    return True


def _is_value(match: re.Match, text: str) -> bool:
    start, end = match.span()
    left, right = text[max(0, start - 12):start], text[end:end + 8]
    before = left[-1:]
    if match.group("rank"):
        named = match.group(0)[-1] in "名位"
        clause = re.sub(r"(?:\d{4}年)?的?$", "", re.split(r"[。；！？!?;\n，,]", left)[-1])
        return not _RANK_NOT.match(right) and (named or bool(_RANK_LEFT.search(clause)))
    if _GROUP_THRESHOLD.match(right) and (right.startswith("以") or _THRESHOLD_LEFT.search(left)):
        return False  # 医师不足5人的有23家, 占比超过六成的有：…: the bound that makes a group, not a figure
    if match.group("per") or match.group("frac") or match.group("tenth"):
        return True
    if match.group("slash"):
        return int(match.group("slash")) < int(match.group("slashden")) and before != "/"
    number = match.group("num")
    unit = match.group("unit") or match.group("hunit")
    chinese = not re.search(r"\d", number)
    if before and (before.isascii() and before.isalnum() or before in "〔[/_×*"
                   or before in ":：" and not re.search(r"[\u4e00-\u9fff）)]\s?[:：]$", left)):
        return False  # H7N9, file numbers, V2:3; not 孕产妇死亡率：6.1/10万
    after = right[:1]
    if after and after in ":：":
        return False
    if unit in ("个", "個") and _PART_OF_DURATION.match(right):
        return False  # 3个多月, 两个半小时: a duration this grammar cannot read whole, so none rather than 3个
    if _inside_short_quote(text, start, end):
        return False  # "十三五", "4.25"宣传日, "两个允许"
    if number[0] in "数上" and before and before in _NOT_VAGUE_BEFORE:
        return False  # 人数百分比, 以上千: not a vague quantity
    scaled = match.group("scale") or (not chinese and number[-1] in "万亿")
    if unit is None and not scaled:
        if chinese or (after and after in "年月日号") or not (_RATIO_LEFT.search(left) or _BARE_LEFT.search(left)
                                                           or _BARE_LIST.match(text, end)):
            return False
    if unit is None and _DATE_RIGHT.match(right):
        return False
    if unit in ("年", "份") and (right.startswith("代") or _PRINT_RUN_LEFT.search(left)):
        return False  # 上世纪90年代: a decade; （共印80份）: a print run
    if unit == "次" and right.startswith("会议") and "届" in left:
        return False  # 市十六届人大三次会议: a session's name
    if unit == "年" and (_looks_like_year(number) or (chinese and not re.search(r"(?:连续|持续)$", left))
                       or (to_number(number) or 0) >= 1000):
        return False  # 2020年 is a date, 三年行动 a name; 连续三年 and 5年 are durations
    if unit == "日" and (before == "月" or chinese):
        return False  # 3月5日 is a date
    if chinese and unit in ("台", "道") and _PLACE_AFTER.match(right):
        return False  # 二台镇, 八道乡: a town's name
    if unit in ("岁", "周岁") and (_POPULATION.match(right) or _AGE_LEFT.search(left) or _AGE_BAND_RIGHT.match(right)
                                  or (match.group("high") and _QUALIFIED_POPULATION.match(right))):
        return False  # 0-6岁儿童, 65岁以上老年人, 满7周岁, 3-6岁散居及托幼儿童: part of the metric
    if unit == "个月" and ((_AGE_BAND_RIGHT.match(right) and match.group("high")) or _POPULATION.match(right)):
        return False  # 0-36个月龄儿童, 0-36个月儿童, 6个月以下婴儿
    if unit and _NAME_RIGHT.match(right):
        return False
    if before == "每":
        return False  # 每10万人口, 每千人口: a per-unit inside a metric
    if unit == "周" and right.startswith("年"):
        return False  # 建院60周年
    if unit is None and _CODE_RIGHT.match(right):
        return False
    if unit in ("张", "人", "床") and _BAND_RIGHT.match(right):
        return False  # 100-199张床位医院, 30万人口以上的县: a band inside the metric
    if unit and _QUALIFYING_BAND.match(text, end):
        return False  # 提供6类以上中医药适宜技术的社区卫生服务站占比达到83%: a band in what the next value measures
    if _SECTION_COUNT.search(left):
        return False  # 主要有以下五个方面
    if _ANAPHORIC_LEFT.search(left) or (unit in ("项", "項") and _RECAP_RIGHT.match(right)):
        return False  # 上述三项指标分别提高到…, 两项指标均居全省前列: a count of what the text already listed
    if (chinese and unit in ("个", "個", "家", "所") and re.search(r"[、和与及][\u4e00-\u9fff]{1,10}$", left)
            and before in right[:2]):
        return False  # 遂溪县、徐闻县两个县的…: the list it stands after, counted again
    if number == "1" and unit and unit.startswith("/") and before and before in "(（" and after and after in ")）":
        return False  # 孕产妇死亡率（1/10万）: the unit of a table's row label
    if chinese:
        if number == "一" and unit in _ONE_COUNTED_UNITS:
            return _one_counted(left, text[end:end + 16], unit)
        if unit == "位" and re.search(r"[移升降]$", left):
            return True  # 前移两位: a change of rank
        return _plausible_chinese(number, unit, bool(match.group("approx1") or match.group("approx2")),
                                  bool(match.group("scale")))
    return True


def _one_counted(left: str, right: str, unit: str) -> bool:
    """一家, 一所, 一例, 一起, 一个: one thing counted (see ``_ONE_VERB_LEFT``), else the article (走进一家, 一个缩影);
    never in 一村一所 nor after 无 (无一例: not one), nor 一起 as together."""
    if re.search(r"一[\u4e00-\u9fff]$|无$|無$", left) or right.startswith("一"):
        return False  # 一村一所, 一例一例地, 无一例
    if unit == "起" and (not re.search(r"[\u4e00-\u9fff]$", left) or re.search(r"[们們家都也和与與同跟在又再还還就]$", left)):
        return False  # 大家一起, 和…一起: together
    if _ONE_AFTER.match(right) and _FACILITY_END.search(left) or right.startswith("以上"):
        return True
    if unit in _ONE_EVENT_RIGHT and _ONE_EVENT_RIGHT[unit].match(right):
        return True
    return unit not in "个個起" and bool(_ONE_VERB_LEFT.search(left))


def _looks_like_year(number: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d(?:[-~—–至到](19|20)?\d\d)?", number))


def _plausible_chinese(number: str, unit: str | None, approximate: bool, scaled: bool = False) -> bool:
    """Chinese numerals are values only with a measure word; 一 alone is an article and a bare
    scale (千家万户, 百姓) is a word."""
    if unit in ("倍", "个月"):
        return True  # 一倍, 一个月
    if unit is None and scaled and re.search(f"[{_CN_DIGIT}]", number):
        return True  # 常住人口七百多万: a count in 万 or 亿 needs no measure word
    if unit is None or number in ("一", "〇", "零"):
        return False
    if not re.search(f"[{_CN_DIGIT}十几数上]", number) and not (approximate and number in ("百", "千", "万")) \
            and number not in ("百万", "千万"):
        return False  # 百余名 is a value; 千家万户 and 百姓 are words
    if number.startswith("一") and unit in ("个", "项", "次", "种", "批", "类") and len(number) == 1:
        return False
    if unit in ("次", "批", "种", "轮"):
        return number not in ("一", "二")  # 两次, 三轮, 五种 are counts; 一次性, 二次供水 are words
    if unit in ("类", "位", "处"):
        return len(number) > 1  # 三十多类; 四类慢病患者 and 六位一体 are names
    if approximate and re.search("[十百千万亿]", number):
        return True  # 二万四千余对, 三十多起: a large count with its approximation, whatever it counts
    return unit not in ("级", "只", "服", "头", "届", "起", "期", "对", "本", "条", "科", "队", "组", "周", "分", "管", "块", "宗", "日")


def _inside_short_quote(text: str, start: int, end: int) -> bool:
    opening = max(text.rfind("“", 0, start), text.rfind('"', 0, start))
    if opening < 0 or start - opening > 10 or "”" in text[opening:start] or text.count('"', opening, start) > 1:
        return False
    closing = text.find("”", end)
    closing_ascii = text.find('"', end)
    candidates = [c for c in (closing, closing_ascii) if c >= 0]
    return bool(candidates) and min(candidates) - opening <= 12 and "\n" not in text[opening:min(candidates)]


def parse_value(surface: str, left: str = "", right: str = "", before: str = "", after: str = "") -> ParsedValue | None:
    """Normalise a VALUE span; ``left``/``right`` are the characters around it, ``before`` and ``after``
    longer stretches around it for a list that shares a change's verb or a unit (分别下降3.2%、[4.6%] is -4.6
    too; [0.41个]和0.52个千分点 is in 个千分点). None when the span is no value the grammar can read whole."""
    parsed = _parse(surface, left, right)
    if parsed is None or parsed.value is None:
        return parsed
    shared_unit = _LIST_UNIT.match(after) if parsed.unit == "个" and surface.endswith("个") else None
    bare = _BARE_LIST.match(after) if parsed.unit is None and re.fullmatch(r"\d+(?:\.\d+)?", surface) else None
    if bare is None and parsed.unit is None and re.fullmatch(r"\d+(?:\.\d+)?[万亿]", surface):
        bare = _SCALED_LIST.match(after)  # 1.46万、1.73万和1.88万人次: the unit written once, after the last
    if shared_unit or bare:
        unit = "个" + shared_unit.group(1) if shared_unit else bare.group(1)
        parsed = replace(parsed, unit=unit, kind="change" if parsed.kind == "change" else UNITS.get(unit, parsed.kind))
    listed = _CHANGE_LIST.search(before) if not _CHANGE_LEFT.search(left) else None
    if listed is None or (parsed.kind not in _CHANGES and parsed.kind != "change"):
        return parsed
    sign = -1 if listed.group(1).startswith(_NEGATIVE) and parsed.value > 0 else 1
    high = parsed.value_high * sign if parsed.value_high is not None else None
    return replace(parsed, value=parsed.value * sign, value_high=high, kind="change")


def _parse(surface: str, left: str, right: str) -> ParsedValue | None:
    surface = "".join(surface.split())
    match = _VALUE_RE.fullmatch(surface)
    if match is None:
        return None
    if match.group("rank"):
        number = to_number(match.group("rank")[1:].rstrip("名位"))
        unit = "倒数" if left.endswith("倒数") else None
        return None if number is None else ParsedValue(number, unit, "rank", None)
    if match.group("per"):
        return _per_value(match, left, right)
    if match.group("frac"):
        return _fraction(to_number(match.group("fracnum")), to_number(match.group("frac")), left, right)
    if match.group("slash"):
        return _fraction(float(match.group("slash")), float(match.group("slashden")), left, right)
    if match.group("tenth"):
        tenths = to_number(match.group("tenth"))
        if tenths is None or tenths > 10:
            return None
        return _finish(tenths * 10 + (5 if match.group("half") else 0), None, "%", left, right,  # 一成半 is 15%
                       approx="more_than" if match.group("tmore") else None)  # 两成多
    if not (match.group("unit") or match.group("hunit") or match.group("scale")) and not re.search(r"\d", match.group("num")):
        return None  # a Chinese numeral is a value only with its measure word
    low = _number_with_scale(match.group("num"), match.group("scale"))
    if low is None:
        return None
    value, vague = low
    high = None
    if match.group("high"):
        read = _number_with_scale(match.group("high"), match.group("hscale") or match.group("scale"))
        if read is None or read[1]:
            return None
        high = read[0]
        high_scale = _trailing_scale(match.group("high"), match.group("hscale"))
        if high_scale and not _trailing_scale(match.group("num"), match.group("scale")) and value * high_scale < high:
            value *= high_scale  # 5-10万: the scale applies to both ends
        if match.group("unit") and match.group("hunit") and match.group("unit") != match.group("hunit"):
            return None
        if high <= value:
            return None  # not a range from low to high: unsure, so no value
    if match.group("sign") == "-":
        value, high = -value, (-high if high is not None else None)
    unit = match.group("unit") or match.group("hunit")
    spoken = (match.group("approx1") or "").startswith("个")  # 五个亿 is 5亿, 五个多亿 more than that
    approx = "more_than" if (vague or match.group("approx1") not in (None, "个") or match.group("approx2")) else None
    if spoken and not match.group("scale"):
        return None
    scaled = bool(match.group("scale")) or match.group("num")[-1] in "万亿"
    return _finish(value, high, unit, left, right, approx, signed=bool(match.group("sign")), scaled=scaled)


def _per_value(match: re.Match, left: str, right: str) -> ParsedValue | None:
    """百分之九十五 (95 %), 千分之三点五 (3.5 ‰), 万分之二 (2 /万), 十万分之十五 (15 /10万)."""
    unit = {"百分之": "%", "千分之": "‰", "万分之": "/万", "十万分之": "/10万"}[match.group("per")]
    value = to_number(match.group("pernum"))
    high = to_number(match.group("perhigh")) if match.group("perhigh") else None
    if value is None or (match.group("perhigh") and (high is None or high <= value)):
        return None
    return _finish(value, high, unit, left, right, approx=None)


def _fraction(numerator: float | None, denominator: float | None, left: str, right: str) -> ParsedValue | None:
    """四分之一 and 1/4: a ratio, 0.25."""
    if numerator is None or not denominator:
        return None
    return _finish(round(numerator / denominator, ROUND_RATIO), None, None, left, right, approx=None, kind="ratio")


def _finish(value: float, high: float | None, unit: str | None, left: str, right: str, approx: str | None,
            signed: bool = False, kind: str | None = None, scaled: bool = False) -> ParsedValue | None:
    if not math.isfinite(value) or abs(value) >= _MAX:
        return None
    if unit in ("例", "人") and _PER_100K_LEFT.search(left):  # 每10万人口186.3例 is 186.3/10万
        unit, kind = "/10万", "rate"
    kind = kind or (UNITS.get(unit, "count") if unit else ("count" if scaled else "ratio"))
    for pattern, name in _LEFT_APPROX:
        if pattern.search(left):
            approx = name
            break
    for pattern, name in _RIGHT_APPROX:
        if pattern.search(right):
            approx = name
            break
    change = _CHANGE_LEFT.search(left)
    gap = _GAP_LEFT.search(left) if not change else None
    if kind == "change" or ((change or gap) and kind in _CHANGES):
        below = (change and change.group(1).startswith(_NEGATIVE)) or (gap and (gap.group(1) or gap.group(2)) in _BELOW)
        if below and not signed:
            value, high = -value, (-high if high is not None else None)
        kind = "change"
    return ParsedValue(_round(value), _UNIT_ALIASES.get(unit, unit), kind, approx,
                       _round(high) if high is not None else None)


def _number_with_scale(number: str, scale: str | None) -> tuple[float, bool] | None:
    """(value, vague) for a number and its scale; vague forms (十几万, 数百, 上千) give their lower bound."""
    vague = bool(re.match(r"[几数上]", number)) or "几" in number
    if vague:
        number = re.sub(r"^[数上]", "几", number)
        number = re.sub(r"^几(?=[十百千万亿])", "一", number).replace("几", "")
        if not number:
            return None
    value = _scaled(number, scale)
    return None if value is None else (value, vague)


def _trailing_scale(number: str, scale: str | None) -> float | None:
    if scale:
        return _SCALES[scale]
    return _SCALES.get(number[-1]) if number[-1] in "万亿千" else None


def _scaled(number: str, scale: str | None) -> float | None:
    value = to_number(number)
    return None if value is None else value * _SCALES.get(scale or "", 1.0)


def _round(value: float) -> float:
    return float(round(value, 6))


_ARABIC = re.compile(_AR)
_CHINESE = re.compile(rf"[{_CN_NUMERAL}]+(?:点[{_CN_DIGIT}]+)?")
_PLACE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_MIXED = re.compile(rf"(?:{_AR}[万亿千百十]+零?)+(?:{_AR}|[{_CN_DIGIT}])?[万亿千百十]*")


@lru_cache(maxsize=8192)
def to_number(token: str) -> float | None:
    """A number written in Arabic, Chinese or mixed notation, read whole; None if it cannot be."""
    token = token.strip()
    if token[:1] in ("百", "千", "万", "亿"):
        token = "一" + token  # 百分之百, 千余
    decimal_scale = _DECIMAL_SCALE.fullmatch(token)
    if decimal_scale:  # 十二点六亿: cn2an reads a decimal, not a decimal of a scale
        number = to_number(decimal_scale.group(1))
        return None if number is None else number * _SCALES[decimal_scale.group(2)]
    try:
        if _ARABIC.fullmatch(token):
            value = float(token.replace(",", ""))
        elif _CHINESE.fullmatch(token):
            if re.fullmatch(f"[{_CN_DIGIT}]{{2,}}", token):
                return None  # digit by digit (二〇二〇) is a year or a code, not a quantity
            value = float(cn2an.cn2an(token, "normal"))
        elif _MIXED.fullmatch(token):
            head, zero, tail = token.rpartition("零")
            if zero and head and _ARABIC.fullmatch(tail) and head[-1] in _PLACE:
                # 1亿2914万零10: what follows 零 fills the places below the last one named (cn2an
                # reads 万零100 but not 万零10)
                high, low = to_number(head), float(tail.replace(",", ""))
                return high + low if high is not None and low < _PLACE[head[-1]] else None
            value = float(cn2an.cn2an(token.replace(",", ""), "smart"))
        else:
            return None
    except (ValueError, KeyError, IndexError, OverflowError):
        return None
    return value if math.isfinite(value) and abs(value) < _MAX else None
