"""Claims from a Hugging Face ``datasets.Dataset`` of documents, one row per claim."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from .claims import Claim
from .extraction import extract_docs
from .pipeline import load
from .writing import COLUMNS, arrow_schema

ERROR_COLUMN = "error"


@lru_cache(maxsize=2)
def _pipeline(model: str | None) -> Language:
    return load(model)  # once per worker process


def extract_dataset(dataset, num_proc: int | None = None, text_column: str = "text", id_column: str = "id",
                    region_column: str = "region", model: str | None = None, batch_size: int = 16):
    """Map a Dataset of documents to a Dataset of SPEC claim records.

    ``id_column`` and ``region_column`` are optional (a missing id becomes the row index). A document
    that cannot be processed gives one row with only ``doc_id`` and ``error`` set, so nothing is lost
    silently; claim rows have ``error`` None. ``num_proc`` workers each load the pipeline once.
    """
    import datasets
    import pyarrow as pa

    if text_column not in dataset.column_names:
        raise ValueError(f"the dataset has no {text_column!r} column (columns: {dataset.column_names})")
    schema = arrow_schema().append(pa.field(ERROR_COLUMN, pa.string()))
    return dataset.map(_extract_batch, batched=True, batch_size=batch_size, with_indices=True, num_proc=num_proc,
                       remove_columns=dataset.column_names, features=datasets.Features.from_arrow_schema(schema),
                       load_from_cache_file=False, desc="extracting claims",
                       fn_kwargs={"text_column": text_column, "id_column": id_column,
                                  "region_column": region_column, "model": None if model is None else str(model)})


def _extract_batch(batch: dict, indices: list[int], text_column: str, id_column: str, region_column: str,
                   model: str | None) -> dict:
    ids = [str(i) if i is not None else str(index)
           for i, index in zip(batch.get(id_column, [None] * len(indices)), indices)]
    regions = batch.get(region_column, [None] * len(indices))
    rows = {column: [] for column in (*COLUMNS, ERROR_COLUMN)}
    outcome: dict[int, tuple[list[Claim], str | None]] = {}
    items, rows_of_items = [], []
    for row, (doc_id, text, region) in enumerate(zip(ids, batch[text_column], regions)):
        if isinstance(text, str) and text.strip():
            items.append((doc_id, text, region or None))
            rows_of_items.append(row)
        else:
            outcome[row] = ([], "empty document" if text is None or isinstance(text, str) else "text is not a string")
    reasons: dict[str, str] = {}
    for row, (_, claims) in zip(rows_of_items, extract_docs(items, nlp=_pipeline(model), on_error=reasons.__setitem__)):
        outcome[row] = (claims, reasons.pop(ids[row], None))
    for row, doc_id in enumerate(ids):
        claims, error = outcome[row]
        for claim in claims:
            _append(rows, claim.to_dict(), None)
        if error is not None:
            _append(rows, Claim.from_dict({"doc_id": doc_id}).to_dict(), error)
    return rows


def _append(rows: dict, record: dict, error: str | None) -> None:
    for column in COLUMNS:
        rows[column].append(record[column])
    rows[ERROR_COLUMN].append(error)
