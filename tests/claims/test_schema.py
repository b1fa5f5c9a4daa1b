import json
from dataclasses import fields

import jsonschema
import pytest

import healthie
from healthie.claims.record import FIELD_VALUES, Claim
from healthie.claims.schema import SCHEMA_PATH, record_schema, schema_text
from healthie.lexicons import numbers

SEED = "003_c7265bcd0b08e09a.txt"


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(record_schema())


def test_the_committed_schema_is_the_generated_one():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_the_schema_is_draft_2020_12_and_holds_every_field_and_no_other():
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["required"] == list(schema["properties"]) == [f.name for f in fields(Claim)]
    assert schema["additionalProperties"] is False
    assert all(field["description"] for field in schema["properties"].values())


def test_the_types_are_the_type_hints():
    properties = record_schema()["properties"]
    assert properties["value_text"]["type"] == "string"
    assert properties["value_start"]["type"] == "integer"
    assert properties["value"]["type"] == ["number", "null"]
    assert properties["year"]["type"] == ["integer", "null"]
    assert properties["confidence"]["type"] == "number"
    assert properties["kind"]["enum"] == list(FIELD_VALUES["kind"])
    assert properties["approx"]["enum"] == [*FIELD_VALUES["approx"], None]


def test_every_kind_and_bound_the_number_grammar_gives_is_in_the_schema():
    assert set(numbers.UNITS.values()) <= set(FIELD_VALUES["kind"])
    bounds = {label for _, label in (*numbers._LEFT_APPROX, *numbers._RIGHT_APPROX)}
    assert bounds == set(FIELD_VALUES["approx"])


def test_every_record_of_a_seed_report_validates(nlp, seed_texts, validator):
    records = [claim.to_dict() for claim in healthie.extract(seed_texts[SEED], doc_id=SEED, nlp=nlp)]
    assert len(records) > 100
    assert len({record["kind"] for record in records}) > 3
    for record in records:
        validator.validate(json.loads(json.dumps(record, ensure_ascii=False)))  # as a JSONL line reads back


@pytest.mark.parametrize("change", [{"extra": 1}, {"value_start": "3"}, {"value": "43417"}, {"kind": "weight"},
                                    {"approx": "roughly"}, {"confidence": None}, {"year": 2020.5}])
def test_a_record_off_the_schema_fails(nlp, validator, change):
    (claim,) = healthie.extract("2020年全市出生人口数43417人。", nlp=nlp)
    record = claim.to_dict()
    validator.validate(record)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**record, **change})


def test_a_record_without_a_field_fails(validator):
    record = Claim.from_dict({"value_text": "3人", "value_start": 0, "value_end": 2, "kind": "count",
                              "confidence": 0.2}).to_dict()
    validator.validate(record)
    del record["year"]
    with pytest.raises(jsonschema.ValidationError, match="'year' is a required property"):
        validator.validate(record)
