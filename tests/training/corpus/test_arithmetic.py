import pytest

from healthie.training.corpus.arithmetic import check_equation, check_record
from healthie.training.corpus.markup import parse_markup

HEADER = '{"id": "t", "home_region": "株洲市", "year": 2022, "checks": %s}\n'
BODY = "[床位总数](METRIC:m1)[48.6万张](VALUE m=m1)，其中医院[37.9万张](VALUE m=m1)（占[78.0%](VALUE m=m1)），其他[10.7万张](VALUE m=m1)。"


@pytest.mark.parametrize("equation", ["48.6 = 37.9 + 10.7", "37.9 / 48.6 * 100 = 78.0", "2.71 - 0.12 = 2.59",
                                      "10 = 3.3 + 3.3 + 3.3"])
def test_equations_that_hold_within_rounding(equation):
    assert check_equation(equation) is None


@pytest.mark.parametrize("equation,reason", [("48.6 = 37.9 + 8.8", "!="), ("48.6 + 1", "one equation"),
                                             ("__import__('os') = 1", "only numbers")])
def test_equations_that_fail_say_why(equation, reason):
    assert reason in check_equation(equation)


def test_a_check_must_use_the_figures_the_text_states():
    ok = parse_markup(HEADER % '["48.6 = 37.9 + 10.7", "37.9 / 48.6 * 100 = 78.0"]' + BODY)
    assert check_record(ok) == []
    drifted = parse_markup(HEADER % '["48.7 = 37.9 + 10.8"]' + BODY)
    problems = check_record(drifted)
    assert any("48.7, 10.8 is no gold VALUE" in p for p in problems)
