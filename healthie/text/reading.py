"""Reading documents: text, HTML, PDF and Word files, folders and .jsonl, with encoding detection and
per-document errors."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..extras import MissingExtraError
from .documents import read_docx, read_pdf

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".md")
_READERS: dict[str, Callable[[bytes], str]] = {".pdf": read_pdf, ".docx": read_docx}
_REFUSED = {".doc": "old Word (.doc) input is not supported: save it as .docx"}  # reports healthie cannot read
_RENDERED = re.compile(r'<meta name="generator" content="healthie[ "]')  # a page of `healthie render`
_UNFINISHED = re.compile(r"\.(.+)\.(?:partial|done)")  # the temporary files and journals beside healthie's outputs
_JSONL_IN_FOLDER = ".jsonl inside a folder (name it to read it as documents)"
# the column names of healthie's tables: indicator tables (table; their sources hold a record's names), claim records
_OWN_TABLES = {"an indicator table": (b"metric_id", b"n_sources", b"other_values"),
               "claim records": (b"doc_id", b"value_start", b"value_text")}
_TABLE_SUFFIXES = (".jsonl", ".csv", ".parquet", ".xlsx")
_HEADER_BYTES = 65_536  # of a table: enough for its column names (a first line, a Parquet footer)
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_INT_ID = 10**20  # a JSONL "id" integer under this is taken as a string
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b")  # never in text, any encoding
_MAX_CONTROL_SHARE = 0.01
_UTF16_NUL_SIDE = 0.9  # UTF-16 without a byte-order mark: this share of its NUL bytes on one side of the pairs
# a decoding with a larger share of odd characters, or of uncommon ones among its wide ones, reads as no report
_MAX_ODDNESS = 0.2
_MAX_RARITY = 0.3
_SAMPLE = 20_000  # characters that decide between legacy encodings
# lead bytes of the common characters: the punctuation rows and level-1 hanzi of GB2312, and of Big5
_COMMON_LEADS = (("gb2312", {0xA1, 0xA3, *range(0xB0, 0xD8)}), ("big5", {0xA1, 0xA2, *range(0xA4, 0xC7)}))


@dataclass
class Document:
    """A document to extract from."""

    id: str
    text: str
    region: str | None = None
    note: str | None = None  # a warning about how it was read (a duplicate id renamed, a surrogate repaired)


@dataclass
class ReadError:
    """A document that could not be read, and why."""

    id: str
    reason: str


@dataclass
class Skipped(ReadError):
    """A file of a folder left out on purpose, and why (healthie's own output, a hidden file): a note, not
    a failure. A caller that knows only ReadError still names it."""


def decode(data: bytes) -> str:
    """Decode report bytes: UTF-32 or UTF-16 with BOM, UTF-16 without, UTF-8 (a few stray bytes replaced),
    GB18030/GBK or Big5.

    UTF-8 with stray bytes is told from a legacy encoding by its non-ASCII characters: at least two
    intact for each broken one (legacy bytes read as UTF-8 break nearly all). A legacy encoding is
    chosen by which decoding leaves the fewest private-use, replacement and uncommon characters (Big5
    bytes decoded as GB18030, and GBK bytes as Big5, mostly "succeed", but as rare characters); when
    even the best leaves many (random bytes are rare characters in GB18030), charset_normalizer decides.
    Raises ValueError for a binary file or an undetectable encoding.
    """
    for bom, encoding in _BOMS:  # UTF-32 first: its little-endian mark starts with UTF-16's
        if data.startswith(bom):
            return _decode_marked(data, encoding)
    unmarked = _utf16_without_bom(data)
    if unmarked is not None:
        return unmarked
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
    if not _readable(text):
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ValueError("cannot detect the text encoding")
        return str(best)
    return text


def _decode_marked(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ValueError(f"not {encoding.upper()} although it starts with its byte-order mark ({err.reason})") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 without a byte-order mark, or None: its NUL bytes (the high byte of each ASCII
    character: digits, punctuation, line breaks) on one side of nearly all pairs, and a decoding of
    few control, odd or uncommon characters (binary data with NULs on one side decodes to those)."""
    nuls = data.count(0)
    if len(data) % 2 or nuls <= len(data) * _MAX_CONTROL_SHARE:
        return None
    little_endian = data[1::2].count(0) / nuls  # ASCII "1" is 31 00 in UTF-16-LE
    if little_endian >= _UTF16_NUL_SIDE:
        encoding = "utf-16-le"
    elif little_endian <= 1 - _UTF16_NUL_SIDE:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    controls = len(text) - len(text.translate(dict.fromkeys(_CONTROL_BYTES)))
    return text if controls <= len(text) * _MAX_CONTROL_SHARE and _readable(text) else None


def _is_binary(data: bytes) -> bool:
    """More than 1% control bytes (NUL among them): an image or archive, not a text with a stray NUL."""
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > len(data) * _MAX_CONTROL_SHARE


def _readable(text: str) -> bool:
    """Whether a decoding reads as a report: few odd characters, and few uncommon ones among the wide."""
    sample = text[:_SAMPLE]
    return _oddness(sample) <= _MAX_ODDNESS and _rarity(sample) <= _MAX_RARITY


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
    """Documents from files, folders (see :func:`_from_folder`) and .jsonl files, in order; an error for
    each file that cannot be read, and a :class:`Skipped` note for each file of a folder left out.

    A file named here keeps its name as id; one found in a folder is named by its path in that folder.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _from_folder(path)
        elif path.exists():
            yield from _from_file(path, path.name)
        else:
            yield ReadError(str(raw), "no such file or folder")


def _from_folder(folder: Path) -> Iterator[Document | ReadError]:
    """Every file of a folder and its subfolders, sorted by path, as a document, an error or a note (see
    :func:`_from_folder_file`). A folder's id ends in ``/``. Linked folders are followed and each real
    folder is walked once: a link to a folder above it is an error (a loop), a link to a folder walked
    already is skipped."""
    yield from _walk(folder, folder, {folder.resolve(): str(folder)})


def _walk(directory: Path, top: Path, walked: dict[Path, str]) -> Iterator[Document | ReadError]:
    """The items of ``directory`` and its subfolders; ``walked`` maps each real folder walked to its id."""
    try:
        names = sorted(os.listdir(directory))
    except OSError as err:
        yield ReadError(walked[directory.resolve()], f"unreadable folder ({_why(err)})")
        return
    for name in names:
        path = directory / name
        doc_id = path.relative_to(top).as_posix()
        if name.startswith("."):
            yield _hidden(path, doc_id)
            continue
        try:
            mode = path.stat().st_mode  # of what a link points to
        except OSError as err:
            yield ReadError(doc_id, _unreachable(path, err))
            continue
        if stat.S_ISDIR(mode):
            yield from _subfolder(path, doc_id + "/", top, walked)
        elif stat.S_ISREG(mode):
            yield _from_folder_file(path, doc_id)
        else:
            yield ReadError(doc_id, "not a regular file (a device, socket or pipe)")


def _subfolder(path: Path, doc_id: str, top: Path, walked: dict[Path, str]) -> Iterator[Document | ReadError]:
    """A subfolder walked, unless it is (through a link) a folder walked already or one above it."""
    real = path.resolve()
    if real not in walked:
        walked[real] = doc_id
        yield from _walk(path, top, walked)
    elif real == path.parent.resolve() or real in path.parent.resolve().parents:
        yield ReadError(doc_id, f"symlink loop (a link back to {walked[real]})")
    else:
        yield Skipped(doc_id, f"a link to {walked[real]}, read there")


def _hidden(path: Path, doc_id: str) -> Skipped:
    """A dot file left out: healthie's unfinished output beside a file, else a hidden file or folder."""
    unfinished = _UNFINISHED.fullmatch(path.name)
    if unfinished:
        return Skipped(doc_id, f"healthie's own output (unfinished {unfinished.group(1)})")
    return Skipped(doc_id + "/", "hidden folder") if path.is_dir() else Skipped(doc_id, "hidden file")


def _unreachable(path: Path, err: OSError) -> str:
    """Why an entry of a folder cannot be opened: a broken link, a link loop, no permission."""
    if err.errno == errno.ELOOP:
        return "symlink loop"
    if path.is_symlink() and err.errno == errno.ENOENT:
        return f"broken symlink (to {os.readlink(path)})"
    return f"unreadable ({_why(err)})"


def _why(err: OSError) -> str:
    return err.strerror.lower() if err.strerror else str(err)


def _from_folder_file(file: Path, doc_id: str) -> Document | ReadError:
    """A file found in a folder: a report (text, HTML, PDF, Word) as a document, unless it is a page
    healthie rendered; a .jsonl or a table healthie wrote skipped; any other type an error."""
    suffix = file.suffix.lower()
    if suffix in _REFUSED or suffix in _READERS:
        return _read_file(file, doc_id)
    if suffix in TEXT_SUFFIXES:
        item = _read_file(file, doc_id)
        rendered = isinstance(item, Document) and _RENDERED.search(item.text, 0, 1000)
        return Skipped(doc_id, "healthie's own output (a page it rendered)") if rendered else item
    table = _own_table(file) if suffix in _TABLE_SUFFIXES else None
    if table:
        return Skipped(doc_id, f"healthie's own output ({table})")
    if suffix == ".jsonl":
        return Skipped(doc_id, _JSONL_IN_FOLDER)
    return ReadError(doc_id, f"unsupported file type ({suffix or 'no suffix'})")


def _own_table(file: Path) -> str | None:
    """Which of healthie's tables ``file`` is (:data:`_OWN_TABLES`), by the column names of its header;
    None for any other table."""
    try:
        header = _table_header(file)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    return next((kind for kind, columns in _OWN_TABLES.items() if all(c in header for c in columns)), None)


def _table_header(file: Path) -> bytes:
    """The bytes of a table that hold its column names: the first line of JSONL or CSV, a Parquet file's
    footer, the start of an Excel file's first sheet."""
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        with zipfile.ZipFile(file) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
            return sheet.read(_HEADER_BYTES)
    with file.open("rb") as table:
        if suffix == ".parquet":
            table.seek(max(0, file.stat().st_size - _HEADER_BYTES))
            return table.read()
        return table.readline(_HEADER_BYTES)


def _from_file(path: Path, doc_id: str) -> Iterator[Document | ReadError]:
    if path.suffix.lower() == ".jsonl":
        yield from _from_jsonl(path)
    else:
        yield _read_file(path, doc_id)


def _read_file(path: Path, doc_id: str) -> Document | ReadError:
    """A file as a document: PDF and Word by their readers, any other as text."""
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        return ReadError(doc_id, _REFUSED[suffix])
    try:
        data = path.read_bytes()
    except OSError as err:
        return ReadError(doc_id, f"unreadable ({_why(err)})")
    try:
        text = _READERS.get(suffix, decode)(data)
    except (ValueError, MissingExtraError) as err:
        return ReadError(doc_id, str(err))
    return Document(doc_id, text) if text.strip() else ReadError(doc_id, "empty document")


def _from_jsonl(path: Path) -> Iterator[Document | ReadError]:
    """A document per line; a line that cannot be one is an error named ``FILE:LINE``. A repeated id is
    read under a suffixed one (``a#2``), and an id with lone surrogates repaired, with a note that says so."""
    try:
        lines = decode(path.read_bytes()).split("\n")  # not splitlines: U+2028 and \x85 may sit inside a JSON string
    except OSError as err:
        yield ReadError(path.name, f"unreadable ({_why(err)})")
        return
    except ValueError as err:
        yield ReadError(path.name, str(err))
        return
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            document = _line_document(line, where)
        except ValueError as err:
            yield ReadError(where, str(err))
            continue
        if document.id in first_line:
            document = _renamed(document, first_line)
        first_line[document.id] = number
        yield document


def _renamed(document: Document, first_line: dict[str, int]) -> Document:
    """A document whose id an earlier line took, under the first free ``ID#N`` (N from 2)."""
    copies = 2
    while f"{document.id}#{copies}" in first_line:
        copies += 1
    new_id = f"{document.id}#{copies}"
    quoted, new_quoted = (json.dumps(i, ensure_ascii=False) for i in (document.id, new_id))
    note = f"duplicate id {quoted} (first on line {first_line[document.id]}): read as {new_quoted}"
    return Document(new_id, document.text, document.region, _joined(document.note, note))


def _line_document(line: str, where: str) -> Document:
    """The document of a JSONL line (``where`` is its id when it has none); ValueError says what is wrong.
    Lone surrogates in the id become U+FFFD; the text keeps them (the cleaning reads each as U+FFFD, so
    offsets still point into the text as given). Either is noted."""
    record = _json_object(line)
    doc_id, text, region = _line_id(record.get("id"), where), record.get("text"), record.get("region")
    if not isinstance(text, str):
        raise ValueError('no "text" string' if text is None else f'"text" is {_json_kind(text)}, not a string')
    if region is not None and not isinstance(region, str):
        raise ValueError(f'"region" is {_json_kind(region)}, not a string')
    if region and _SURROGATE.search(region):
        raise ValueError('"region" holds a lone surrogate')
    if not text.strip():
        raise ValueError("empty document")
    notes = [note for value, note in ((doc_id, "id held a lone surrogate, repaired as U+FFFD"),
                                      (text, "text holds a lone surrogate, read as U+FFFD"))
             if _SURROGATE.search(value)]
    return Document(_SURROGATE.sub("\ufffd", doc_id), text, (region or "").strip() or None, _joined(*notes))


def _joined(*notes: str | None) -> str | None:
    """Notes about one document as one."""
    return "; ".join(note for note in notes if note) or None


def _json_object(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"not JSON ({err.msg})") from None
    except RecursionError:
        raise ValueError("not JSON (nested too deeply)") from None
    except ValueError:  # an integer literal over Python's digit limit
        raise ValueError(f"a number of more than {sys.get_int_max_str_digits()} digits") from None
    if not isinstance(record, dict):
        raise ValueError(f"{_json_kind(record)}, not a JSON object")
    return record


def _line_id(value, where: str) -> str:
    """A line's "id": a string as it is (lone surrogates repaired by the caller), a small integer as a
    string; none (or "") is ``where``."""
    if value is None or value == "":
        return where
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f'"id" is {_json_kind(value)}, not a string')
    if isinstance(value, int):
        if abs(value) >= _MAX_INT_ID:
            raise ValueError('"id" is a number too long for an id')
        return str(value)
    return value


def _json_kind(value) -> str:
    """What a JSON value is, in words: "a number", "an array"..."""
    kinds = ((bool, "true or false"), (str, "a string"), ((int, float), "a number"), (list, "an array"),
             (dict, "an object"))
    return next((kind for types, kind in kinds if isinstance(value, types)), "null")
