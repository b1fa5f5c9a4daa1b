import json
import copy

import pytest

from healthie.training.corpus.agreement import agreement

from .test_validate import GOOD


def test_identical_annotations_agree_fully():
    result = agreement(GOOD, GOOD)
    assert result["spans"]["f1"] == 1.0 and result["relations"]["f1"] == 1.0


def test_a_missing_span_and_link_lower_the_scores():
    second = copy.deepcopy(GOOD)
    second["entities"] = second["entities"][:3]
    second["relations"] = second["relations"][:2]
    result = agreement(GOOD, second)
    assert result["spans"]["agreed"] == 3 and result["spans"]["f1"] == pytest.approx(2 * 1 * 0.6 / 1.6, abs=1e-4)
    assert result["relations"]["agreed"] == 2
    assert result["spans_by_label"]["VALUE"]["f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_different_texts_are_refused():
    with pytest.raises(ValueError):
        agreement(GOOD, {**GOOD, "text": GOOD["text"] + "。"})


def test_two_documents_are_pooled():
    pooled = agreement([GOOD, GOOD], [GOOD, {**GOOD, "entities": GOOD["entities"][:-1], "relations": []}])
    single = agreement(GOOD, GOOD)
    assert pooled["spans"]["first"] == 2 * single["spans"]["first"]
    assert pooled["spans"]["agreed"] == 2 * single["spans"]["agreed"] - 1


def test_the_committed_second_passes_are_scored_together(capsys):
    from healthie.cli import main

    assert main(["corpus", "agreement"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["documents"]) >= 7 and result["spans"]["first"] > 3000


def test_the_third_independent_pass_meets_the_agreement_targets(capsys):
    """Six documents annotated again under the tightened guidelines agree with the gold."""
    from healthie.cli import main

    assert main(["corpus", "agreement", "--pass", "third"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["documents"]) == 6
    assert result["spans"]["f1"] >= 0.95
    assert result["spans_by_label"]["METRIC"]["f1"] >= 0.92
    assert result["relations_by_label"]["METRIC_OF"]["f1"] >= 0.92
