"""healthie: numeric claims from Chinese health-administration reports.

    import healthie
    nlp = healthie.load()
    claims = healthie.extract(text, region="常德市", doc_id="x")
"""

from __future__ import annotations

from .claims import Claim
from .extraction import extract, extract_docs
from .pipeline import ModelNotFoundError, load

__all__ = ["Claim", "ModelNotFoundError", "extract", "extract_docs", "load"]
__version__ = "0.1.0"
