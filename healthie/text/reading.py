"""Reading documents: files, folders and .jsonl, with encoding detection and per-document errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".md")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b")  # never in text, any encoding
_MAX_CONTROL_SHARE = 0.01
_SAMPLE = 20_000  # characters that decide between legacy encodings
# lead bytes of the common characters: the punctuation rows and level-1 hanzi of GB2312, and of Big5
_COMMON_LEADS = (("gb2312", {0xA1, 0xA3, *range(0xB0, 0xD8)}), ("big5", {0xA1, 0xA2, *range(0xA4, 0xC7)}))


@dataclass
class Document:
    """A document to extract from."""

    id: str
    text: str
    region: str | None = None


@dataclass
class ReadError:
    """A document that could not be read, and why."""

    id: str
    reason: str


def decode(data: bytes) -> str:
    """Decode report bytes: UTF-16 with BOM, UTF-8 (a few stray bytes replaced), GB18030/GBK or Big5.

    UTF-8 with stray bytes is told from a legacy encoding by its non-ASCII characters: at least two
    intact for each broken one (legacy bytes read as UTF-8 break nearly all). A legacy encoding is
    chosen by which decoding leaves the fewest private-use, replacement and uncommon characters (Big5
    bytes decoded as GB18030, and GBK bytes as Big5, mostly "succeed", but as rare characters).
    Raises ValueError for a binary file or an undetectable encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if _is_binary(data):
        raise ValueError("binary file (NUL or control bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8-sig", errors="replace")
    broken = as_utf8.count("\ufffd")
    if broken <= max(1, (sum(1 for ch in as_utf8 if ch > "\x7f") - broken) // 2):
        return as_utf8  # UTF-8 with stray bytes
    decodings = [data.decode(encoding, errors="replace") for encoding in ("gb18030", "big5hkscs")]
    text = min(decodings, key=lambda t: _oddness(t[:_SAMPLE]) + _rarity(t[:_SAMPLE]))  # GB18030 on a tie
    if _oddness(text[:_SAMPLE]) > 0.2:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ValueError("cannot detect the text encoding")
        return str(best)
    return text


def _is_binary(data: bytes) -> bool:
    """More than 1% control bytes (NUL among them): an image or archive, not a text with a stray NUL."""
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > len(data) * _MAX_CONTROL_SHARE


def _oddness(text: str) -> float:
    """Share of characters that a right decoding of a Chinese report would not produce."""
    odd = sum(1 for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return odd / max(1, len(text))


def _rarity(text: str) -> float:
    """Share of the non-ASCII characters that are not common ones (see ``_COMMON_LEADS``)."""
    wide = [ch for ch in text if ch > "\x7f"]
    return sum(1 for ch in wide if not _common(ch)) / max(1, len(wide))


@lru_cache(maxsize=2**16)
def _common(char: str) -> bool:
    for encoding, leads in _COMMON_LEADS:
        try:
            if char.encode(encoding)[0] in leads:
                return True
        except UnicodeEncodeError:
            continue
    return False


def iter_documents(paths: list[str | Path]) -> Iterator[Document | ReadError]:
    """Documents from files, folders (their .txt/.html files, sorted) and .jsonl files, in order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + (".jsonl",))
            for file in files:
                yield from _from_file(file)
        elif path.exists():
            yield from _from_file(path)
        else:
            yield ReadError(str(raw), "no such file or folder")


def _from_file(path: Path) -> Iterator[Document | ReadError]:
    if path.suffix.lower() == ".jsonl":
        yield from _from_jsonl(path)
        return
    try:
        text = decode(path.read_bytes())
    except (OSError, ValueError) as err:
        yield ReadError(path.name, str(err))
        return
    if not text.strip():
        yield ReadError(path.name, "empty document")
        return
    yield Document(path.name, text)


def _from_jsonl(path: Path) -> Iterator[Document | ReadError]:
    try:
        lines = decode(path.read_bytes()).split("\n")  # not splitlines: U+2028 and \x85 may sit inside a JSON string
    except (OSError, ValueError) as err:
        yield ReadError(path.name, str(err))
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadError(where, f"not JSON ({err.msg})")
            continue
        except RecursionError:
            yield ReadError(where, "not JSON (nested too deeply)")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ReadError(where, 'no "text" string')
            continue
        doc_id = str(record.get("id") or where)
        region = record.get("region")
        if region is not None and not isinstance(region, str):
            yield ReadError(doc_id, '"region" is not a string')
            continue
        if not record["text"].strip():
            yield ReadError(doc_id, "empty document")
            continue
        yield Document(doc_id, record["text"], (region or "").strip() or None)
