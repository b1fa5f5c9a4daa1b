"""A document's defaults: the region it is about, the year it reports, and the year a date phrase names.

A claim whose text links no REGION or DATE takes these (SPEC sections 3 and 4).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from ..lexicons import regions
from ..text.tokenizer import boilerplate_spans

HINT_KEY = "healthie.region_hint"
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_NUMERIC_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)")
_SPAN_START = re.compile(r"(?:以来|至今|起)\s*$|^\s*自")  # 2019年以来, 自2019年起
_RELATIVE_YEAR = {"上年": -1, "去年": -1, "前年": -2, "明年": 1, "今年": 0, "本年": 0, "全年": 0, "当年": 0, "年初": 0, "年中": 0}
# 今年, 去年 and 前年 count from when the report speaks (时间：2024年1月18日 under a 2023年度 title: 去年 is 2023);
# 上年, 本年 and 当年 from the year it reports (比上年增长 in a 2023 bulletin published in 2024 is against 2022)
_SPOKEN = {"去年", "前年", "明年", "今年"}
_FULL_DATE = re.compile(r"((?:19|20)\d\d)年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\d|3[01])日|" + _NUMERIC_DATE.pattern)
_DATE_LINE = 60  # characters: a date or byline line under a title, no sentence
_PERIOD_END = re.compile(r"(十[一二三四五]?五)[”\"]?(?:年?末|年?底)")  # “十二五”末: the period's last year
DATE_WORDS = re.compile(r"(?:19|20)\d\d年|" + "|".join(_RELATIVE_YEAR))  # what year_of reads
_TITLE = 200  # characters: a report's title and byline
_TITLE_LINE = 60
_BASE_TIME = re.compile(r"(?:由|从|自|比|较|与)$")
_SINCE = re.compile(r"以来|起$")
# a plan for year Y (2020年卫生健康工作要点, 关于2024年卫生健康工作的安排意见): its figures are Y-1's, the base
# it plans from; its targets for Y say so. A summary with a plan (2023年上半年工作总结和下半年工作打算) is Y's.
_PLAN_TITLE = re.compile(r"((?:19|20)\d\d)年[^\n。，\d总]{0,12}?(?:工作(?:要点|计划|安排|思路|打算|重点)|安排意见|重点工作)")
_SUMMARY_TITLE = re.compile(r"((?:19|20)\d\d)年[^\n。，\d]{0,12}?总结")
# a review of a five-year plan period (“十三五”卫生健康事业发展回顾): its figures are the period's last year's
# 以2020年为基期、2023年底为评估时点: the time a review says its figures are taken at
_REFERENCE_TIME = re.compile(r"((?:19|20)\d\d)年(?:底|末|年底|12月31日)?(?:为|作为)(?:评估|统计|监测|考核|截止)?(?:时点|节点|时间点)")
# 我就2023年全省卫生健康事业发展情况作简要介绍: a press conference's or a speech's opening names the year it reviews
_REVIEWED_YEAR = re.compile(r"((?:19|20)\d\d)年度?[^\n。；！？\d]{0,20}?(?:情况|工作|成效|进展)(?:作|做|进行)?(?:一个|一下)?(?:简要|简单)?的?"
                            r"(?:介绍|通报|汇报|回顾)")
_REFERENCE_SPAN = 600  # characters of the body a review's reference time is looked for in
_PERIOD_TITLE = re.compile(r"[“\"]?十([一二三四五])五[”\"]?[^\n。]{0,20}?(?:回顾|总结|成就|成效|时期|期间)")


def period_end(name: str) -> int:
    """The last year of a five-year plan period: 十五 2005, 十一五 2010 … 十三五 2020, 十五五 2030."""
    return 2005 + 5 * " 一二三四五".index(name[1:-1] or " ")


def document_year(ents: list[Span], text: str, body_start: int = 0) -> int | None:
    """The year a report's figures are about: the year before the one a plan's title plans for; the
    last year of the five-year period a review's title names; the time its opening says its figures are
    taken at (以2023年底为评估时点) or the year it says it reviews (我就2023年…情况作简要介绍); else the first year its title or byline names (a DATE in the first
    ``_TITLE`` characters from ``body_start``, where the text begins after any web page chrome); else the
    year its DATE phrases name most often (earliest on ties), a base or compared time (由2016年的, 比2015年,
    2016年以来) counting for neither; else the year of a numeric date stamp (2021-03-15) near its top;
    else the year its text names most often."""
    title = title_lines(text[body_start:])
    plan = _PLAN_TITLE.search(title)
    if plan:
        return int(plan.group(1)) - 1
    reference = (_REFERENCE_TIME.search(text, body_start, body_start + _REFERENCE_SPAN)
                 or _REVIEWED_YEAR.search(text, body_start, body_start + _REFERENCE_SPAN))
    if reference:
        return int(reference.group(1))
    # 由2016年的48个, 比2015年, 2016年以来: a base or compared time is no report's year
    dated = [(e.start_char, int(y)) for e in ents if e.label_ == "DATE" and not _SINCE.search(e.text)
             and not _BASE_TIME.search(text, max(0, e.start_char - 2), e.start_char) for y in _YEAR.findall(e.text)]
    titled = [year for start, year in dated if body_start <= start < body_start + _TITLE]
    period = _PERIOD_TITLE.search(title)
    if period and not _YEAR.search(title, 0, period.start()):
        return period_end(f"十{period.group(1)}五")
    if titled:
        return titled[0]
    years = [year for _, year in dated]
    if not years:  # 发布时间：2025-04-18 above 今年一季度…较2023年: the year the article is dated
        stamps = [m for m in _NUMERIC_DATE.finditer(text, 0, 2000) if "今天" not in text[max(0, m.start() - 6):m.start()]]
        if stamps:  # not a web page's 今天是:2022-04-05
            return int(stamps[0].group(1))
        years = [int(m.group(1)) for m in _YEAR.finditer(text, 0, 2000)
                 if not _BASE_TIME.search(text, max(0, m.start() - 2), m.start())]
    if not years:
        return None
    counts = Counter(years)
    top = max(counts.values())
    return next(y for y in years if counts[y] == top)


def spoken_year(text: str, body_start: int, report_year: int | None) -> int | None:
    """The year 今年, 去年 and 前年 count from: the year of a date line among the first lines (时间：2024年1月18日上午,
    发布日期：2018-01-26, 本报记者 周晓林 2024年4月15日: a line with a full date and no sentence), else the
    year a summary's title sums up (2024年工作总结及2025年工作计划: 明年 is 2025), else the year a plan's title
    plans for (2020年卫生健康工作要点: 今年 is 2020), else ``report_year``."""
    for line in text.split("\n", 8)[:8]:
        date = _FULL_DATE.search(line)
        if date and len(line.strip()) <= _DATE_LINE and not re.search(r"[，。,]|今天", line):
            return int(date.group(1) or date.group(2))
    title = title_lines(text[body_start:])
    summary = _SUMMARY_TITLE.search(title)  # 2024年工作总结及2025年工作计划: written at the end of 2024
    plan = _PLAN_TITLE.search(title)
    return int(summary.group(1)) if summary else int(plan.group(1)) if plan else report_year


def body_start(doc: Doc, text: str) -> int:
    """Where a Doc's text begins after the boilerplate lines (web chrome, spam) and blank lines at its top."""
    spans = boilerplate_spans(doc)
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip() and not any(s < end and start < e for s, e in spans):
            return start
        start = end + 1
    return 0


def title_lines(text: str) -> str:
    """The title and subtitle: the first two lines with words, each cut at ``_TITLE_LINE`` characters."""
    lines = [line.strip()[:_TITLE_LINE] for line in text[:_TITLE].split("\n") if line.strip()]
    return "\n".join(lines[:2])


def home_region(doc: Doc, text: str) -> regions.HomeRegion | None:
    """The caller's region hint on the Doc, else the region the text says it is about."""
    hint = doc.user_data.get(HINT_KEY)
    return regions.home_from_hint(hint) if hint else regions.infer_home(text)


def year_of(date_text: str | None, default_year: int | None, spoken: int | None = None) -> int | None:
    """The year a date phrase names (上年 counts back from ``default_year``, 去年 from the ``spoken`` year
    when given (:func:`spoken_year`), “十二五”末 is 2015), else ``default_year``."""
    if date_text:
        if _SPAN_START.search(date_text):
            return default_year  # 2019年以来累计投入2.76亿元: a span's start is no year its total holds for
        found = _YEAR.search(date_text)
        if found:
            return int(found.group(1))
        period = _PERIOD_END.search(date_text)
        if period:
            return period_end(period.group(1))
        for word, delta in _RELATIVE_YEAR.items():
            base = spoken if word in _SPOKEN and spoken is not None else default_year
            if word in date_text and base:
                return base + delta
    return default_year
