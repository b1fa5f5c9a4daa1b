"""Building, saving and loading the healthie pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import spacy
from spacy.language import Language

from . import metrics, regions

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO_ROOT / "models" / "healthie-zh"


class ModelNotFoundError(FileNotFoundError):
    """The pipeline directory is missing, incomplete or unreadable."""


def model_path() -> Path:
    """Where ``load()`` looks: $HEALTHIE_MODEL, else models/healthie-zh in the repository."""
    return Path(os.environ.get("HEALTHIE_MODEL", DEFAULT_MODEL))


def load(path: str | Path | None = None) -> Language:
    """Load the shipped pipeline (or the one at ``path``)."""
    path = Path(path) if path else model_path()
    for needed in ("config.cfg", "meta.json", "tokenizer"):
        if not (path / needed).exists():
            raise ModelNotFoundError(f"healthie model incomplete: {path / needed} is missing; "
                                     f"rebuild it with `healthie train` (or `make models`)")
    try:
        return spacy.load(path)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelNotFoundError(f"healthie model at {path} cannot be loaded ({type(err).__name__}: "
                                 f"{str(err)[:200]}); rebuild it with `healthie train` (or `make models`)") from err


def domain_phrases() -> list[str]:
    """Words the segmenter must keep whole: catalogue metrics and division names."""
    names = set(metrics.catalogue().names())
    names.update(n for n in regions.catalogue().names() if len(n) >= 2)
    return sorted(names)
