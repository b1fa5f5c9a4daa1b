import pytest
import healthie

from healthie.claims.record import build_claims
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



def test_a_table_whose_rows_are_towns_puts_each_row_in_its_town(nlp):
    doc = nlp("2022年闵行区卫生健康统计公报\n全区家庭医生签约工作稳步推进。\n街镇 | 签约人数（万人） | 重点人群签约率（%）\n"
              "江川路街道 | 5.8 | 88.2\n虹桥镇 | 9.7 | 86.4\n")
    rows = [(c.value_text, c.region_text, c.region, c.region_code) for c in doc._.claims]
    assert rows == [("5.8", "江川路街道", "江川路街道", None), ("88.2", "江川路街道", "江川路街道", None),
                    ("9.7", "虹桥镇", "虹桥镇", None), ("86.4", "虹桥镇", "虹桥镇", None)]


def test_a_table_cell_is_broken_down_by_the_axis_its_metric_is_not_on(nlp):
    doc = nlp("2020年安徽省卫生健康事业发展统计公报\n表2 医院工作效率\n"
              "指标 | 医院 | 公立医院 | 民营医院\n病床使用率（%） | 74.6 | 81.3 | 59.8\n")
    assert [(c.value_text, c.metric_text, c.breakdown) for c in doc._.claims] == [
        ("74.6", "病床使用率", None), ("81.3", "病床使用率", "公立医院"), ("59.8", "病床使用率", "民营医院")]  # 医院: the whole
    doc = nlp("2024年江西省卫生健康事业发展统计公报\n表5 甲乙类传染病发病\n病名 | 发病数（例） | 发病率（1/10万）\n"
              "病毒性肝炎 | 3,862 | 51.57\n")
    assert [(c.metric_text, c.breakdown) for c in doc._.claims] == [("发病数", "病毒性肝炎"), ("发病率", "病毒性肝炎")]
    doc = nlp("2022年闵行区卫生健康统计公报\n街镇 | 签约人数（万人）\n江川路街道 | 5.8\n")
    assert [c.breakdown for c in doc._.claims] == [None]  # a row of a place is its region, not a breakdown


def test_a_two_column_table_gives_each_row_its_label_unit_and_header_year(nlp):
    doc = nlp("2022年湘潭县卫生健康统计公报\n全县卫生工作稳步推进。\n表1 主要指标\n指标 | 2021年\n孕产妇系统管理率（%） | 94.2\n"
              "床位数（张） | 3,120\n")
    assert [(c.value, c.unit, c.metric_text, c.year) for c in doc._.claims] == [
        (94.2, "%", "孕产妇系统管理率", 2021), (3120, "张", "床位数", 2021)]


def test_a_linked_region_is_the_place_it_names_or_no_link():
    """长沙市卫健委通报：常德市医院56家: region_text and region never disagree."""
    import spacy

    from healthie.claims.record import _Items, _linked_region
    from healthie.lexicons.regions import home_from_hint

    doc = spacy.blank("zh")("常德市医院56家，某某医院3家")
    home, items = home_from_hint("长沙市"), _Items([], doc.text)
    span, resolved = _linked_region(doc.char_span(0, 5, "REGION", alignment_mode="expand"), home, items)
    assert span.text.startswith("常德市") and resolved.name == "常德市"
    assert _linked_region(doc.char_span(9, 13, "REGION", alignment_mode="expand"), home, items) == (None, None)
    assert _linked_region(None, home, items) == (None, None)


def test_a_per_capita_metric_makes_a_rate_and_the_record_carries_its_cleaned_name(nlp):
    text = "全市每千人口医疗卫生机构床位数6.2张，执业（助理）医\n师2.6万人。"
    claims = {c.value_text: c for c in _claims_with_metrics(nlp, text, [("每千人口医疗卫生机构床位数", "6.2张"),
                                                                          ("执业（助理）医\n师", "2.6万人")])}
    assert (claims["6.2张"].kind, claims["2.6万人"].kind) == ("rate", "count")
    assert claims["2.6万人"].metric_text == "执业（助理）医\n师"
    assert claims["2.6万人"].metric_name == "执业(助理)医师"  # cleaned: one line, normal width


def _claims_with_metrics(nlp, text, pairs):
    doc = nlp.make_doc(text)
    cleaned = doc._.clean
    spans, links = [], {}
    for metric, value in pairs:
        m_start, m_end = cleaned.to_clean(text.index(metric), text.index(metric) + len(metric))
        v_start, v_end = cleaned.to_clean(text.index(value), text.index(value) + len(value))
        metric_span = doc.char_span(m_start, m_end, "METRIC", alignment_mode="expand")
        value_span = doc.char_span(v_start, v_end, "VALUE", alignment_mode="expand")
        spans += [metric_span, value_span]
        links[(value_span.start, metric_span.start)] = {"METRIC_OF": 0.9}
    doc.ents = spans
    set_relations(doc, links)
    return build_claims(doc, {"METRIC_OF": 0.2, "REGION_OF": 0.5, "DATE_OF": 0.5})


@pytest.mark.parametrize("text,org,value,region", [
    ("石门县人民医院新增床位200张。", "石门县人民医院", "200张", "石门县"),
    ("支持石门县人民医院创建三级医院，三级医院由2所增加到5所。", "石门县人民医院", "5所", "常德市"),
])
def test_an_institution_places_only_the_values_of_its_own_clause(nlp, text, org, value, region):
    from healthie.linking.defaults import HINT_KEY

    doc = nlp.make_doc(text)
    doc.user_data[HINT_KEY] = "常德市"
    doc.ents = [doc.char_span(text.index(org), text.index(org) + len(org), "ORG", alignment_mode="expand"),
                doc.char_span(text.index(value), text.index(value) + len(value), "VALUE", alignment_mode="expand")]
    (claim,) = build_claims(doc, {"METRIC_OF": 0.2, "REGION_OF": 0.5, "DATE_OF": 0.5})
    assert claim.region == region


def test_last_years_figures_in_a_press_conference_held_the_next_january_are_of_the_year_reported(nlp):
    import healthie

    text = ("衡阳市2023年度卫生健康工作新闻发布会实录\n\n时间：2024年1月18日上午　地点：市政府新闻发布厅\n\n"
            "陈主任：去年全市公立医院门诊次均费用为236.5元，比上年下降3.2%。今年我们将新增医养结合机构8家。")
    years = {c.value_text: c.year for c in healthie.extract(text, nlp=nlp)}
    assert years == {"236.5元": 2023, "3.2%": 2023, "8家": 2024}


def test_quanshi_in_a_provinces_report_is_the_city_the_passage_names(nlp):
    """A city's official at the province's press conference: 全市 is the city named most in the passage
    before it (韶关, not 广州 named in passing); 全区 in 西藏自治区's report is the region itself."""
    import healthie

    text = ("广东省人民政府新闻办公室新闻发布会实录\n记者：请问韶关在这方面有哪些成效？\n"
            "邓国华：韶关地处粤北山区，过去群众看大病往往要跑广州。去年全市县域内住院率达到86.7%。")
    assert [c.region for c in healthie.extract(text, region="广东省", nlp=nlp)] == ["韶关市"]
    tibet = "西藏自治区卫生事业发展回顾\n亚东县孕产妇死亡率为0。全区常住人口300.2万人。"
    assert {c.value_text: c.region for c in healthie.extract(tibet, nlp=nlp)}["300.2万人"] == "西藏自治区"


def test_a_tables_unit_line_gives_each_row_the_unit_it_counts_in(nlp):
    """单位：个、张、人 over a table: institutions in 个, beds in 张 (其中：医院 under 床位数 too), staff in 人;
    the growth column stays in %."""
    import healthie

    text = ("永修县2023年国民经济和社会发展统计公报\n\n全县卫生事业稳步发展。\n\n"
            "表3  2023年永修县卫生资源情况\n单位：个、张、人\n指标名称 | 2023年 | 2022年 | 比上年增长（%）\n"
            "医疗卫生机构 | 326 | 322 | 1.2\n床位数 | 2968 | 2819 | 5.3\n其中：医院 | 2104 | 1986 | 5.9\n"
            "卫生技术人员 | 2786 | 2650 | 5.1\n")
    units = {c.value_text: (c.unit, c.kind, c.year) for c in healthie.extract(text, region="永修县", nlp=nlp)}
    assert units["326"] == ("个", "count", 2023) and units["322"] == ("个", "count", 2022)
    assert units["2968"][0] == units["2104"][0] == "张" and units["2786"][0] == "人"
    assert units["5.9"] == ("%", "change", 2023)


def test_gai_qu_is_the_district_named_not_a_quotes_quan_qu_and_a_unit_line_may_stand_apart(nlp):
    """在丛台区…局长说：“…全区签约率…”据介绍，该区去年…: 该区 is 丛台区, not the city 全区 would resolve to; a unit
    line over a markdown table with a blank line and a rule between them still gives the cells its unit."""
    import healthie

    text = ("邯郸市家庭医生签约服务提质扩面\n\n在丛台区，26个社区卫生服务站全部实现“一站一团队”。局长告诉记者：“全区签约率达到"
            "46.2%。”据介绍，该区去年共投入资金480万元。")
    assert {c.value_text: c.region for c in healthie.extract(text, region="邯郸市", nlp=nlp)}["480万元"] == "丛台区"
    table = ("甘肃省2023年卫生健康事业发展统计公报\n\n表1 医疗服务量\n单位：万人次\n\n| 指标 | 2022年 | 2023年 |\n"
             "| --- | --- | --- |\n| 总诊疗人次 | 12956.2 | 14200.4 |\n")
    cells = {c.value_text: (c.value, c.unit) for c in healthie.extract(table, region="甘肃省", nlp=nlp)}
    assert cells["14200.4"] == (142004000.0, "人次")


def test_a_table_cell_keeps_its_bound_and_a_scale_note_scales_what_the_label_counts(nlp):
    """| 人均预期寿命（岁） | 77.8 | >78.5 |: the cell's bound stays with the label's unit; 门急诊人次（万） 212.3 is
    2,123,000 人次; a 增减 column of a table with one space between cells holds changes."""
    plan = "| 指标 | 2020年 | 2025年 |\n|---|---|---|\n| 人均预期寿命（岁） | 77.8 | >78.5 |\n| 免疫接种率（%） | 95 | ≥90 |\n"
    claims = {c.value_text: c for c in healthie.extract(plan, nlp=nlp)}
    assert (claims["78.5"].unit, claims["78.5"].approx, claims["77.8"].approx) == ("岁", "more_than", None)
    assert (claims["90"].metric_name, claims["90"].unit, claims["90"].approx) == ("免疫接种率", "%", "at_least")
    report = "指标 2022年 2023年 增减\n门急诊人次（万） 212.3 238.6 12.4%\n平均住院日（天） 7.3 6.8 -0.5\n"
    claims = {c.value_text: c for c in healthie.extract(report, nlp=nlp)}
    assert (claims["212.3"].value, claims["212.3"].unit, claims["212.3"].metric_name) == (2123000, "人次", "门急诊人次")
    assert (claims["12.4%"].kind, claims["-0.5"].kind, claims["-0.5"].value) == ("change", "change", -0.5)


def test_a_fraction_of_a_head_is_a_rate_with_the_per_capita_id_the_list_makes(nlp):
    """每千人口执业（助理）医师2.83人、注册护士3.51人: 3.51 nurses is no head count but nurses per 1000 people;
    2.3万人 is a head count."""
    text = "江西省2023年统计公报\n全省每千人口执业（助理）医师2.83人、注册护士3.51人，卫生技术人员2.3万人。"
    got = {c.value_text: (c.kind, c.metric_id) for c in healthie.extract(text, nlp=nlp)}
    assert got["3.51人"] == ("rate", "nurses_per_1000") and got["2.83人"][0] == "rate" and got["2.3万人"][0] == "count"


def test_a_county_institution_in_a_provinces_report_is_in_the_county_the_passage_names(nlp):
    """于都县…。县人民医院完成…: in a province's press conference, 县人民医院 is 于都县's; in a city's report that
    names no county, the city's."""
    text = ("江西省卫生健康委员会新闻发布会\n于都县卫生健康委主任：于都县推进医共体建设，全县县域内就诊率达到92.6%。"
            "2023年，县人民医院完成三、四级手术1.2万余台次。全省共有医疗机构3.68万个。")
    got = {c.value_text: (c.region, c.metric_name) for c in healthie.extract(text, nlp=nlp)}
    assert got["1.2万余台次"] == ("于都县", "三、四级手术") and got["3.68万个"][0] == "江西省"
    assert [c.region for c in healthie.extract("常德市卫生健康委2023年工作总结\n县人民医院新增床位200张。", nlp=nlp)] == ["常德市"]


def test_quan_shi_after_the_county_level_city_its_sentence_is_about_is_that_city(nlp):
    """枝江市组建医共体3个，覆盖全市12个乡镇; 当阳市：全市…: 全市 is the county-level city, in its prefecture's report;
    a 全市 that opens a clause and a 全市 after listed places stay the prefecture's."""
    import healthie

    text = ("宜昌市卫生健康委员会2025年工作总结\n枝江市组建紧密型县域医共体3个，覆盖全市12个乡镇。当阳市：全市每千人口床位数6.47张。"
            "宜都市新增家庭医生团队20个，全市累计达到500个。"
            "以宜都市、枝江市为重点，2025年全市新组建县域医共体5个。")
    got = {c.value_text: c.region for c in healthie.extract(text, nlp=nlp)}
    assert got["12个"] == "枝江市" and got["6.47张"] == "当阳市" and got["20个"] == "宜都市"
    assert got["500个"] == got["5个"] == "宜昌市"


def test_a_one_cell_a_line_table_of_places_reads_its_header_and_units_by_column(nlp):
    """单位：个、张、人 over 地区 / 医疗卫生机构 / 床位 / 卫生技术人员, one cell a line: each cell takes its column's
    header and the unit line's unit in order; a column 应种剂次 counts 剂次."""
    import healthie

    text = ("南平市2024年卫生资源简报\n全市共有医疗卫生机构3618个。\n\n表2  部分县（市、区）卫生资源情况\n单位：个、张、人\n"
            "地区\n医疗卫生机构\n床位\n卫生技术人员\n延平区\n612\n5210\n6935\n邵武市\n398\n2386\n3102\n建瓯市\n476\n2514\n3268\n\n"
            "表3 接种情况\n乡镇 | 应种剂次 | 接种率（%）\n研城镇 | 12860 | 99.00\n马踏镇 | 5214 | 99.35\n")
    got = {c.value_text: (c.metric_name, c.unit, c.kind, c.region) for c in healthie.extract(text, nlp=nlp)}
    assert got["612"] == ("医疗卫生机构", "个", "count", "延平区")
    assert got["2386"] == ("床位", "张", "count", "邵武市")
    assert got["3268"] == ("卫生技术人员", "人", "count", "建瓯市")
    assert got["12860"] == ("应种剂次", "剂次", "count", "研城镇")


def test_a_count_of_those_that_pass_a_standard_takes_no_id_of_the_whole(nlp):
    """1350家基层医疗卫生机构达到…推荐标准: a subset, so not primary_care_institutions; 机构3.2万个 is the whole's."""
    import healthie

    text = "某省2024年工作总结\n全省有1350家基层医疗卫生机构达到“优质服务基层行”推荐标准。全省基层医疗卫生机构3.2万个。"
    got = {c.value_text: c.metric_id for c in healthie.extract(text, nlp=nlp)}
    assert got["1350家"] is None and got["3.2万个"] == "primary_care_institutions"


def test_a_count_of_items_that_names_a_per_capita_metric_stays_a_count(nlp):
    """未完成的1项为每千人口执业（助理）医师数: one item, not a rate per 1,000 people."""
    import healthie

    text = "某市2025年工作总结\n未完成1项。未完成的1项为每千人口执业（助理）医师数。每千人口执业（助理）医师3.46人。"
    kinds = [c.kind for c in healthie.extract(text, nlp=nlp)]
    assert kinds == ["count", "count", "rate"]


def test_a_change_column_over_a_percent_row_is_in_points(nlp):
    """药占比（%） | 28.0 | 26.8 | -1.2 under 增减: -1.2 个百分点 (not -1.2%, a relative change); 平均住院日（天） keeps 天."""
    import healthie

    text = ("宜宾市公立医院综合改革2024年报告\n指标\t2023年\t2024年\t增减\n药占比（%）\t28.0\t26.8\t-1.2\n"
            "平均住院日（天）\t8.1\t7.6\t-0.5\n")
    got = {c.value_text: (c.unit, c.kind) for c in healthie.extract(text, nlp=nlp)}
    assert got["-1.2"] == ("个百分点", "change") and got["-0.5"] == ("天", "change") and got["26.8"] == ("%", "percent")
