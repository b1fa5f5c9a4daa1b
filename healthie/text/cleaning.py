"""Text cleaning with an offset map back to the original text.

``clean(raw)`` returns a :class:`CleanText`: the cleaned text, and for every
cleaned character the index of the original character it came from, so that a
span found on the clean text is reported in original offsets (SPEC section 5).
Each step edits the text through :func:`_apply_edits`, which composes the maps.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# read before the width is normalised, so in either width of bracket
_PINYIN_RE = re.compile(rf"(?<=\S)[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]"
                        rf"|(?<=[{_HAN}])[(（](?:de|le|zi|men|me|ma|ne|ba|zhe|tou)[)）]")
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "／": "/", "＋": "+", "－": "-", "（": "(", "）": ")",
                   "～": "~", "＜": "<", "＞": ">", "＝": "=", "\u3000": " ", "\xa0": " "})
_ASCII_QUOTED = re.compile(rf'"(?=[^"\n]{{0,19}}[{_HAN}])[^"\n]{{1,20}}"')  # a pair of ASCII quotes around words
_FULLWIDTH_RE = re.compile("[" + re.escape("".join(_FULLWIDTH)) + "]")
_TERMINAL = set("。！？；：!?;:")
_CELL_GAP = re.compile(r"\S(?:\t|[ \u3000]{2,}|\s*\|\s*)(?=\S)")  # between two cells of a table row
_BOILERPLATE_WORDS = re.compile(
    r"娱乐(?!场所|业)|博彩|赌博|赌球|棋牌|彩票平台|ICP备|公网安备|网站标识码|主办单位|承办单位|联系电话|联系地址|"
    r"扫一扫|手机打开|浏览效果|浏览器|版权所有|Copyright|今天是|个人中心|当前位置|无障碍(?!设施|环境|通道|改造)|"
    r"上一篇|下一篇|打印本页|关闭窗口|分享到|责任编辑|来源[:：]|点击数|阅读次数"
)
_TWO_CELL_ROW = re.compile(r"[ \u3000]*(?:\|[ \u3000]*)?(?![一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十\d]+[章节条部篇]"
                           r"|\d+[.、．])[^|\t\n]*?[\u4e00-\u9fff）)][^|\t\n]*?[ \u3000]*[|\t][ \u3000]*"
                           r"[-+≥≤<>]?\d[\d,.]*(?:%|‰)?[ \u3000]*\|?[ \u3000]*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_TRAILING_DIGITS = re.compile(r"(?<![\d.,])\d{1,4}$")  # 20 of 2021年    20⏎22年, 2019 of 2019⏎年
_YEAR_REST = re.compile(r"(\d{0,3})年")
_NUMBERS_BUT_YEARS = re.compile(r"\d(?!\d*年)")  # a digit that is not in a year (2017年)
_TWO_CELL_MAX = 80  # characters: a label and one number
_CLAUSE_MARK = re.compile(r"[，。；！？;]|,(?!\d)")  # not the comma inside 1,200
_PROSE_HAN = 8
_PAGE_NUMBER = re.compile(r"[ \t\u3000]*(?:[—\-－–]{1,2}[ \t\u3000]*\d{1,3}[ \t\u3000]*[—\-－–]{1,2}"
                          r"|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[/，,]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t\u3000]*")
_RUNNING_HEADER = 40  # characters: a report's title repeated at the top of each page
_LINE_CELL = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?|[-—–]{1,2}|…")  # a cell alone on its line
_LABEL_LINE = re.compile(r"(?:其中[:：])?[\u4e00-\u9fff][^，。；;,|\t]{0,24}")  # a row label, or its first half
_UNIT_LINE_START = re.compile(r"(?:计量)?单位[:：]")
_WRAPPED_HALF = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff（）()]{0,5}")  # the end of a row label wrapped onto a line
_SPACE_ROW = re.compile(r"[\u4e00-\u9fff][^\s\d]*(?: [-+]?\d[\d,]*(?:\.\d+)?%?){2,}")  # 出院人次（万） 9.01 9.87 9.6%
_LINE = re.compile(r"[^\n]*")
_SPACE_HEADER = re.compile(r"[^\s，。；]{1,12}(?: [^\s，。；]{1,12}){2,}")  # 指标 2022年 2023年 增减
_HEADER_LINE = re.compile(r"[^，。；;,|\t]{1,16}")  # a header cell alone on its line
_BROKEN_PARAGRAPH = 30  # characters a paragraph holds before a break inside its sentence is believed
_CLOSING = set("”」』）)…—")  # a quote, an aside or a dash that closes a title or a caption
_LIST_MARK = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d)|第[一二三四五六七八九十]+|[•·□■●▲—-]")
_SHORT_LINE = 60  # longer lines are judged piece by piece
_PIECE = re.compile(r"[^。！？；!?;\t\u3000]+(?:[。！？；!?;]|(?=[\t\u3000])|$)|[\t\u3000]+")
_HTML_PAGE = re.compile(r"<(?:!doctype\s+html|html|head|body)\b[^<>]*>", re.I)
_HTML_KNOWN_TAG = re.compile(r"</?(?:div|p|br|span|table|td|th|tr|li|ul|ol|h[1-6]|a|b|i|strong|em|font|img|meta|"
                             r"link|title|script|style|section|article|header|footer|nav)\b[^<>]*>", re.I)
_HTML_FRAGMENT_TAGS = 4  # a text without <html>, <head>, <body> or a doctype is HTML when it has this many tags
# scripts, styles and comments; one left open (a page cut short) runs to the end
_HTML_DROP = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)", re.I | re.S)
_HTML_BLOCK = re.compile(r"</?(?:p|div|br|tr|li|ul|ol|h[1-6]|table|section|article|header|footer|title|td|th|nav)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"</?[a-zA-Z!][^<>]*>")
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,5});")
_SURROGATE = "[\ud800-\udfff]"
# Invisible characters that PDF and web text leave inside words and numbers (434\u200b17人): format
# characters (zero-width space and joiners, soft hyphen, word joiner, BOM) and control characters; not the
# form feed, which breaks pages (between a PDF's pages) and so lines.
_INVISIBLE = "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]+"
_CONTROL = re.compile(f"(?P<surrogate>{_SURROGATE})|(?P<invisible>{_INVISIBLE})|(?P<page>\f)")
_MAX_DOUBLED_SEGMENT = 24
_NUMBER_PART = re.compile(r"[\d,.%‰|\s+\-≥≤<>~]+")  # numbers and table gaps: 80.5 | 80.5 is two cells, not doubling
_MAX_UNDOUBLE_LINE = 4000
_NUMBER_CHARS = "0123456789.,"
_NUMBER_RUN = re.compile(r"[\d.,]*\d")
_WELL_FORMED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_RUN_PAST = 0.2  # hard-wrapped text: at most this share of its lines run past the width (corpus: <= 0.07, else >= 0.5)
# what every accepted group contains: a doubled segment of 3 or more characters, or 3 doubled segments
# in a row; searched in C first, so that the programme below runs on the few lines that may hold one
_MAYBE_DOUBLED = re.compile(r"(\S.{2,%d})\1|(?:(\S.{0,%d})\2\s*){3}" % (_MAX_DOUBLED_SEGMENT - 1, _MAX_DOUBLED_SEGMENT - 1))


@dataclass
class CleanText:
    """Cleaned text, its map to the original, and the boilerplate lines (clean offsets).

    ``offsets[i]`` is where clean character i starts in the original; ``wide`` holds, for the few
    characters whose source is longer than one character (an HTML entity), where that source ends.
    """

    original: str
    text: str
    offsets: list[int]
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    wide: dict[int, int] = field(default_factory=dict)

    def source_end(self, index: int) -> int:
        return self.wide.get(index, self.offsets[index] + 1)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span [start, end) to the original span it came from."""
        if end <= start:
            point = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return point, point
        return self.offsets[start], self.source_end(end - 1)

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span [start, end) to the clean span of the characters it keeps."""
        return bisect.bisect_left(self.offsets, start), bisect.bisect_left(self.offsets, end)

    def in_boilerplate(self, start: int, end: int) -> bool:
        """Whether a clean span overlaps a boilerplate line."""
        return any(start < b_end and b_start < end for b_start, b_end in self.boilerplate)


def clean(raw: str) -> CleanText:
    """Clean a report: HTML, width, script, pinyin, PDF doubling, broken lines; mark boilerplate.

    Nine passes, each on what the one before it left: characters that are not text, HTML, the
    characters' forms (width, traditional script, pinyin), PDF doubling, page numbers and running
    headers, tables extracted one cell a line (made rows), tables with one space between cells (given
    tabs), table rows broken by wrapping (so that the next pass sees whole rows), broken lines."""
    text, offsets, wide = raw, list(range(len(raw))), {}
    for step in (_control_characters, _strip_html, _character_forms, _undouble, _page_furniture, _cell_per_line,
                 _space_table, _join_table_rows, _join_broken):
        text, offsets, wide = _apply_edits(text, offsets, wide, step(text))
    return CleanText(raw, text, offsets, _boilerplate_lines(text), wide)


def _apply_edits(text: str, offsets: list[int], wide: dict[int, int], edits: list[tuple[int, int, str]]):
    """Apply sorted, non-overlapping (start, end, replacement) edits and carry the map along.

    A replacement's characters take the sources of the replaced characters in turn; its last
    character also covers the rest of the replaced source (so &#8240; -> ‰ covers all seven).
    """
    if not edits:
        return text, offsets, wide
    pieces, new_offsets, new_wide, cursor = [], [], {}, 0
    wide_keys = sorted(wide)

    def keep(start: int, stop: int) -> None:
        shift = len(new_offsets) - start
        for index in wide_keys[bisect.bisect_left(wide_keys, start):bisect.bisect_left(wide_keys, stop)]:
            new_wide[index + shift] = wide[index]
        new_offsets.extend(offsets[start:stop])

    for start, end, replacement in edits:
        pieces.append(text[cursor:start])
        keep(cursor, start)
        pieces.append(replacement)
        last = max(start, end - 1)
        for k in range(len(replacement)):
            source = min(start + k, last)
            new_offsets.append(offsets[source])
            covered_to = last if k == len(replacement) - 1 else source
            source_end = wide.get(covered_to, offsets[covered_to] + 1)
            if source_end != offsets[source] + 1:
                new_wide[len(new_offsets) - 1] = source_end
        cursor = end
    pieces.append(text[cursor:])
    keep(cursor, len(text))
    return "".join(pieces), new_offsets, new_wide


def _control_characters(text: str):
    """Lone surrogates (from broken UTF-16) become U+FFFD, as no encoder downstream accepts them;
    invisible characters go; a page break is a line break, so that a paragraph running on to the
    next page is joined like a wrapped one."""
    return [(m.start(), m.end(), "\ufffd" if m.lastgroup == "surrogate" else "\n" if m.lastgroup == "page" else "")
            for m in _CONTROL.finditer(text)]


def _strip_html(text: str):
    """An HTML page: tags, scripts, styles and comments out, block ends as line breaks, entities decoded.
    Plain text is left whole, whatever it says about tags (a report that mentions <style>, or a<b)."""
    if not _is_html(text):
        return []
    edits = [(m.start(), m.end(), "") for m in _HTML_DROP.finditer(text)]
    edits += [(m.start(), m.end(), "\n") for m in _HTML_BLOCK.finditer(text)]
    edits += [(m.start(), m.end(), "") for m in _HTML_TAG.finditer(text)]
    edits += [(m.start(), m.end(), html.unescape(m.group())[:1]) for m in _HTML_ENTITY.finditer(text)]
    return _non_overlapping(sorted(edits, key=lambda e: (e[0], -e[1])))


def _is_html(text: str) -> bool:
    """A web page or fragment: a doctype or an <html>, <head> or <body> tag, or several HTML tags."""
    if _HTML_PAGE.search(text):
        return True
    return len(list(islice(_HTML_KNOWN_TAG.finditer(text), _HTML_FRAGMENT_TAGS))) == _HTML_FRAGMENT_TAGS


def _character_forms(text: str):
    """Full-width letters, digits and signs to ASCII, traditional characters to simplified, a pair of ASCII
    quotes around words to Chinese ones, and the pinyin after a character (醫(yī)) out; the pinyin's removal wins over the width of its brackets."""
    edits = [(m.start(), m.end(), "") for m in _PINYIN_RE.finditer(text)]
    edits += [(m.start(), m.end(), _FULLWIDTH[m.group()]) for m in _FULLWIDTH_RE.finditer(text)]
    edits += _to_simplified(text)
    for quoted in _ASCII_QUOTED.finditer(text):  # "三公"经费 as “三公”经费: a quoted word inside a phrase
        edits += [(quoted.start(), quoted.start() + 1, "“"), (quoted.end() - 1, quoted.end(), "”")]
    return _non_overlapping(sorted(edits, key=lambda e: (e[0], -e[1])))


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("hk2s")  # Hong Kong forms too (衞, 牀, 綫); t2s keeps 衞


def _to_simplified(text: str):
    converter = _converter()
    edits = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        converted = converter.convert(line)
        if converted == line:
            continue
        if len(converted) != len(line):  # a phrase changed length: convert char by char
            converted = "".join(converter.convert(ch) or ch for ch in line)
            if len(converted) != len(line):
                continue
        offset = match.start()
        edits.extend((offset + i, offset + i + 1, new)
                     for i, (old, new) in enumerate(zip(line, converted)) if old != new)
    return edits


def _undouble(text: str):
    edits = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if len(line) < 4 or len(line) > _MAX_UNDOUBLE_LINE:
            continue
        for start, length in _doubled_runs(line):
            edits.append((match.start() + start + length, match.start() + start + 2 * length, ""))
    return edits


def _doubled_runs(line: str) -> list[tuple[int, int]]:
    """Segments written twice in a row (PDF doubling), as (start, length) of the first copy.

    A dynamic programme covers the line with the most doubled characters (ties: fewer
    segments); a group of adjacent doubled segments counts only when it is long or
    varied enough that ordinary text would not produce it (人人, 研究研究 and a value
    such as 1111 stay as they are).
    """
    if not _MAYBE_DOUBLED.search(line):
        return []
    n = len(line)
    best = [(0, 0)] * (n + 1)  # (covered, -segments) from i to the end
    choice = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i], choice[i] = best[i + 1], 0
        if line[i].isspace():
            continue
        for length in range(1, min(_MAX_DOUBLED_SEGMENT, (n - i) // 2) + 1):
            if line[i:i + length] == line[i + length:i + 2 * length]:
                covered, neg_segments = best[i + 2 * length]
                candidate = (covered + 2 * length, neg_segments - 1)
                if candidate > best[i]:
                    best[i], choice[i] = candidate, length
    runs, group, i = [], [], 0
    while i < n:
        length = choice[i]
        if length:
            group.append((i, length))
            i += 2 * length
            continue
        if not line[i].isspace():
            runs.extend(_accepted(group, line))
            group = []
        i += 1
    runs.extend(_accepted(group, line))
    return runs


def _accepted(group: list[tuple[int, int]], line: str) -> list[tuple[int, int]]:
    if not group:
        return []
    if all(_NUMBER_PART.fullmatch(line[s:s + n]) for s, n in group):
        # 1111, 1,000,000,000: a number, not doubling; but 56.356.3 and 68,6268,6200 are no numbers, 56.3 and 68,620 are
        return group if _ill_formed(line, group) else []
    if len(group) >= 3 or sum(n for _, n in group) >= 6:
        return group
    return []


def _ill_formed(line: str, group: list[tuple[int, int]]) -> bool:
    """Whether the numbers a group of doubled number parts lies in are ill-formed as written and
    well-formed once undoubled (two decimal points, a thousands group that is not three digits). A
    doubled part that opens with a point or comma is a section's or a date's (3.1.1, 2020.10.10)."""
    if any(line[s] in ".," for s, _ in group):
        return False
    start, end = group[0][0], group[-1][0] + 2 * group[-1][1]
    while start and line[start - 1] in _NUMBER_CHARS:
        start -= 1
    while end < len(line) and line[end] in _NUMBER_CHARS:
        end += 1
    kept, at = [], start
    for s, n in group:
        kept.append(line[at:s + n])
        at = s + 2 * n
    kept.append(line[at:end])

    def well_formed(text: str) -> bool:
        return all(_WELL_FORMED_NUMBER.fullmatch(number) for number in _NUMBER_RUN.findall(text))

    return not well_formed(line[start:end]) and well_formed("".join(kept))


def _page_furniture(text: str):
    """A page's number line (— 12 —, 第3页) and a running header right under it (a line the text repeats)
    go; a sentence they break (比上年缩⏎— 12 —⏎公报⏎短0.4天) is joined, as a wrapped line is."""
    lines = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]*", text)
             if m.start() == 0 or text[m.start() - 1] == "\n"]
    if not any(_PAGE_NUMBER.fullmatch(line) for _, _, line in lines):
        return []
    repeated = Counter(line.strip() for _, _, line in lines if line.strip())
    edits = []
    for index, (start, end, line) in enumerate(lines):
        if not _PAGE_NUMBER.fullmatch(line):
            continue
        after = index + 1
        while after < len(lines) and not lines[after][2].strip():
            after += 1
        header = lines[after][2].strip() if after < len(lines) else ""
        if (repeated[header] >= 2 and len(header) <= _RUNNING_HEADER and not _CLAUSE_MARK.search(header)
                and not _PAGE_NUMBER.fullmatch(header)):
            end = lines[after][1]
            after += 1
            while after < len(lines) and not lines[after][2].strip():
                after += 1
        before = index - 1
        while before >= 0 and not lines[before][2].strip():
            before -= 1
        previous = lines[before][2].strip() if before >= 0 else ""
        following = lines[after][2].strip() if after < len(lines) else ""
        if (len(previous) >= 8 and _HAN_RE.search(previous) and previous[-1] not in _TERMINAL | _CLOSING
                and following and not is_table_row(following) and not is_table_row(previous)
                and (_HAN_RE.match(following) or following[0].isdigit())):
            edits.append((lines[before][1], lines[after][0], ""))  # the sentence goes on across the page
        else:
            edits.append((start, min(end + 1, len(text)), ""))
    return _non_overlapping(sorted(edits))


def _cell_per_line(text: str):
    """A table that PDF extraction wrote one cell a line (医疗卫生机构⏎326⏎322⏎1.2⏎乡镇卫生院⏎16…) becomes pipe
    rows (医疗卫生机构 | 326 | 322 | 1.2), with its header cells when the lines above hold as many: at least
    two rows of a label (on one or two lines) and the same number of number cells each."""
    lines = [(m.start(), m.end(), m.group().strip()) for m in re.finditer(r"[^\n]*", text)
             if m.start() == 0 or text[m.start() - 1] == "\n"]
    if sum(1 for _, _, line in lines if _LINE_CELL.fullmatch(line)) < 4:
        return []
    edits, index = [], 0
    while index < len(lines):
        rows, end = _cell_rows(lines, index)
        if len(rows) < 2:
            index += 1
            continue
        if len(rows[0][0]) == 2 and all(len(label) == 1 for label, _ in rows[1:]):
            second = lines.index(rows[0][0][1])  # 卫生技术人员⏎延平区⏎612: the header's last cell, not a wrapped label
            alone, alone_end = _cell_rows(lines, second)
            if len(alone) == len(rows) and alone_end == end:
                rows, index = alone, second
        width = len(rows[0][1])
        header = lines[index - width - 1:index] if index > width else []
        if len(header) == width + 1 and all(_HEADER_LINE.fullmatch(line) for _, _, line in header):
            rows.insert(0, ([header[0]], header[1:]))
        for label, cells in rows:
            pieces = label + cells
            edits += [(a[1], b[0], "" if b in label[1:] else " | ") for a, b in zip(pieces, pieces[1:])]
        edits += [(a[-1][1], b[0][0] - 1, "") for (_, a), (b, _) in zip(rows, rows[1:]) if b[0][0] - 1 > a[-1][1]]
        index = end
    return sorted(edits)


def _space_table(text: str):
    """A table whose cells one space parts (门急诊人次（万） 212.3 238.6 12.4%) gets tabs between its cells, so
    that it reads as the rows of a table: at least two rows of a label and the same number of number
    cells, and the header line above them when it has as many cells."""
    edits, run = [], []
    for line in [*re.finditer(r"[^\n]+", text), None]:
        row = _SPACE_ROW.fullmatch(line.group()) if line is not None else None
        if row is not None and (not run or (len(line.group().split()) == len(run[-1].group().split())
                                            and text.count("\n", run[-1].end(), line.start()) == 1)):
            run.append(line)
            continue
        if len(run) >= 2:
            above = text.rfind("\n", 0, max(0, run[0].start() - 1)) + 1
            header = text[above:max(above, run[0].start() - 1)]
            cells = len(run[0].group().split())
            first = [_LINE.match(text, above)] if _SPACE_HEADER.fullmatch(header) and len(header.split()) == cells else []
            for found in first + run:
                edits += [(found.start() + m.start(), found.start() + m.end(), "\t")
                          for m in re.finditer(r"(?<=\S) (?=\S)", found.group())]
        run = [line] if row is not None else []
    return edits


def _cell_rows(lines: list[tuple[int, int, str]], index: int) -> tuple[list, int]:
    """The rows of a one-cell-a-line table from ``lines[index]``, each (label lines, cell lines) with the
    same number of cells, and the index after the last; blank lines between rows are passed over."""
    rows, width = [], None
    while index < len(lines):
        at = index
        while at < len(lines) and not lines[at][2]:
            at += 1
        label = [lines[at]] if at < len(lines) and _LABEL_LINE.fullmatch(lines[at][2]) else []
        if label and at + 1 < len(lines) and _WRAPPED_HALF.fullmatch(lines[at + 1][2]) and lines[at][2][-1] not in "）)%":
            label.append(lines[at + 1])  # 其中：执业（助理）医⏎师
        at += len(label)
        cells = []
        while at < len(lines) and _LINE_CELL.fullmatch(lines[at][2]):
            cells.append(lines[at])
            at += 1
        if not label or not cells or (width is not None and len(cells) != width):
            break
        width = len(cells)
        rows.append((label, cells))
        index = at
    return rows, index


def _join_table_rows(text: str):
    """In hard-wrapped text, line breaks inside a table row: after a cell's padding (病床使用率（%）   ⏎81.6),
    after a cell separator (医师（人） |⏎3,102) or inside a number (7,9⏎90 | 7,862), on a line that reached the
    wrapping width; a short text's rows are not taken for wrapped lines."""
    width = _hard_wrapped_width(text, lines=3)
    if not width:
        return []
    lines = text.split("\n")
    breaks = [len(line) >= width - 3 and line.strip() != "" and following[:1].strip() != ""
              for line, following in zip(lines, lines[1:])]  # where a wrap may have broken a line
    joined = [wrap and _row_goes_on(line, following) for wrap, line, following in zip(breaks, lines, lines[1:])]
    rows = _joined_rows(lines, joined)
    pipes = [sum(line.count("|") for line in lines[first:last + 1]) for first, last in rows]
    cells = Counter(count for count in pipes if count >= 2).most_common(1)
    if cells:  # a row broken inside a cell's text (2022⏎年|增减): its two parts make one row of the usual width
        for (_, last), count, following in zip(rows, pipes, pipes[1:]):
            joined[last] = joined[last] or (breaks[last] and 0 < count < cells[0][0] and count + following == cells[0][0])
    _join_header_pieces(lines, breaks, joined)
    edits, end = [], -1
    for line, join in zip(lines, joined):
        end += len(line) + 1  # the line break after ``line``
        if join:
            edits.append((end, end + 1, ""))
    return edits


def _join_header_pieces(lines: list[str], breaks: list[bool], joined: list[bool]) -> None:
    """A space-aligned header broken inside its cells (总诊疗人次（万⏎人次）  出院人数): the pieces, lines of
    words without numbers, are joined when together they have the column gaps of the table's rows."""
    rows = _joined_rows(lines, joined)
    text_of = ["".join(lines[first:last + 1]) for first, last in rows]
    gaps = [len(_CELL_GAP.findall(row.strip())) if "|" not in row else -1 for row in text_of]
    data = Counter(g for g, row in zip(gaps, text_of) if g >= 2 and any(ch.isdigit() for ch in row)).most_common(1)
    if not data:
        return
    width = data[0][0]
    piece = [g >= 0 and not _NUMBERS_BUT_YEARS.search(row) and row.strip() != "" for g, row in zip(gaps, text_of)]
    at = 0
    while at < len(rows):
        total, end = gaps[at], at
        while piece[at] and 0 < total <= width and end + 1 < len(rows) and piece[end + 1] and breaks[rows[end][1]] \
                and (total < width or gaps[end + 1] == 0):  # 病⏎床使用率（%）: the last cell's rest
            end += 1
            total += gaps[end]
        if end > at and total == width:
            for row in range(at, end):
                joined[rows[row][1]] = True
        at = end + 1


def _joined_rows(lines: list[str], joined: list[bool]) -> list[tuple[int, int]]:
    """(first, last) index of the physical lines of each line as joined so far."""
    rows, first = [], 0
    for index in range(len(lines)):
        if index == len(joined) or not joined[index]:
            rows.append((first, index))
            first = index + 1
    return rows


def _hard_wrapped_width(text: str, lines: int = 1) -> int:
    """The width of a text whose prose is hard-wrapped, or 0: its lines outside tables share one width (on
    at least ``lines`` lines), and few run past it (short headings over long paragraphs are not wrapped)."""
    prose = [line.strip() for line in text.split("\n") if not is_table_row(line)]
    width = _typical_width("\n".join(prose), lines)
    lengths = [len(line) for line in prose if len(line) >= 8]
    return width if width and sum(length > width + 6 for length in lengths) <= _RUN_PAST * len(lengths) else 0


def _row_goes_on(line: str, following: str) -> bool:
    """Whether a wrapped table line runs on into the next: it ends in a cell's padding or a separator (not
    the closing bar of a | a | b | row), or breaks a number."""
    stripped = line.strip()
    if stripped[-1] in _TERMINAL:
        return False
    if line[-2:].isspace() or (stripped.endswith("|") and not stripped.startswith("|")):
        return True
    table_like = "|" in line or _CELL_GAP.search(stripped) is not None
    first_cell = re.split(r"\||\t|  ", following, maxsplit=1)[0]  # 90 of 90 | 7,862; not 0-6岁儿童健康管理率
    if table_like and _year_broken(line, following):
        return True
    return table_like and line[-1] in "0123456789.," and _NUMBER_PART.fullmatch(first_cell) is not None


def _year_broken(line: str, following: str) -> bool:
    """A header year broken by the wrap (2021年    20⏎22年), not a row ending in a number over a year's row."""
    end, start = _TRAILING_DIGITS.search(line), _YEAR_REST.match(following)
    return bool(end and start and _YEAR.fullmatch(end.group() + start.group(1)))



def _join_broken(text: str):
    """Remove spaces inside words and numbers, and line breaks inside wrapped paragraphs."""
    edits = []
    rows = _table_lines(text)
    row_starts = [start for start, _ in rows]
    for match in re.finditer(r"[ \t\u3000]+", text):
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before and after and not (before.isascii() and after.isascii()) and before != "\n" and after != "\n":
            if (end - start > 1 or "\t" in match.group()) and covered_by(rows, row_starts, start):
                continue  # a gap between table cells, not a space inside a word
            edits.append((start, end, ""))
    width = _hard_wrapped_width(text)
    for match in re.finditer(r"\n(?:[ \t]*\n)?", text):
        start, end = match.start(), match.end()
        line_start = text.rfind("\n", 0, start) + 1
        previous = text[line_start:start].strip()
        next_end = text.find("\n", end)
        following = text[end: next_end if next_end >= 0 else len(text)].strip()
        if _wrapped(previous, following, blank=end - start > 1, width=width) and not covered_by(rows, row_starts, end):
            edits.append((start, end, ""))
    edits.sort()
    return _non_overlapping(edits)


def _table_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the table rows, and of the header line right above a row (cells, no number)."""
    lines = [(m.span(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    row = [is_table_row(line) for _, line in lines]  # each line tested once
    return [span for index, (span, line) in enumerate(lines)
            if row[index] or (index + 1 < len(lines) and row[index + 1]
                              and len(_CELL_GAP.findall(line.strip())) >= (1 if is_two_cell_row(lines[index + 1][1]) else 2))]


def is_table_row(line: str) -> bool:
    """A line of three or more cells (split by tabs, runs of spaces or pipes) with a number in it, or a
    label and one number split by a pipe or a tab (孕产妇系统管理率（%） | 94.2)."""
    if "|" not in line and "\t" not in line and "  " not in line and "\u3000" not in line:
        return False  # no gap between cells: most lines of prose are answered here
    return (len(_CELL_GAP.findall(line.strip())) >= 2 and any(ch.isdigit() for ch in line)) or is_two_cell_row(line)


def is_two_cell_row(line: str) -> bool:
    """A row of a two-column table: a label with Han characters, a pipe or a tab, one number. Not a line
    of a table of contents (一、基本情况\t1, 第二章 …\t5)."""
    if len(line) > _TWO_CELL_MAX or ("|" not in line and "\t" not in line):
        return False  # the pattern is only tried on short lines with a separator
    return _TWO_CELL_ROW.fullmatch(line) is not None


def covered_by(spans: list[tuple[int, int]], starts: list[int], index: int) -> bool:
    """Whether ``index`` lies in one of the sorted, disjoint ``spans`` (``starts``: their starts)."""
    at = bisect.bisect_right(starts, index) - 1
    return at >= 0 and index < spans[at][1]


def _typical_width(text: str, lines: int = 1) -> int:
    """The column width of text wrapped by PDF extraction (seen on at least ``lines`` lines), or 0 when
    lines are paragraphs."""
    lengths = [len(line.strip()) for line in text.split("\n") if len(line.strip()) >= 8]
    if not lengths:
        return 0
    mode = max(set(lengths), key=lengths.count)
    near = sum(1 for length in lengths if abs(length - mode) <= 2)
    return mode if near >= max(lines, 0.3 * len(lengths)) else 0


def _wrapped(previous: str, following: str, blank: bool, width: int) -> bool:
    """Whether a line break between two lines falls inside a wrapped paragraph, or, in text of one
    paragraph a line, inside a sentence (全市需大病救治17093⏎⏎人,已救治17025人)."""
    if not previous or not following or previous[-1] in _TERMINAL:
        return False
    if is_boilerplate(previous) or is_boilerplate(following) or is_table_row(previous) or is_table_row(following):
        return False
    if _UNIT_LINE_START.match(following):
        return False  # 表2 …情况⏎单位：个、张、人: a table's unit line is a line of its own
    if not blank and _unit_goes_on(previous, following):
        return True
    if not width:
        return _broken_sentence(previous, following)
    if len(previous) < width - 3:
        return False
    return not blank or len(following) >= 8


def _unit_goes_on(previous: str, following: str) -> bool:
    """A number whose unit or scale the wrap cut off, whatever the width: 为4.05⏎‰, 为0/10⏎万, 9.3万毫⏎升 (the
    number grammar reads one value across the break; the line after it opens with no digit)."""
    from ..lexicons.numbers import scan_values  # the grammar reads clean text: imported when a break is judged

    if not previous[-1:].isdigit() and not re.search(r"\d[万亿千百]?[\u4e00-\u9fff]$", previous):
        return False
    if not following or following[0].isdigit() or following[0].isspace():
        return False
    if len(previous) < 8 or not _HAN_RE.search(previous):
        return False  # a table's cell on a line of its own (0.8⏎床位数) is no prose
    tail, head = previous[-12:], following[:6]
    return any(v.start < len(tail) < v.end for v in scan_values(tail + head))


def _broken_sentence(previous: str, following: str) -> bool:
    """A paragraph of prose that stops mid-sentence and a line of prose that goes on with it: not a
    heading, a list item, a caption or a title (none holds a clause mark and runs this long unfinished)."""
    return (len(previous) >= _BROKEN_PARAGRAPH and previous[-1] not in _CLOSING and len(following) >= 8
            and _CLAUSE_MARK.search(previous) is not None
            and not _LIST_MARK.match(previous) and not _LIST_MARK.match(following))


def _non_overlapping(edits):
    kept, last_end = [], -1
    for edit in edits:
        if edit[0] >= last_end:
            kept.append(edit)
            last_end = edit[1]
    return kept


def _boilerplate_lines(text: str) -> list[tuple[int, int]]:
    """Boilerplate spans: short lines, and in a long line (a flattened page) the short sentences or
    gap-separated pieces, that are web chrome; a long report sentence never is, whatever word it holds."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if len(match.group().strip()) <= _SHORT_LINE:
            if is_boilerplate(match.group()):
                spans.append(match.span())
            continue
        for piece in _PIECE.finditer(text, match.start(), match.end()):
            if len(piece.group().strip()) <= _SHORT_LINE and is_boilerplate(piece.group()):
                spans.append(piece.span())
    return spans


def _is_prose(line: str) -> bool:
    """A clause of a report: Han text with a number and clause punctuation, which footers and spam lack."""
    return (len(_HAN_RE.findall(line)) >= _PROSE_HAN and _CLAUSE_MARK.search(line) is not None
            and re.search(r"\d", line) is not None)


def is_boilerplate(line: str) -> bool:
    """Whether a line is web chrome or spam rather than report text: one web-chrome word does not make a
    line of report prose chrome (开展歌舞娱乐、游艺场所检查120家次；资金来源：中央财政1200万元), two do."""
    stripped = line.strip()
    if not stripped:
        return False
    words = _BOILERPLATE_WORDS.findall(stripped)
    if words:
        return len(words) > 1 or not _is_prose(stripped)
    if stripped.startswith(("•", "·", "|")) and len(stripped) <= 30 and not is_table_row(stripped):
        return True  # a menu's items, not a short row of a markdown table (| 总诊疗人次 | 12956.2 | 14200.4 |)
    if stripped.count(">") >= 2 and len(stripped) <= 80:  # breadcrumb trail
        return True
    return not _HAN_RE.search(stripped) and not re.search(r"\d", stripped)
