"""healthie: numeric claims from Chinese health-administration reports.

    import healthie
    nlp = healthie.load()
    claims = healthie.extract(text, region="常德市", doc_id="x")
    docs = nlp.pipe(healthie.hinted_docs(nlp, [(text, "常德市")]))   # doc._.claims, doc._.region_hint
    values = healthie.find_values(text)     # the number grammar alone
    records = healthie.extract_dataset(datasets.Dataset.from_dict({"text": [...]}), num_proc=2)
"""

from __future__ import annotations

from .claims.record import Claim
from .io.datasets import extract_dataset
from .extraction import Value, extract, extract_docs, find_values, hinted_docs
from .pipeline import ModelNotFoundError, load

__all__ = ["Claim", "ModelNotFoundError", "Value", "extract", "extract_dataset", "extract_docs", "find_values",
           "hinted_docs", "load"]
__version__ = "0.1.0"
