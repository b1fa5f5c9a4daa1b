import pytest

from healthie.claims.record import build_claims, document_year
from healthie.linking.relations import set_relations


def _table_claim(nlp, text: str, metric: str, value: str):
    doc = nlp.make_doc(text)
    cleaned = doc._.clean.text
    metric_span = doc.char_span(cleaned.index(metric), cleaned.index(metric) + len(metric), label="METRIC")
    start = cleaned.rindex(value)
    value_span = doc.char_span(start, start + len(value), label="VALUE")
    doc.ents = [metric_span, value_span]
    set_relations(doc, {(value_span.start, metric_span.start): {"METRIC_OF": 0.9}})
    (claim,) = build_claims(doc, {"METRIC_OF": 0.2, "REGION_OF": 0.5, "DATE_OF": 0.5})
    return claim


@pytest.mark.parametrize("row, metric, cell, expected", [
    ("卫生技术人员（人） | 20,543 | 21,567", "卫生技术人员", "21,567", (21567, "人", "count")),
    ("孕产妇死亡率（1/10万）\t10.2\t9.8", "孕产妇死亡率", "9.8", (9.8, "/10万", "rate")),
    ("总诊疗人次（万人次）    4,862.3", "总诊疗人次", "4,862.3", (48623000, "人次", "count")),
    ("出生人口性别比（女=100） | 108.21", "出生人口性别比", "108.21", (108.21, None, "ratio")),
])
def test_a_bare_table_cell_takes_the_unit_of_its_row_label(nlp, row, metric, cell, expected):
    claim = _table_claim(nlp, row, metric, cell)
    assert claim.value_text == cell
    assert claim.value == pytest.approx(expected[0]) and (claim.unit, claim.kind) == expected[1:]


def test_a_claim_keeps_the_grammar_span_when_a_token_is_wider(nlp):
    """2支|省紧急医学救援队: the token runs past the value; the record does not."""
    doc = nlp("组建2支省紧急医学救援队，15個工作日內辦結")
    assert [(c.value_text, c.value, c.unit) for c in doc._.claims] == [("2支", 2.0, "支"), ("15個工作日", 15.0, "个工作日")]


def test_the_document_year_is_the_title_year_before_the_most_frequent_one(nlp):
    """A plan dated 2011 that reviews 2010 at length is about 2011; without a dated title, the majority."""
    body = "2010年全区床位9480张。2010年卫生人员2.5万人。2010年诊疗人次1043万。"
    dated = nlp("西藏自治区卫生事业发展规划\n西藏自治区卫生厅2011年\n\n" + body)
    undated = nlp("西藏自治区卫生事业发展规划\n\n" + "说明" * 120 + "\n" + body + "2011年将新建医院3个。")
    assert document_year(list(dated.ents), dated.text) == 2011
    assert document_year(list(undated.ents), undated.text) == 2010
