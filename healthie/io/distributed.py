"""Extraction on Apache Spark: a DataFrame of documents in, a DataFrame of claim records out.

Each Python worker of each executor loads the pipeline once, from a model directory it can read
(the path is shipped, never the pipeline), and runs ``extract_docs`` over the Arrow batches of its
partitions. A document that cannot be extracted becomes one row carrying its ``doc_id`` and the
``error``; the job goes on.

    python -m healthie.io.distributed seeds/ -o claims.parquet --master "local[2]"
    spark-submit --archives healthie-zh.zip#model healthie/distributed.py docs/ -o out --model model

The imports are absolute so that spark-submit can run this file as a script.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from healthie.extraction import ERROR_FIELD, record_rows, shared_pipeline
from healthie.pipeline import ModelNotFoundError, load
from healthie.text.reading import ReadError, iter_documents
from healthie.extras import require
from healthie.io.writing import arrow_schema

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

ERROR = ERROR_FIELD


def result_schema() -> pa.Schema:
    """The SPEC record columns (Arrow types of ``healthie.io.writing``), then ``error``."""
    import pyarrow as pa

    return arrow_schema().append(pa.field(ERROR, pa.string()))


def extract_arrow(batches: Iterator[pa.RecordBatch], model: str | None = None, region: str | None = None,
                  batch_size: int = 1) -> Iterator[pa.RecordBatch]:
    """Record batches of (id, text, region) documents -> record batches of ``result_schema()`` rows.

    ``region`` overrides every document's own region hint. A document without text or that the
    pipeline fails on gives one row with only ``doc_id`` and ``error`` set.
    """
    import pyarrow as pa

    nlp = shared_pipeline(model)  # once per worker process
    schema = result_schema()
    for batch in batches:
        rows = batch.to_pylist()
        documents = ((row["id"], row["text"], region or row.get("region")) for row in rows)
        yield pa.RecordBatch.from_pylist(record_rows(documents, nlp=nlp, batch_size=batch_size), schema=schema)


def extract_spark(documents: DataFrame, model: str | Path | None = None, region: str | None = None,
                  batch_size: int = 1) -> DataFrame:
    """Claim records of a DataFrame with columns ``id``, ``text`` and optionally ``region``.

    ``model`` is a pipeline directory as the executors see it (a relative path resolves in their
    working directory, where ``--archives`` unpacks); None lets each worker use its own
    ``$HEALTHIE_MODEL`` or the shipped model. Lazy, like any Spark transformation; see ``split_result``.
    """
    require("pyspark", "spark", "extract_spark")
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    hint = F.col("region") if "region" in documents.columns else F.lit(None)
    inputs = documents.select(F.col("id").cast("string").alias("id"), F.col("text").cast("string").alias("text"),
                              hint.cast("string").alias("region"))
    work = partial(extract_arrow, model=None if model is None else str(model), region=region, batch_size=batch_size)
    return inputs.mapInArrow(work, from_arrow_schema(result_schema()))


def split_result(result: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(claims, errors) of an ``extract_spark`` result: the SPEC columns, and ``doc_id`` with ``error``."""
    from pyspark.sql import functions as F

    failed = F.col(ERROR).isNotNull()
    return result.where(~failed).drop(ERROR), result.where(failed).select("doc_id", ERROR)


def documents_frame(spark: SparkSession, paths: list[str | Path],
                    partitions: int | None = None) -> tuple[DataFrame, list[ReadError]]:
    """Files, folders and .jsonl read on the driver into an (id, text, region) DataFrame, and what could not be read.

    Fine for local use; on a cluster read the documents where they lie, e.g. ``spark.read.json`` of .jsonl files.
    """
    documents, unreadable = [], []
    for item in iter_documents(paths):
        if isinstance(item, ReadError):
            unreadable.append(item)
        else:
            documents.append((item.id, item.text, item.region))
    frame = spark.createDataFrame(documents, "id string, text string, region string")
    return (frame.repartition(partitions) if partitions else frame), unreadable


def spark_session(master: str | None = None) -> SparkSession:
    """A Spark session; with a ``local[N]`` master, N Python workers of this interpreter, bound to 127.0.0.1, no UI.

    Without a master, the one spark-submit (or the cluster's defaults) gives.
    """
    require("pyspark", "spark", "a Spark session")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("healthie")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.config("spark.ui.enabled", "false")
                   .config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.sql.shuffle.partitions", "4"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main(argv: list[str] | None = None) -> int:
    """Command line: documents -> a parquet folder of claim records; exit 1 when some documents failed."""
    parser = argparse.ArgumentParser(prog="python -m healthie.io.distributed", description=main.__doc__)
    parser.add_argument("paths", nargs="+", help="files, folders of .txt/.html, or .jsonl of documents (read on the driver)")
    parser.add_argument("-o", "--output", required=True, help="parquet folder for the claim records")
    parser.add_argument("--master", help='e.g. "local[2]" (default: what spark-submit gives)')
    parser.add_argument("--model", help="pipeline directory as the executors see it (default: $HEALTHIE_MODEL or the shipped one)")
    parser.add_argument("--region", help="home-region hint for every document")
    parser.add_argument("--partitions", type=int, help="spread the documents over this many partitions")
    parser.add_argument("--errors", help="also write the documents that failed as JSONL here")
    args = parser.parse_args(argv)
    if args.master and args.master.startswith("local"):
        try:
            load(args.model)  # fail fast, before starting Spark, when the model cannot be loaded here
        except ModelNotFoundError as err:
            print(f"healthie: {err}", file=sys.stderr)
            return 2

    spark = spark_session(args.master)
    try:
        documents, unreadable = documents_frame(spark, args.paths, args.partitions)
        result = extract_spark(documents, model=args.model, region=args.region).cache()
        claims, errors = split_result(result)
        claims.write.mode("overwrite").parquet(args.output)
        failed = [(e.id, e.reason) for e in unreadable] + [(row["doc_id"], row[ERROR]) for row in errors.collect()]
        count = claims.count()
    finally:
        spark.stop()
    for doc_id, reason in failed:
        print(f"healthie: {doc_id}: {reason}", file=sys.stderr)
    print(f"healthie: {count} claims written to {args.output}, {len(failed)} documents failed", file=sys.stderr)
    if args.errors:
        Path(args.errors).write_text("".join(json.dumps({"id": i, "reason": r}, ensure_ascii=False) + "\n"
                                             for i, r in failed), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    # Run through the importable module, so Spark pickles the worker function by reference (one
    # pipeline cache per worker process) rather than by value from __main__.
    from healthie.io.distributed import main as entry

    sys.exit(entry())
