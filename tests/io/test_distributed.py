import json
import os
import shutil

import pyarrow as pa
import pytest

import healthie
from healthie.io.distributed import ERROR, documents_frame, extract_arrow, extract_spark, result_schema, split_result
from healthie.text.reading import Document, iter_documents

from ..conftest import ROOT

# mapInArrow goes through no pandas conversion; pyspark warns about pandas 3 all the same
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install -e '.[spark]')")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("Spark needs Java 17 or newer: no java on PATH and no JAVA_HOME")
    from healthie.io.distributed import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def _key(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def test_spark_gives_the_single_process_records_for_seeds_and_held_out_corpus(spark, nlp):
    """The seeds as files and the dev split as .jsonl (long reports of several genres, with their noise
    variants): the whole corpus takes eight times as long and reads nothing these do not."""
    paths = [ROOT / "seeds", ROOT / "corpus" / "data" / "dev.jsonl"]
    documents = [d for d in iter_documents(paths) if isinstance(d, Document)]
    expected = [c.to_dict() for _, claims in healthie.extract_docs(((d.id, d.text, d.region) for d in documents), nlp=nlp)
                for c in claims]

    frame, unreadable = documents_frame(spark, paths, partitions=4)
    assert unreadable == [] and frame.count() == len(documents) >= 15
    result = extract_spark(frame)
    assert result.rdd.getNumPartitions() == 4
    rows = [row.asDict() for row in result.collect()]

    assert [row for row in rows if row[ERROR] is not None] == []
    records = [{k: v for k, v in row.items() if k != ERROR} for row in rows]
    assert len(records) == len(expected) > 3000
    assert sorted(map(_key, records)) == sorted(map(_key, expected))


def test_documents_without_text_become_error_rows_and_the_job_goes_on(spark):
    frame = spark.createDataFrame([("a", "全市出生人口数43417人。"), ("blank", "  \n"), ("none", None)], "id string, text string")
    claims, errors = split_result(extract_spark(frame, region="常德市"))
    assert [(r.doc_id, r.value_text, r.region, r.region_code) for r in claims.collect()] == [("a", "43417人", "常德市", "430700")]
    assert sorted((r.doc_id, r.error) for r in errors.collect()) == [("blank", "empty document"), ("none", "empty document")]
    assert claims.columns == [f.name for f in result_schema()][:-1]


def test_each_document_keeps_its_own_region_hint(spark):
    frame = spark.createDataFrame([("a", "全市出生人口数43417人。", "常德市"), ("b", "全省孕产妇死亡率15.90/10万。", "贵州省")],
                                  "id string, text string, region string")
    claims, _ = split_result(extract_spark(frame))
    assert sorted((r.doc_id, r.region) for r in claims.collect()) == [("a", "常德市"), ("b", "贵州省")]


def test_a_document_the_pipeline_fails_on_is_an_error_row(fragile_value_ruler):
    batch = pa.RecordBatch.from_pylist([{"id": "a", "text": "全市出生人口数43417人。", "region": None},
                                        {"id": "bad", "text": "坏文档100人。", "region": None},
                                        {"id": "c", "text": "人口出生率6.79‰。", "region": None}])
    out = pa.Table.from_batches(list(extract_arrow(iter([batch]))))
    assert out.schema == result_schema()
    rows = out.to_pylist()
    assert sorted((r["doc_id"], r["value_text"]) for r in rows if r[ERROR] is None) == [("a", "43417人"), ("c", "6.79‰")]
    (failed,) = [r for r in rows if r[ERROR] is not None]
    assert failed["doc_id"] == "bad" and "healthie_value_ruler failed: ValueError: cannot parse" in failed[ERROR]
