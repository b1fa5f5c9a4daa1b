"""Claims from a Hugging Face ``datasets.Dataset`` of documents, one row per claim."""

from __future__ import annotations

import os

from ..extraction import ERROR_FIELD, check_at_least, check_type, record_rows, shared_pipeline
from ..extras import require
from .writing import COLUMNS, arrow_schema


def extract_dataset(dataset, num_proc: int | None = None, text_column: str = "text", id_column: str = "id",
                    region_column: str = "region", model: str | None = None, batch_size: int = 16):
    """Map a Dataset of documents to a Dataset of SPEC claim records.

    ``id_column`` and ``region_column`` are optional (a missing id becomes the row index). A document
    that cannot be processed gives one row with only ``doc_id`` and ``error`` set, so nothing is lost
    silently; claim rows have ``error`` None. ``num_proc`` workers each load the pipeline once.
    """
    datasets = require("datasets", "hf", "extract_dataset")
    import pyarrow as pa

    _check_arguments(datasets, dataset, num_proc, text_column, id_column, region_column, model, batch_size)
    if text_column not in dataset.column_names:
        raise ValueError(f"extract_dataset: the dataset has no {text_column!r} column (columns: {dataset.column_names})")
    schema = arrow_schema().append(pa.field(ERROR_FIELD, pa.string()))
    return dataset.map(_extract_batch, batched=True, batch_size=batch_size, with_indices=True, num_proc=num_proc,
                       remove_columns=dataset.column_names, features=datasets.Features.from_arrow_schema(schema),
                       load_from_cache_file=False, desc="extracting claims",
                       fn_kwargs={"text_column": text_column, "id_column": id_column,
                                  "region_column": region_column, "model": None if model is None else str(model)})


def _check_arguments(datasets, dataset, num_proc, text_column, id_column, region_column, model, batch_size) -> None:
    check_type("extract_dataset", "dataset", dataset, (datasets.Dataset,), "a datasets.Dataset")
    if num_proc is not None:
        check_at_least("extract_dataset", "num_proc", num_proc, 1)
    for name, column in (("text_column", text_column), ("id_column", id_column), ("region_column", region_column)):
        check_type("extract_dataset", name, column, (str,), "a str")
    check_type("extract_dataset", "model", model, (str, os.PathLike, type(None)), "a str, an os.PathLike or None")
    check_at_least("extract_dataset", "batch_size", batch_size, 1)


def _extract_batch(batch: dict, indices: list[int], text_column: str, id_column: str, region_column: str,
                   model: str | None) -> dict:
    ids = [str(i) if i is not None else str(index)
           for i, index in zip(batch.get(id_column, [None] * len(indices)), indices)]
    regions = batch.get(region_column, [None] * len(indices))
    rows = record_rows(zip(ids, batch[text_column], regions), nlp=shared_pipeline(model))
    return {column: [row[column] for row in rows] for column in (*COLUMNS, ERROR_FIELD)}
