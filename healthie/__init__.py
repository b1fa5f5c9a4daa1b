"""healthie: numeric claims from Chinese health-administration reports.

    import healthie
    nlp = healthie.load()
    claims = healthie.extract(text, region="常德市", doc_id="x")
    records = healthie.extract_dataset(datasets.Dataset.from_dict({"text": [...]}), num_proc=2)
"""

from __future__ import annotations

from .claims.record import Claim
from .io.datasets import extract_dataset
from .extraction import extract, extract_docs
from .pipeline import ModelNotFoundError, load

__all__ = ["Claim", "ModelNotFoundError", "extract", "extract_dataset", "extract_docs", "load"]
__version__ = "0.1.0"
