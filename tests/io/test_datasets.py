import datasets
import pytest

import healthie
from healthie.extraction import ERROR_FIELD as ERROR_COLUMN
from healthie.io.writing import COLUMNS


@pytest.fixture(scope="module")
def seed_dataset(seed_texts):
    names = sorted(seed_texts)
    return datasets.Dataset.from_dict({"id": names, "text": [seed_texts[n] for n in names]})


def _expected(seed_claims):
    return [c.to_dict() for name in sorted(seed_claims) for c in seed_claims[name]]


def test_one_row_per_claim_equal_to_extract(seed_dataset, seed_claims):
    out = healthie.extract_dataset(seed_dataset)
    assert out.column_names == [*COLUMNS, ERROR_COLUMN]
    rows = out.to_list()
    assert all(row.pop(ERROR_COLUMN) is None for row in rows)
    assert rows == _expected(seed_claims)


def test_two_worker_processes_give_the_same_rows(seed_dataset, seed_claims):
    rows = healthie.extract_dataset(seed_dataset, num_proc=2, batch_size=2).to_list()
    assert [{k: v for k, v in row.items() if k != ERROR_COLUMN} for row in rows] == _expected(seed_claims)


def test_bad_rows_become_error_rows_and_the_rest_goes_on(seed_texts):
    name = sorted(seed_texts)[1]
    data = datasets.Dataset.from_dict({"text": ["", seed_texts[name], None, "   "],
                                       "region": [None, "常德市", None, None]})
    rows = healthie.extract_dataset(data).to_list()
    errors = [(r["doc_id"], r[ERROR_COLUMN]) for r in rows if r[ERROR_COLUMN]]
    assert errors == [("0", "empty document"), ("2", "empty document"), ("3", "empty document")]
    claims = [r for r in rows if not r[ERROR_COLUMN]]
    assert claims and {r["doc_id"] for r in claims} == {"1"}
    expected = healthie.extract(seed_texts[name], region="常德市", doc_id="1")
    assert [{k: v for k, v in r.items() if k != ERROR_COLUMN} for r in claims] == [c.to_dict() for c in expected]


def test_missing_text_column_is_a_clear_error():
    with pytest.raises(ValueError, match="extract_dataset: the dataset has no 'body' column"):
        healthie.extract_dataset(datasets.Dataset.from_dict({"text": ["x"]}), text_column="body")


def test_a_text_that_is_not_a_string_becomes_an_error_row():
    rows = healthie.extract_dataset(datasets.Dataset.from_dict({"id": ["n"], "text": [5]})).to_list()
    assert [(r["doc_id"], r[ERROR_COLUMN]) for r in rows] == [("n", "text is not a string (int)")]


@pytest.mark.parametrize("argument, error, message", [
    ({"dataset": {"text": ["x"]}}, TypeError, "extract_dataset: dataset must be a datasets.Dataset, not dict"),
    ({"num_proc": 0}, ValueError, "extract_dataset: num_proc must be at least 1, not 0"),
    ({"num_proc": "2"}, TypeError, "extract_dataset: num_proc must be an int, not str"),
    ({"text_column": 0}, TypeError, "extract_dataset: text_column must be a str, not int"),
    ({"region_column": None}, TypeError, "extract_dataset: region_column must be a str, not NoneType"),
    ({"model": 5}, TypeError, "extract_dataset: model must be a str, an os.PathLike or None, not int"),
    ({"batch_size": 0}, ValueError, "extract_dataset: batch_size must be at least 1, not 0"),
])
def test_extract_dataset_names_a_wrong_argument(argument, error, message):
    with pytest.raises(error, match=message):
        healthie.extract_dataset(**{"dataset": datasets.Dataset.from_dict({"text": ["x"]}), **argument})
