"""Noise injection: make a clean annotated report look like the seeds, annotations carried along.

Each transform rewrites the text as a list of (character, source index) and the
entities follow through that map, so that a noisy document keeps exact gold
spans: a span runs from the first copy of its first character to the first copy
of its last character, the convention the cleaning step's offset map reports.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import lru_cache

from ..extras import require

_HAN_LOW, _HAN_HIGH = "\u4e00", "\u9fff"
_CHROME_TOP = [
    "首页 > 政务公开 > 工作总结",
    "• 今天是:{date} 星期{weekday}",
    "• 网站地图  • 无障碍浏览  • 个人中心",
    "当前位置：首页 > 信息公开 > 规划计划",
    "娱乐城 真人棋牌 注册即送彩金",
]
_CHROME_BOTTOM = [
    "扫一扫在手机打开当前页面",
    "【打印本页】 【关闭窗口】 分享到：",
    "主办单位：{org}  网站标识码：{code}",
    "版权所有 Copyright 2021 ICP备{icp}号",
    "联系电话：0{area}-{phone}  为确保最佳浏览效果，建议使用主流浏览器",
    "博彩平台推荐 赌球网站 百家乐 线上娱乐官网",
]

Chars = list[tuple[str, int | None]]


def _is_han(char: str) -> bool:
    return _HAN_LOW <= char <= _HAN_HIGH


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(chars: Chars, rng: random.Random) -> Chars:
    text = "".join(c for c, _ in chars)
    converted = _s2t().convert(text)
    if len(converted) != len(text):
        converted = "".join(_s2t().convert(c) or c for c in text)
    return [(new, src) for new, (_, src) in zip(converted, chars)]


def add_pinyin(chars: Chars, rng: random.Random, rate: float = 0.35) -> Chars:
    """衛生 -> 衛(wèi)生: toned pinyin after some characters, as web pages that gloss characters do."""
    require("pypinyin", "train", "pinyin noise")
    from pypinyin import Style, pinyin

    out: Chars = []
    for char, src in chars:
        out.append((char, src))
        if _is_han(char) and rng.random() < rate:
            reading = pinyin(char, style=Style.TONE, errors="ignore")
            if reading and reading[0] and not reading[0][0].isascii():  # toned readings only
                out.extend((c, None) for c in f"({reading[0][0]})")
    return out


def double_lines(chars: Chars, rng: random.Random, rate: float = 0.5) -> Chars:
    """PDF extraction doubling: some lines written as runs of segments, each segment twice (spaces once)."""
    out: Chars = []
    for line in _lines(chars):
        if len(line) < 6 or rng.random() >= rate:
            out.extend(line)
            continue
        segment: Chars = []
        size = rng.randint(1, 6)
        for item in line:
            if item[0].isspace():
                out.extend(segment + segment + [item])
                segment, size = [], rng.randint(1, 6)
                continue
            segment.append(item)
            if len(segment) == size:
                out.extend(segment + segment)
                segment, size = [], rng.randint(1, 6)
        out.extend(segment + segment)
    return out


def wrap_lines(chars: Chars, rng: random.Random) -> Chars:
    """Hard line breaks at a column width inside paragraphs, sometimes with a blank line (a page break)."""
    width = rng.randint(14, 22)
    out: Chars = []
    column = 0
    for index, (char, src) in enumerate(chars):
        out.append((char, src))
        column = 0 if char == "\n" else column + 1
        following = chars[index + 1][0] if index + 1 < len(chars) else "\n"
        if column >= width and (_is_han(following) or following.isdigit()):
            out.append(("\n", None))
            if rng.random() < 0.05 and _is_han(char) and _is_han(following):
                out.append(("\n", None))
            column = 0
    return out


def space_out(chars: Chars, rng: random.Random, rate: float = 0.08) -> Chars:
    """Spaces inside words and between numbers and units (人 口 出 生 率, 43417 人)."""
    out: Chars = []
    for index, (char, src) in enumerate(chars):
        out.append((char, src))
        following = chars[index + 1][0] if index + 1 < len(chars) else "\n"
        inside_number = char.isascii() and following.isascii()  # PDFs keep 43417 and 6.79 whole
        if char != "\n" and following != "\n" and not inside_number and rng.random() < rate:
            out.append((" ", None))
    return out


def wrap_in_chrome(chars: Chars, rng: random.Random) -> Chars:
    """Web chrome and spam lines around the page."""
    fill = {"date": f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "weekday": rng.choice("一二三四五六日"), "org": "市卫生健康委员会办公室",
            "code": str(rng.randint(10**9, 10**10 - 1)), "icp": str(rng.randint(10**7, 10**8 - 1)),
            "area": str(rng.randint(10, 999)), "phone": str(rng.randint(10**6, 10**8 - 1))}
    top = [line.format(**fill) for line in rng.sample(_CHROME_TOP, 3)]
    bottom = [line.format(**fill) for line in rng.sample(_CHROME_BOTTOM, 3)]
    head = "\n".join(top) + "\n\n"
    tail = "\n\n" + "\n".join(bottom) + "\n"
    return [(c, None) for c in head] + chars + [(c, None) for c in tail]


TRANSFORMS: dict[str, Callable[[Chars, random.Random], Chars]] = {
    "traditional": to_traditional,
    "pinyin": add_pinyin,
    "broken_lines": wrap_lines,
    "spaces": space_out,
    "pdf_doubling": double_lines,
    "boilerplate": wrap_in_chrome,
}


# The kinds of noise the seed reports show, as they come together in real documents.
PROFILES: dict[str, list[str]] = {
    "pdf": ["broken_lines", "spaces", "pdf_doubling"],      # seed 000: a newspaper page through PDF extraction
    "wrapped": ["broken_lines", "spaces"],                   # seed 002: hard-wrapped text
    "web": ["boilerplate"],                                  # seed 003: a government page inside spam
    "glossed": ["traditional", "pinyin", "boilerplate"],     # seed 004: traditional characters glossed with pinyin
}


def _lines(chars: Chars) -> list[Chars]:
    lines, current = [], []
    for item in chars:
        current.append(item)
        if item[0] == "\n":
            lines.append(current)
            current = []
    if current:
        lines.append(current)
    return lines


def inject(record: dict, kinds: list[str], seed: int = 0) -> dict:
    """A noisy copy of a corpus record: the text rewritten by ``kinds`` in order, spans carried along."""
    rng = random.Random(seed)
    chars: Chars = [(c, i) for i, c in enumerate(record["text"])]
    for kind in kinds:
        chars = TRANSFORMS[kind](chars, rng)
    first_position: dict[int, int] = {}
    for position, (_, src) in enumerate(chars):
        if src is not None:
            first_position.setdefault(src, position)
    entities = [{**e, "start": first_position[e["start"]], "end": first_position[e["end"] - 1] + 1}
                for e in record["entities"]]  # with the entity's attributes (breakdown, construction, year)
    meta = {**record.get("meta", {}), "noise": list(kinds)}
    return {**record, "id": f"{record['id']}__{'+'.join(kinds)}", "source": "noisy",
            "text": "".join(c for c, _ in chars), "entities": entities, "meta": meta}
