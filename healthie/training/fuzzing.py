"""Generated bad input for robustness checks: odd texts, broken files and long documents built from the seeds.

Each generator takes a ``random.Random`` and the seed texts and returns an :class:`Input`: the bytes of a
file to read back through :func:`healthie.text.reading.iter_documents`, as the command line does. Used by
``scripts/fuzz.py``, the bad-input tests and the long-document benchmark.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .noise import PROFILES, inject
from ..pipeline import REPO_ROOT


@dataclass
class Input:
    """A generated file: its kind, suffix and bytes, and the text a right reading gives (None: unknown)."""

    kind: str
    suffix: str
    data: bytes
    text: str | None = None


def seed_texts(folder: Path = REPO_ROOT / "seeds") -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def seed_sentences(texts: list[str]) -> list[str]:
    """The seeds' sentences that hold a digit, without line breaks: each a likely claim."""
    return [s.strip() for text in texts for s in re.findall(r"[^。！？\n]*\d[^。！？\n]*[。！？]", text) if s.strip()]


def long_line(sentences: list[str], size: int) -> str:
    """One line of at least ``size`` UTF-8 bytes: the sentences over and over, no line break."""
    parts, total = [], 0
    while total < size:
        for sentence in sentences:
            parts.append(sentence)
            total += len(sentence.encode("utf-8"))
            if total >= size:
                break
    return "".join(parts)


def many_lines(sentences: list[str], count: int, every: int = 50) -> str:
    """``count`` lines: a sentence every ``every`` lines, short headings and blank lines between them."""
    fillers = ["", "一、工作开展情况", "（略）", "——", "附件", " "]
    return "\n".join(sentences[i // every % len(sentences)] if i % every == 0 else fillers[i % len(fillers)]
                     for i in range(count))


def _fragment(rng: random.Random, texts: list[str], max_lines: int = 12) -> str:
    lines = rng.choice(texts).split("\n")
    start = rng.randrange(len(lines))
    return "\n".join(lines[start:start + rng.randint(1, max_lines)])


_RANGES = [(0x20, 0x7E), (0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0x20000, 0x2A6DF),
           (0x1F300, 0x1F64F), (0x0600, 0x06FF), (0x0590, 0x05FF), (0x0300, 0x036F), (0x200B, 0x200F),
           (0x202A, 0x202E), (0x2028, 0x2029), (0x80, 0x9F), (0xE000, 0xF8FF), (0xFFF0, 0xFFFF)]
_RARE_RANGES = [(0x0000, 0x001F), (0xD800, 0xDFFF)]  # controls and lone surrogates: a few make a file unreadable
_CLAIM_CHARS = "0123456789.%‰万亿余多人元个例年月，。、\n"


def random_text(rng: random.Random, size: int) -> str:
    """Any code points (emoji, right-to-left scripts, a few controls and surrogates), claim characters among them."""
    chars = []
    for _ in range(size):
        draw = rng.random()
        if draw < 0.4:
            chars.append(rng.choice(_CLAIM_CHARS))
        else:
            low, high = rng.choice(_RARE_RANGES if draw > 0.995 else _RANGES)
            chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def unicode_text(rng: random.Random, texts: list[str]) -> Input:
    return Input("unicode", ".txt", random_text(rng, rng.randint(0, 400)).encode("utf-8", "surrogatepass"))


def noisy_seed(rng: random.Random, texts: list[str]) -> Input:
    """A seed fragment through the noise the seeds show (PDF doubling, pinyin, traditional, web chrome)."""
    record = {"id": "x", "text": _fragment(rng, texts), "entities": []}
    text = inject(record, rng.choice(list(PROFILES.values())), seed=rng.randrange(2**31))["text"]
    return Input("noisy_seed", ".txt", text.encode("utf-8"), text)


_METRICS = ["出生人口数", "人口出生率", "孕产妇死亡率", "婴儿死亡率", "床位数", "总收入", "增长", "下降", "占", "排名第"]
_UNITS = ["", "人", "人次", "%", "‰", "/10万", "万人", "亿元", "万元", "元", "个", "家", "例", "个百分点", "余人", "多万"]


def _number(rng: random.Random) -> str:
    forms = [lambda: str(rng.randint(0, 10**rng.randint(1, 12))),
             lambda: f"{rng.uniform(0, 1000):.{rng.randint(1, 4)}f}",
             lambda: f"{rng.randint(1, 10**9):,}",
             lambda: rng.choice(["一百二十三", "两", "〇", "三千五百", "十", "第三", "百分之五"]),
             lambda: str(rng.randint(0, 99999)).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
             lambda: f"{rng.randint(1, 12)}-{rng.randint(1, 12)}月",
             lambda: f"{rng.choice('+-−')}{rng.uniform(0, 100):.1f}",
             lambda: "9" * rng.randint(20, 400)]
    return rng.choice(forms)()


def number_lines(rng: random.Random, texts: list[str]) -> Input:
    """Lines dense with numbers, units and scales, some of nothing but digits, some table rows."""
    lines = []
    for _ in range(rng.randint(1, 20)):
        draw = rng.random()
        if draw < 0.15:
            lines.append("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 80))))
        elif draw < 0.19:
            lines.append(rng.choice(_METRICS) + " " + " ".join(_number(rng) for _ in range(rng.randint(1, 6))))
        else:
            lines.append("，".join(f"{rng.choice(_METRICS)}{_number(rng)}{rng.choice(_UNITS)}"
                                  for _ in range(rng.randint(1, 8))) + rng.choice(["。", "", "；", "\t"]))
    text = "\n".join(lines)
    return Input("numbers", ".txt", text.encode("utf-8"), text)


_TAGS = ["<p>", "</p>", "<br>", "<br/>", "<div class='c'>", "</div>", "<b>", "</b>", "<span>", "</span>",
         "<td>", "</td>", "<tr>", "&nbsp;", "&amp;", "&#8240;", "&gt;", "&#x4e07;", "<!-- 旧数据 555人 -->",
         "<a href='x?a=1&b=2'>", "</a>", "<", ">", "<p", "&#99999999;", "<li>"]


def html_page(rng: random.Random, texts: list[str]) -> Input:
    """A page: scripts and styles with numbers in them, tags and entities inside sentences, broken markup."""
    body = []
    for word in re.split(r"(，|。)", _fragment(rng, texts)):
        body.append(word)
        if rng.random() < 0.3:
            body.append(rng.choice(_TAGS))
    head = (f"<html><head><title>{_fragment(rng, texts, 1)[:30]}</title>"
            f"<style>.a{{width:{rng.randint(1, 999)}px}} /* 床位数{rng.randint(1, 9999)}张 */</style>"
            f"<script>var 出生人口数 = '{rng.randint(1, 99999)}人';</script></head><body>")
    tail = rng.choice(["</body></html>", "", "<script>var x = '77人'", "<!-- unclosed"])
    text = rng.choice(["<!DOCTYPE html>", ""]) + head + "".join(body) + tail
    return Input("html", ".html", text.encode("utf-8"), text)


def encoded(rng: random.Random, texts: list[str]) -> Input:
    """A seed fragment in a legacy or UTF-16 encoding, or UTF-8 with a few stray bytes."""
    text = _fragment(rng, texts)
    encoding = rng.choice(["gb18030", "gbk", "big5", "utf-16", "utf-16-be", "utf-8-sig", "stray"])
    if encoding == "big5":
        text = inject({"id": "x", "text": text, "entities": []}, ["traditional"])["text"]
    if encoding == "stray":
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 2)):
            data.insert(rng.randint(0, len(data)), rng.choice(b"\x80\xff\xfe\xc0"))
        data = bytes(data)  # a short text with a broken character may as well be GBK: no expected reading
        return Input("encoded", ".txt", data, data.decode("utf-8", "replace") if len(text) >= 30 else None)
    data = (b"\xfe\xff" if encoding == "utf-16-be" else b"") + text.encode(encoding, "replace")
    return Input("encoded", ".txt", data, data.decode("utf-16" if encoding.startswith("utf-16") else encoding))


def binary(rng: random.Random, texts: list[str]) -> Input:
    headers = [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
               b"\x7fELF\x02\x01\x01\x00"]
    data = rng.choice(headers) + rng.randbytes(rng.randint(1, 3000))
    if rng.random() < 0.3:
        data = data.replace(b"\x00", b"")
    return Input("binary", rng.choice([".txt", ".png", ".bin"]), data)


def huge_line(rng: random.Random, texts: list[str]) -> Input:
    """A document of 60 to 150 kB on one line, sometimes with no sentence end to cut the pieces at."""
    sentences = seed_sentences(texts)
    start = rng.randrange(len(sentences))
    text = long_line(sentences[start:] + sentences[:start], rng.randint(60_000, 150_000))
    if rng.random() < 0.3:
        text = text.replace("。", "，")
    return Input("huge_line", ".txt", text.encode("utf-8"), text)


def line_flood(rng: random.Random, texts: list[str]) -> Input:
    text = many_lines(seed_sentences(texts), rng.randint(1000, 8000), every=rng.randint(20, 200))
    return Input("many_lines", ".txt", text.encode("utf-8"), text)


def empty(rng: random.Random, texts: list[str]) -> Input:
    return Input("empty", ".txt", rng.choice([b"", b" ", b"\n\n\n", "\u3000\t\r\n".encode(), b"\xef\xbb\xbf",
                                              b"\xff\xfe", "\xa0 \u2003".encode()]))


def jsonl_line(rng: random.Random, texts: list[str]) -> Input:
    """One .jsonl line: a document (its text from another generator, an odd region) or a broken line."""
    text = rng.choice([noisy_seed, number_lines, html_page])(rng, texts).text
    if rng.random() < 0.3:
        text = random_text(rng, rng.randint(0, 200))
    region = rng.choice([None, "常德市", "贵州省", "湖南省常德市", "", "  ", "不存在的地方", 5, ["常德市"]])
    good = json.dumps({"text": text, "region": region}, ensure_ascii=rng.random() < 0.5)
    broken = [good[:rng.randrange(len(good))], "[" * 50_000, json.dumps({"id": "x"}), json.dumps({"text": 5}),
              json.dumps([text]), "null", "{}", json.dumps({"text": text, "id": None}), json.dumps({"text": text, "id": 0})]
    line = good if rng.random() < 0.6 else rng.choice(broken)
    return Input("jsonl", ".jsonl", line.encode("utf-8", "surrogatepass"))


_EDITS = ["\x00", "\x07", "\ufeff", "\u200b", "\u202e", "\u0301", "😷", "👨\u200d👩\u200d👧", "שלום", "مرحبا",
          "\r", "\t", "\u2028", "\ufffd", "𠮷"]


def edited_seed(rng: random.Random, texts: list[str]) -> Input:
    """A seed fragment with random characters inserted, deleted or replaced (NUL, controls, emoji, RTL)."""
    chars = list(_fragment(rng, texts))
    for _ in range(rng.randint(1, 20)):
        position = rng.randint(0, len(chars))
        action = rng.random()
        if action < 0.5:
            chars.insert(position, rng.choice(_EDITS))
        elif chars and action < 0.75:
            del chars[min(position, len(chars) - 1)]
        elif chars:
            chars[min(position, len(chars) - 1)] = rng.choice(_EDITS + list(_CLAIM_CHARS))
    text = "".join(chars)
    return Input("edited_seed", ".txt", text.encode("utf-8"), text.removeprefix("\ufeff"))  # a leading BOM is no text


GENERATORS: dict[str, tuple[Callable[[random.Random, list[str]], Input], float]] = {
    "unicode": (unicode_text, 12), "noisy_seed": (noisy_seed, 18), "numbers": (number_lines, 14),
    "html": (html_page, 10), "encoded": (encoded, 12), "binary": (binary, 5), "huge_line": (huge_line, 0.2),
    "many_lines": (line_flood, 0.7), "empty": (empty, 4), "jsonl": (jsonl_line, 14), "edited_seed": (edited_seed, 10),
}


def generate(index: int, seed: int, texts: list[str]) -> Input:
    """Input number ``index`` of the run seeded ``seed``: the same on every run, whatever the other inputs."""
    rng = random.Random(seed * 1_000_003 + index)
    names = list(GENERATORS)
    name = rng.choices(names, weights=[GENERATORS[n][1] for n in names])[0]
    return GENERATORS[name][0](rng, texts)
