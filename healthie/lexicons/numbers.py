"""Value expressions: find them in clean text and normalise them (SPEC sections 2 and 6).

``find_values(text)`` scans clean text for VALUE spans; ``parse_value(span, left, right)``
normalises one span, using a little context on each side for the words that stay
outside the span (近, 超过, 以上, 增长 ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_CN_NUMBER = f"[{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?"
_AR_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUMBER = f"(?:{_AR_NUMBER}|{_CN_NUMBER})"
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "万亿": 1e12}
_APPROX_SUFFIX = "余多"

# Units and measure words, longest first; each with the kind it gives.
_UNITS = {
    "个百分点": "change", "百分点": "change",
    "%": "percent", "‰": "rate", "/10万": "rate", "/万": "rate", "/千": "rate", "/10万人": "rate",
    "亿元": "money", "万元": "money", "千元": "money", "元": "money",
    "人次": "count", "人份": "count", "件套": "count", "剂次": "count", "场次": "count", "户次": "count",
    "个月": "duration", "小时": "duration", "分钟": "duration", "天": "duration", "周": "duration", "年": "duration",
    "平方米": "other", "公里": "other", "岁": "other", "吨": "other", "公斤": "other", "千克": "other",
    "人": "count", "个": "count", "家": "count", "例": "count", "份": "count", "张": "count",
    "名": "count", "所": "count", "项": "count", "次": "count", "场": "count", "期": "count",
    "批": "count", "起": "count", "台": "count", "辆": "count", "支": "count", "剂": "count",
    "床": "count", "种": "count", "类": "count", "篇": "count", "户": "count", "座": "count",
    "套": "count", "件": "count", "间": "count", "支队": "count", "支援队": "count", "位": "count",
    "对": "count", "册": "count", "大类": "count", "小项": "count", "万人份": "count", "本": "count", "条": "count", "科": "count", "队": "count", "组": "count",
}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_RANGE_SEP = "[-~—–至到]"

_VALUE_RE = re.compile(
    rf"(?P<rank>第(?:{_AR_NUMBER}|[一二三四五六七八九十]+))"
    rf"|(?P<num>{_NUMBER}(?:{_RANGE_SEP}{_NUMBER})?)"
    rf"(?P<approx1>[余多])?(?P<scale>万亿|百万|千万|万|亿|千)?(?P<approx2>[余多])?(?P<unit>{_UNIT_RE})?"
)

_LEFT_APPROX = [
    (re.compile(r"(?:大约|约|近|将近|接近)$"), "about"),
    (re.compile(r"(?:超过|逾|超)$"), "more_than"),
    (re.compile(r"(?:不到|不足|低于|少于)$"), "less_than"),
    (re.compile(r"(?:不超过|不高于|控制在)$"), "at_most"),
    (re.compile(r"(?:达到|达|至少|不少于|不低于)$"), "at_least"),
]
_RIGHT_APPROX = [
    (re.compile(r"^(?:以上|及以上)"), "at_least"),
    (re.compile(r"^(?:以下|以内|及以下)"), "at_most"),
    (re.compile(r"^左右"), "about"),
]
_CHANGE_LEFT = re.compile(r"(增长|增加|上升|提高|提升|降低|下降|减少|缩短|回落|增幅|降幅)了?$")
_NEGATIVE = ("降低", "下降", "减少", "缩短", "回落", "降幅")
_RANK_LEFT = re.compile(r"(排名|排|位居|居|列|名列|位列|全国|全省|全市|全区|倒数)$")
_RATIO_LEFT = re.compile(r"(比|指数|系数|比值|比例|性别比)(为|是|达)?$")
_POPULATION = re.compile(r"^(?:及以上|以上|以下|及以下)?(?:的)?(?:儿童|老年人|老人|婴幼儿|人群|妇女|孕产妇|居民|新生儿|幼儿|学生|青少年|人口|男性|女性|以上)")
_DATE_RIGHT = re.compile(r"^(?:年(?:度|底|初|末|以来|起|中|前|后)?|月|日|号|时|点\d)")
_CODE_RIGHT = re.compile(r"^(?:号|工程|行动|计划|战略|模式|体系|热线|字|型|代|级|届)")


@dataclass(frozen=True)
class ParsedValue:
    """A normalised value: the fields of the SPEC record that the span alone decides."""

    value: float | None
    unit: str | None
    kind: str
    approx: str | None


@dataclass(frozen=True)
class ValueMatch:
    """A VALUE span found in text, with its normalisation."""

    start: int
    end: int
    text: str
    parsed: ParsedValue


def find_values(text: str) -> list[ValueMatch]:
    """All VALUE spans in clean text, in order, skipping SPEC's not-a-value cases."""
    found = []
    for match in _VALUE_RE.finditer(text):
        start, end = match.span()
        if start == end or not _is_value(match, text):
            continue
        surface = text[start:end]
        parsed = parse_value(surface, text[max(0, start - 8):start], text[end:end + 6])
        if parsed is not None:
            found.append(ValueMatch(start, end, surface, parsed))
    return found


def _is_value(match: re.Match, text: str) -> bool:
    start, end = match.span()
    left, right = text[max(0, start - 8):start], text[end:end + 8]
    before = left[-1:] if left else ""
    after = right[:1]
    if match.group("rank"):
        return bool(_RANK_LEFT.search(left))
    number = match.group("num")
    unit = match.group("unit")
    chinese = not re.match(r"\d", number)
    if before and (before.isascii() and before.isalnum() or before in ":：.〔[") or (after and after in ":："):
        return False  # H7N9, 1:10, file numbers, 3.1.2
    if not chinese and before == "第":
        return False  # ordinals such as 第1例 are not claims
    if _inside_short_quote(text, start, end):
        return False  # "十三五", "4.25"宣传日, "两个允许"
    if unit is None and match.group("scale") is None:
        if chinese or (after and after in "年月日号") or not _RATIO_LEFT.search(left):
            return False
    if unit is None and _DATE_RIGHT.match(right):
        return False
    if unit == "年" and (_looks_like_year(number) or chinese):
        return False
    if unit in ("岁",) and _POPULATION.match(right):
        return False  # 0-6岁儿童, 65岁以上老年人: part of the metric
    if unit is None and _CODE_RIGHT.match(right):
        return False
    if number == "1" and unit and unit.startswith("/") and before and before in "(（" and after and after in ")）":
        return False  # 孕产妇死亡率（1/10万）: the unit of a table's row label
    if chinese:
        return _plausible_chinese(number, unit)
    return True


def _looks_like_year(number: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d(?:[-~—–至到](19|20)?\d\d)?", number))


def _plausible_chinese(number: str, unit: str | None) -> bool:
    """Chinese numerals are values only with a measure word, and 一 alone is an article."""
    if unit is None or number in ("一", "〇", "零"):
        return False
    return unit not in ("次", "起", "批", "类", "种", "期", "位", "对", "本", "条", "科", "队", "组", "年")


def _inside_short_quote(text: str, start: int, end: int) -> bool:
    opening = max(text.rfind("“", 0, start), text.rfind('"', 0, start))
    if opening < 0 or start - opening > 10:
        return False
    closing = text.find("”", end)
    closing_ascii = text.find('"', end)
    candidates = [c for c in (closing, closing_ascii) if c >= 0]
    return bool(candidates) and min(candidates) - opening <= 12 and "\n" not in text[opening:min(candidates)]


def parse_value(surface: str, left: str = "", right: str = "") -> ParsedValue | None:
    """Normalise a VALUE span; ``left``/``right`` are the characters around it."""
    surface = surface.strip()
    rank = re.fullmatch(r"第(.+?)(?:名|位)?", surface)
    if rank:
        number = _to_number(rank.group(1))
        return None if number is None else ParsedValue(number, None, "rank", None)
    match = _VALUE_RE.fullmatch(surface)
    if not match or not match.group("num"):
        return None
    low = match.group("num")
    if match.group("unit") is None and not re.match(r"\d", low):
        return None  # a Chinese numeral needs a measure word to be a value
    parts = re.split(_RANGE_SEP, low, maxsplit=1) if not re.fullmatch(_AR_NUMBER, low) else [low]
    number = _to_number(parts[0])
    if number is None:
        return None
    scale = _SCALES.get(match.group("scale") or "", 1.0)
    unit = match.group("unit")
    value = _round(number * scale)
    kind = _UNITS.get(unit, "ratio" if unit is None else "count") if unit else "ratio"
    approx = None
    if match.group("approx1") or match.group("approx2"):
        approx = "more_than"
    for pattern, name in _LEFT_APPROX:
        if pattern.search(left):
            approx = name
            break
    for pattern, name in _RIGHT_APPROX:
        if pattern.search(right):
            approx = name
            break
    change = _CHANGE_LEFT.search(left)
    if kind == "change" or (change and kind in ("percent", "count", "money", "rate")):
        if change and change.group(1).startswith(_NEGATIVE):
            value = -value
        kind = "change"
    return ParsedValue(value, unit, kind, approx)


def _round(value: float) -> float:
    return float(round(value, 6))


@lru_cache(maxsize=4096)
def _to_number(token: str) -> float | None:
    token = token.replace(",", "")
    try:
        return float(token)
    except ValueError:
        pass
    try:
        import cn2an

        return float(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
