"""Reading documents: files, folders and .jsonl, with encoding detection and per-document errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".md")


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

    A legacy encoding is chosen by which decoding leaves the fewest private-use and replacement
    characters (decoding Big5 bytes as GB18030 "succeeds" but fills the text with them).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096] and not data.startswith(b"\xef\xbb\xbf"):
        raise ValueError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8-sig", errors="replace")
    if as_utf8.count("\ufffd") <= max(2, len(as_utf8) // 200):
        return as_utf8  # UTF-8 with stray bytes
    candidates = []
    for encoding in ("gb18030", "big5hkscs"):
        text = data.decode(encoding, errors="replace")
        candidates.append((_oddness(text), encoding, text))
    oddness, encoding, text = min(candidates)
    if oddness > 0.2:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ValueError("cannot detect the text encoding")
        return str(best)
    return text


def _oddness(text: str) -> float:
    """Share of characters that a right decoding of a Chinese report would not produce."""
    odd = sum(1 for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return odd / max(1, len(text))


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
        lines = decode(path.read_bytes()).splitlines()
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
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ReadError(where, 'no "text" string')
            continue
        doc_id = str(record.get("id") or where)
        if not record["text"].strip():
            yield ReadError(doc_id, "empty document")
            continue
        yield Document(doc_id, record["text"], record.get("region"))
