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
    """Decode report bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK/Big5 by detection."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096] and not data.startswith(b"\xef\xbb\xbf"):
        raise ValueError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in ("gb18030",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("cannot detect the text encoding")
    return str(best)


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
