"""Building, saving and loading the healthie pipeline."""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from pathlib import Path

import spacy
from spacy.language import Language

from .lexicons import metrics, regions

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO_ROOT / "models" / "healthie-zh"  # where `healthie train` writes in a checkout
INSTALLED_MODEL = Path(__file__).resolve().parent / "models" / "healthie-zh"  # the copy a wheel carries
MANIFEST = "manifest.json"
_REBUILD = "rebuild it with `healthie train` (or `make models`)"
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_JSON_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


class ModelNotFoundError(FileNotFoundError):
    """The pipeline directory is missing, incomplete or unreadable."""


class UncheckedModelWarning(UserWarning):
    """A pipeline directory without a manifest: the integrity of its files was not checked."""


def model_path() -> Path:
    """Where ``load()`` looks: $HEALTHIE_MODEL, else the pipeline installed with the package (from a
    wheel), else models/healthie-zh of the checkout (an editable install)."""
    if os.environ.get("HEALTHIE_MODEL"):
        return Path(os.environ["HEALTHIE_MODEL"])
    return INSTALLED_MODEL if INSTALLED_MODEL.exists() else DEFAULT_MODEL


def load(path: str | Path | None = None) -> Language:
    """Load the shipped pipeline (or the one at ``path``)."""
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load: path must be a str, an os.PathLike or None, not {type(path).__name__}")
    path = Path(path) if path else model_path()
    for needed in ("config.cfg", "meta.json", "tokenizer"):
        if not (path / needed).exists():
            raise ModelNotFoundError(f"healthie model incomplete: {path / needed} is missing; {_REBUILD}")
    damaged = check_manifest(path)
    if damaged:
        raise ModelNotFoundError(f"healthie model at {path} is damaged: {'; '.join(damaged[:5])}; {_REBUILD}")
    try:
        return spacy.load(path)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelNotFoundError(f"healthie model at {path} cannot be loaded ({type(err).__name__}: "
                                 f"{str(err)[:200]}); {_REBUILD}") from err


def _checksums(path: Path) -> dict[str, str]:
    return {file.relative_to(path).as_posix(): hashlib.sha256(file.read_bytes()).hexdigest()
            for file in sorted(path.rglob("*")) if file.is_file() and file.name != MANIFEST}


def write_manifest(path: str | Path) -> Path:
    """Record the SHA-256 of every file of a saved pipeline, so that damage is found by name."""
    path = Path(path)
    (path / MANIFEST).write_text(json.dumps(_checksums(path), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path / MANIFEST


def check_manifest(path: str | Path) -> list[str]:
    """Files that are missing or changed against the pipeline's manifest. A folder without a manifest is
    not checked, with an ``UncheckedModelWarning`` that says so; a manifest that is not a JSON object of
    file names to SHA-256 hex digests raises ModelNotFoundError."""
    path = Path(path)
    if not (path / MANIFEST).exists():
        warnings.warn(f"healthie model at {path} has no {MANIFEST}: the integrity of its files was not checked",
                      UncheckedModelWarning, stacklevel=3)
        return []
    expected = read_manifest(path / MANIFEST)
    found = _checksums(path)
    problems = [f"{path / name} is missing" for name in expected if name not in found]
    problems += [f"{path / name} is corrupted (checksum differs from {MANIFEST})"
                 for name, digest in expected.items() if name in found and found[name] != digest]
    return problems


def read_manifest(manifest: Path) -> dict[str, str]:
    """File name -> SHA-256 hex digest; ModelNotFoundError naming the manifest and what is wrong with it."""
    try:
        expected = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelNotFoundError(f"{manifest} is unreadable ({err}); {_REBUILD}") from None
    if not isinstance(expected, dict):
        raise ModelNotFoundError(f"{manifest} is malformed: it holds a JSON {_JSON_KINDS.get(type(expected))}, not "
                                 f"an object of file names to SHA-256 digests; {_REBUILD}")
    for name, digest in expected.items():
        if not (isinstance(digest, str) and _SHA256.fullmatch(digest)):
            raise ModelNotFoundError(f"{manifest} is malformed: the digest of {name!r} is {digest!r}, not a "
                                     f"SHA-256 hex digest; {_REBUILD}")
    return {name: digest.lower() for name, digest in expected.items()}


def domain_phrases() -> list[str]:
    """Words the segmenter must keep whole: catalogue metrics and division names."""
    names = set(metrics.catalogue().names())
    names.update(n for n in regions.catalogue().names() if len(n) >= 2)
    return sorted(names)
