import pytest
import spacy

from healthie.linking.defaults import HINT_KEY
from healthie.linking.link_candidates import LinkContext, link_rows
from healthie.linking.link_ranker import LinkRanker
from healthie.linking.relations import best_relations

PLACES = "每千人口床位数较低的县（市）区为：农安县（3.00）、榆树市（3.16）、九台区（3.29）。"
TABLE = "指标 | 2016年 | 2017年 | 增长(%)\n医院（个） | 236 | 251 | 6.4\n床位（张） | 4,120 | 4,380 | 6.3\n"
FROM_TO = "2017年，全市人均预期寿命达到78.6岁，比2015年的77.9岁提高0.7岁。"


def _doc(text, ents, hint="长春市"):
    """A Doc with entities given as (text, label), each at its first place after the previous one."""
    doc = spacy.blank("zh")(text)
    spans, position = [], 0
    for words, label in ents:
        start = text.index(words, position)
        spans.append(doc.char_span(start, start + len(words), label, alignment_mode="expand"))
        position = start + len(words)
    doc.ents = spans
    doc.user_data[HINT_KEY] = hint
    return doc


def _places():
    return _doc(PLACES, [("每千人口床位数", "METRIC"), ("农安县", "REGION"), ("3.00", "VALUE"), ("榆树市", "REGION"),
                         ("3.16", "VALUE"), ("九台区", "REGION"), ("3.29", "VALUE")])


def _table():
    return _doc(TABLE, [("2016年", "DATE"), ("2017年", "DATE"), ("医院", "METRIC"), ("236", "VALUE"), ("251", "VALUE"),
                        ("6.4", "VALUE"), ("床位", "METRIC"), ("4,120", "VALUE"), ("4,380", "VALUE"), ("6.3", "VALUE")])


def _from_to():
    return _doc(FROM_TO, [("2017年", "DATE"), ("全市", "REGION"), ("人均预期寿命", "METRIC"), ("78.6岁", "VALUE"),
                          ("2015年", "DATE"), ("77.9岁", "VALUE"), ("0.7岁", "VALUE")])


def _answers(doc, pairs):
    text = doc.text
    return {(text.index(v), text.index(v) + len(v)): answer for v, answer in pairs}


REGIONS = [("3.00", "农安县"), ("3.16", "榆树市"), ("3.29", "九台区")]
YEARS = [("78.6岁", 2017), ("77.9岁", 2015), ("0.7岁", 2017)]
TABLE_YEARS = [("236", 2016), ("251", 2017), ("6.4", 2017), ("4,120", 2016), ("4,380", 2017), ("6.3", 2017)]


def _linked(doc, label):
    by_start = {e.start: e for e in doc.ents}
    thresholds = {"METRIC_OF": 1.1, "REGION_OF": 1.1, "DATE_OF": 1.1, label: 0.0}
    return {by_start[head].text: by_start[tail].text for (head, found), (tail, _) in best_relations(doc, thresholds).items()
            if found == label}


def test_a_table_cell_is_offered_the_year_above_its_column():
    doc = _table()
    context = LinkContext.of(doc)
    cell = next(e for e in doc.ents if e.text == "4,120")
    assert [c.text for c in context.candidates(cell, "DATE_OF")] == ["2016年"]
    assert context.outcome(None, "DATE_OF") == 2016  # no link: the report's year, here the first it names


def test_outcomes_resolve_against_the_home_region_and_report_year():
    doc = _doc("全市出生人口4.3万人，上年为4.5万人。", [("全市", "REGION"), ("4.3万人", "VALUE"), ("上年", "DATE"), ("4.5万人", "VALUE")])
    doc = _doc("2020年常德市卫生健康工作总结\n" + doc.text, [("2020年", "DATE"), ("全市", "REGION"), ("上年", "DATE")], hint="常德市")
    context = LinkContext.of(doc)
    region = next(e for e in doc.ents if e.text == "全市")
    date = next(e for e in doc.ents if e.text == "上年")
    assert context.outcome(region, "REGION_OF") == context.outcome(None, "REGION_OF") == "常德市"
    assert (context.outcome(date, "DATE_OF"), context.outcome(None, "DATE_OF")) == (2019, 2020)


def test_structure_features_of_places_in_brackets():
    doc = _places()
    context = LinkContext.of(doc)
    value = next(e for e in doc.ents if e.text == "3.16")
    candidates = context.candidates(value, "REGION_OF")
    bracketed = {c.text: row["bracket_between"] for c, row in zip(candidates, link_rows(context, value, candidates, "REGION_OF"))}
    assert bracketed == {"农安县": 0.0, "榆树市": 1.0, "九台区": 0.0}


def test_a_place_right_before_the_values_metric_heads_it():
    text = "南昌市、九江市分别为1.86和2.41；鹰潭市孕产妇死亡率为0，朝阳区的病床使用率92.6%。"
    doc = _doc(text, [("南昌市", "REGION"), ("九江市", "REGION"), ("1.86", "VALUE"), ("2.41", "VALUE"),
                      ("鹰潭市", "REGION"), ("孕产妇死亡率", "METRIC"), ("0", "VALUE"), ("朝阳区", "REGION"),
                      ("病床使用率", "METRIC"), ("92.6%", "VALUE")])
    context = LinkContext.of(doc)
    for value_text, region in (("0", "鹰潭市"), ("92.6%", "朝阳区")):
        value = next(e for e in doc.ents if e.text == value_text)
        candidates = context.candidates(value, "REGION_OF")
        heads = {c.text: row["heads_metric"] for c, row in zip(candidates, link_rows(context, value, candidates, "REGION_OF"))}
        assert {name for name, on in heads.items() if on} == {region}
    value = next(e for e in doc.ents if e.text == "1.86")
    assert not any(row["heads_metric"] for row in link_rows(context, value, context.candidates(value, "REGION_OF"), "REGION_OF"))


def _fitted(label, examples, threshold=0.5):
    return LinkRanker(label=label, threshold=threshold).fit(examples * 4)


def test_fitted_rankers_read_places_years_of_columns_and_from_to(tmp_path):
    regions = _fitted("REGION_OF", [(_places(), _answers(_places(), REGIONS))])
    assert _linked(regions(_places()), "REGION_OF") == dict(REGIONS)
    dates = _fitted("DATE_OF", [(_table(), _answers(_table(), TABLE_YEARS)), (_from_to(), _answers(_from_to(), YEARS))])
    table = dates(_table())
    linked = _linked(table, "DATE_OF")
    assert linked["236"] == linked["4,120"] == "2016年" and linked["251"] == linked["4,380"] == "2017年"
    heads = [h for (h, t), labels in table._.rel.items() if "DATE_OF" in labels]
    assert len(heads) == len(set(heads))  # one DATE_OF per value
    assert _linked(dates(_from_to()), "DATE_OF")["77.9岁"] == "2015年"
    dates.to_disk(tmp_path)
    reloaded = LinkRanker(label="DATE_OF").from_disk(tmp_path)
    assert _linked(reloaded(_table()), "DATE_OF") == linked


def test_a_ranker_checks_its_label_and_its_fitting():
    with pytest.raises(ValueError, match="label"):
        LinkRanker(label="METRIC_OF")
    with pytest.raises(ValueError, match="not fitted"):
        LinkRanker(label="REGION_OF")(_places())


def test_below_the_threshold_a_value_keeps_no_link():
    ranker = _fitted("REGION_OF", [(_places(), _answers(_places(), REGIONS))], threshold=1.01)
    # 农安县（3.00）: the place that opens the first value's clause holds it whatever the classifier scores
    assert _linked(ranker(_places()), "REGION_OF") == {"3.00": "农安县"}


def test_a_table_cell_takes_its_column_headers_year_whatever_the_classifier_scores():
    ranker = _fitted("DATE_OF", [(_from_to(), _answers(_from_to(), YEARS))], threshold=1.01)
    linked = _linked(ranker(_table()), "DATE_OF")
    assert linked == {"236": "2016年", "251": "2017年", "4,120": "2016年", "4,380": "2017年"}  # 增长(%) names no year
    assert _linked(ranker(_places()), "DATE_OF") == {}


def test_to_values_after_a_from_run_with_the_only_year_hold_for_the_report_year(nlp):
    import healthie

    text = ("2024年江西省卫生健康事业发展统计公报\n"
            "孕产妇死亡率、婴儿死亡率分别由2023年的8.42/10万、2.84‰降至7.60/10万、2.62‰。")
    years = {c.value_text: c.year for c in healthie.extract(text, region="江西省", nlp=nlp)}
    assert years == {"8.42/10万": 2023, "2.84‰": 2023, "7.60/10万": 2024, "2.62‰": 2024}


def test_a_place_alone_before_fenbie_holds_for_every_value_of_the_list(nlp):
    import healthie

    text = ("长春市2017年卫生计生统计资料\n农安县、榆树市、德惠市和九台区床位合计13320张，仅占全市的26.4%。"
            "德惠市医疗卫生机构、床位、卫生技术人员分别为624个、3700张和3720人。")
    regions = {c.value_text: c.region for c in healthie.extract(text, region="长春市", nlp=nlp)}
    assert regions["624个"] == regions["3700张"] == regions["3720人"] == "德惠市"
    # the place of the list's first value holds for the rest only when it stands alone before 分别
    shared = "德惠市医疗卫生机构、床位分别为624个、3700张。"
    own = "规划床位分别为：东丽区600张、津南区800张。"
    listed = "郑州市、洛阳市是试点市，两市医养结合机构分别有46家、31家。"
    for text, place, second, expected in ((shared, "德惠市", "3700张", True), (own, "东丽区", "800张", False),
                                          (listed, "郑州市", "31家", False)):
        doc = _doc(text, [(place, "REGION"), (second, "VALUE")])
        assert LinkRanker._shared_place(text, doc.ents[1], doc.ents[0]) is expected, text


def test_a_from_value_holds_for_its_base_time_and_the_to_value_for_the_reports(nlp):
    import healthie

    text = ("株洲市卫生健康委员会2020年工作总结\n“十三五”期间，全市三级医院由7个增长到12个。"
            "全市床位由1200张增加到1500张。")
    years = {c.value_text: c.year for c in healthie.extract(text, region="株洲市", nlp=nlp)}
    assert years == {"7个": 2015, "12个": 2020, "1200张": None, "1500张": 2020}


def test_a_compared_or_base_date_with_its_own_figure_is_no_choice_for_later_values():
    text = "全省居民健康素养水平为12.8%，比2015年的8.1%提高4.7个百分点，但仍低于全国14.18%的平均水平。"
    doc = _doc(text, [("12.8%", "VALUE"), ("2015年", "DATE"), ("8.1%", "VALUE"), ("4.7个百分点", "VALUE"),
                      ("全国", "REGION"), ("14.18%", "VALUE")])
    context = LinkContext.of(doc)
    values = {e.text: e for e in doc.ents if e.label_ == "VALUE"}
    for words, kept in (("8.1%", ["2015年"]), ("4.7个百分点", []), ("14.18%", [])):
        candidates = context.candidates(values[words], "DATE_OF")
        assert [c.text for c in context.choosable(values[words], candidates, "DATE_OF")] == kept, words
        assert [c.text for c in candidates] == ["2015年"]  # the structure rules still see it
    assert context.choosable(values["14.18%"], [doc.ents[4]], "REGION_OF") == [doc.ents[4]]


def test_the_time_a_change_is_measured_from_and_a_multiples_base_hold_no_value(nlp):
    """比上年增长41.3% and 与2020年相比，卫生院增加126个: the changes are the report's year's, and 上年 is no
    to-value's year either; 是2021年的2.4倍 is this year's multiple; 较上年11.2/10万 is last year's figure."""
    import healthie

    text = ("2024年江西省卫生健康事业发展统计公报\n"
            "全年互联网医院提供线上诊疗服务862.4万人次，比上年增长41.3%，全省互联网医院由2020年的22家增至146家。"
            "日间手术42.6万台次，是2021年的2.4倍。与2020年相比，卫生院增加126个。")
    years = {c.value_text: c.year for c in healthie.extract(text, region="江西省", nlp=nlp)}
    assert years == {"862.4万人次": 2024, "41.3%": 2024, "22家": 2020, "146家": 2024, "42.6万台次": 2024,
                     "2.4倍": 2024, "126个": 2024}
    base = ("临沂市卫生健康工作综述\n2022年，全市提供线上复诊52.6万人次，是2020年的3.1倍，互联网医院服务量居全省第三。")
    years = {c.value_text: c.year for c in healthie.extract(base, region="临沂市", nlp=nlp)}
    assert years["3.1倍"] == years["第三"] == 2022  # the multiple's base year is no later value's
    ratio = "西藏自治区2010年卫生事业发展回顾\n婴儿死亡率是全国平均水平的1.6倍。"
    assert {c.value_text: c.region for c in healthie.extract(ratio, nlp=nlp)} == {"1.6倍": "西藏自治区"}
    doc = _doc("报告发病率为10.5/10万，较上年11.2/10万有所下降。", [("上年", "DATE"), ("11.2/10万", "VALUE")])
    context = LinkContext.of(doc)
    assert [c.text for c in context.choosable(doc.ents[1], [doc.ents[0]], "DATE_OF")] == ["上年"]


def test_a_growth_column_holds_the_report_year_and_changes(nlp):
    import healthie

    text = ("2024年江西省卫生健康事业发展统计公报\n"
            "指标 | 2023年 | 2024年 | 比上年增长\n"
            "床位（万张） | 31.89 | 32.85 | 3.0%\n")
    claims = {c.value_text: c for c in healthie.extract(text, region="江西省", nlp=nlp)}
    assert (claims["31.89"].year, claims["32.85"].year, claims["3.0%"].year) == (2023, 2024, 2024)
    assert claims["3.0%"].kind == "change" and claims["32.85"].kind != "change"


def test_years_listed_before_fenbie_pair_with_the_values_in_order(nlp):
    import healthie

    text = "河南省2017年卫生计生工作新闻发布会\n2016年、2017年全省出生人口分别为118.5万人和123.6万人。"
    claims = {c.value_text: c for c in healthie.extract(text, region="河南省", nlp=nlp)}
    assert (claims["118.5万人"].year, claims["123.6万人"].year) == (2016, 2017)


def test_a_compared_date_in_a_header_is_not_the_columns_year():
    from healthie.linking.link_candidates import _compared

    header = "2024年比2023年增长"
    assert not _compared(header, 0) and _compared(header, header.index("2023"))
    assert _compared("比上年增长", 1) and not _compared("上年", 0)


def test_a_national_figure_right_after_quanguo_is_the_nations(nlp):
    import healthie

    text = ("河南省2017年卫生计生工作新闻发布会\n全省居民健康素养水平为12.8%，但仍低于全国14.18%的平均水平，"
            "每千常住人口执业（助理）医师数比全国平均水平（2.44人）低0.08人，居全国第二十一位。")
    regions = {c.value_text: c.region for c in healthie.extract(text, region="河南省", nlp=nlp)}
    assert regions["14.18%"] == regions["2.44人"] == "全国"
    assert regions["12.8%"] == regions["0.08人"] == regions["第二十一位"] == "河南省"  # a rank stays the report's


def test_the_values_of_a_fenbie_list_take_the_year_of_its_first_value(nlp):
    import healthie

    text = ("西藏自治区卫生事业发展“十二五”规划\n西藏自治区卫生厅　2011年\n\n加强危重孕产妇和新生儿救治能力建设。到2015年，"
            "孕产妇系统管理率、3岁以下儿童系统管理率、产前检查率分别达到75%、70%、90%。")
    years = [c.year for c in healthie.extract(text, nlp=nlp)]
    assert years == [2015, 2015, 2015]


def test_the_scope_of_a_rank_is_not_a_region_candidate_of_it():
    text = "济源市婴儿死亡率列全省第一，居全国第三。"
    doc = _doc(text, [("济源市", "REGION"), ("婴儿死亡率", "METRIC"), ("全省", "REGION"), ("第一", "VALUE"),
                      ("全国", "REGION"), ("第三", "VALUE")], hint="河南省")
    context = LinkContext.of(doc)
    for value, scope in (("第一", "全省"), ("第三", "全国")):
        words = [c.text for c in context.candidates(next(e for e in doc.ents if e.text == value), "REGION_OF")]
        assert "济源市" in words and scope not in words


def test_a_place_after_the_value_beyond_a_clause_break_is_not_a_region_candidate():
    text = "济源市婴儿死亡率3.1‰，全省最低；郑州市床位6.2万张。"
    doc = _doc(text, [("济源市", "REGION"), ("婴儿死亡率", "METRIC"), ("3.1‰", "VALUE"), ("全省", "REGION"),
                      ("郑州市", "REGION"), ("床位", "METRIC"), ("6.2万张", "VALUE")], hint="河南省")
    context = LinkContext.of(doc)
    words = [c.text for c in context.candidates(next(e for e in doc.ents if e.text == "3.1‰"), "REGION_OF")]
    assert words == ["济源市"]
    words = [c.text for c in context.candidates(next(e for e in doc.ents if e.text == "6.2万张"), "REGION_OF")]
    assert words == ["济源市", "全省", "郑州市"]


def test_a_place_inside_a_campaigns_name_is_no_candidate():
    """“连心惠民—大美湘潭健康行”, 健康株洲: names, not places; a quoted place alone (“长沙市”) still is one."""
    text = "雨湖区开展“连心惠民—大美湘潭健康行”活动，义诊130场次；健康株洲行动实施15项；“长沙市”义诊20场。"
    doc = _doc(text, [("雨湖区", "REGION"), ("湘潭", "REGION"), ("130场次", "VALUE"), ("株洲", "REGION"),
                      ("15项", "VALUE"), ("长沙市", "REGION"), ("20场", "VALUE")], hint="湘潭市")
    context = LinkContext.of(doc)
    offered = {v: [c.text for c in context.candidates(next(e for e in doc.ents if e.text == v), "REGION_OF")]
               for v in ("130场次", "15项", "20场")}
    assert "湘潭" not in offered["130场次"] and "雨湖区" in offered["130场次"]
    assert "株洲" not in offered["15项"] and "长沙市" in offered["20场"]


def test_the_place_a_share_fraction_or_gap_is_taken_of_is_no_choice():
    """毕节市…占全省的[22.6%], 东川区…约为五华区的[四分之一], 高于全国平均水平[2.28个百分点]: the subject's
    figures; 三市合计占全省的51.7% is the whole's (several places' share), so 全省 stays a choice there."""
    text = ("毕节市参合人数742.5万人，占全省的22.6%。东川区为4.26张，约为五华区的四分之一。"
            "银川市健康素养水平21.45%，高于全国平均水平2.28个百分点。三市合计占全省的51.7%。")
    doc = _doc(text, [("毕节市", "REGION"), ("742.5万人", "VALUE"), ("全省", "REGION"), ("22.6%", "VALUE"),
                      ("东川区", "REGION"), ("4.26张", "VALUE"), ("五华区", "REGION"), ("四分之一", "VALUE"),
                      ("银川市", "REGION"), ("21.45%", "VALUE"), ("全国", "REGION"), ("2.28个百分点", "VALUE"),
                      ("全省", "REGION"), ("51.7%", "VALUE")], hint="贵州省")
    context = LinkContext.of(doc)

    def choosable(words):
        value = next(e for e in doc.ents if e.text == words)
        return [c.text for c in context.choosable(value, context.candidates(value, "REGION_OF"), "REGION_OF")]

    assert "全省" not in choosable("22.6%") and "毕节市" in choosable("22.6%")
    assert "五华区" not in choosable("四分之一") and "全国" not in choosable("2.28个百分点")
    assert "全省" in choosable("51.7%")
    text = "争取的中央补助资金占全省的近四分之一。"
    doc = _doc(text, [("全省", "REGION"), ("四分之一", "VALUE")], hint="咸宁市")
    context = LinkContext.of(doc)
    value = doc.ents[1]
    assert context.choosable(value, context.candidates(value, "REGION_OF"), "REGION_OF") == []  # 近 before the part


def test_the_town_part_of_a_place_is_no_place_without_its_city():
    """城区9.86万人, 主城区268个: the report's own place's town part; 大同市城区 is a district."""
    text = "卫生技术人员中，城区9.86万人，大同市城区1.2万人。"
    doc = _doc(text, [("城区", "REGION"), ("9.86万人", "VALUE"), ("大同市", "REGION"), ("城区", "REGION"),
                      ("1.2万人", "VALUE")], hint="长沙市")
    context = LinkContext.of(doc)
    first, second = (next(e for e in doc.ents if e.text == w) for w in ("9.86万人", "1.2万人"))
    assert not any(c.text == "城区" for c in context.candidates(first, "REGION_OF"))
    assert any(c.text == "城区" and c.start_char > text.index("大同市") for c in context.candidates(second, "REGION_OF"))


def test_the_scope_of_a_rank_in_an_evaluation_is_no_candidate():
    """健康扶贫工作在全市年度考核中排名第二, 位列全省县级医院第三: 全市 and 全省 are where the rank is taken."""
    text = "健康扶贫工作在全市年度考核中排名第二，县级医院综合能力评估位列全省县级医院第三。"
    doc = _doc(text, [("全市", "REGION"), ("第二", "VALUE"), ("全省", "REGION"), ("第三", "VALUE")], hint="丹凤县")
    context = LinkContext.of(doc)
    for words, scope in (("第二", "全市"), ("第三", "全省")):
        value = next(e for e in doc.ents if e.text == words)
        assert scope not in [c.text for c in context.candidates(value, "REGION_OF")], words


def test_the_lowest_place_a_multiple_is_taken_of_is_no_choice():
    """最高的郑州市是最低的周口市的[1.8倍]: 郑州市's multiple of 周口市's figure."""
    text = "最高的郑州市是最低的周口市的1.8倍。"
    doc = _doc(text, [("郑州市", "REGION"), ("周口市", "REGION"), ("1.8倍", "VALUE")], hint="河南省")
    context = LinkContext.of(doc)
    value = next(e for e in doc.ents if e.text == "1.8倍")
    assert [c.text for c in context.choosable(value, context.candidates(value, "REGION_OF"), "REGION_OF")] == ["郑州市"]


def test_a_place_in_an_aside_that_leaves_the_value_out_is_no_candidate():
    """补助资金2397万元（湖北省共1亿元）: 湖北省 is the aside's value's place, not the values outside it."""
    text = "争取补助资金2397万元（湖北省共1亿元），争取的资金占全省的近四分之一。"
    doc = _doc(text, [("补助资金", "METRIC"), ("2397万元", "VALUE"), ("湖北省", "REGION"), ("1亿元", "VALUE"),
                      ("全省", "REGION"), ("四分之一", "VALUE")], hint="咸宁市")
    context = LinkContext.of(doc)
    offered = {value.text: "湖北省" in [c.text for c in context.candidates(value, "REGION_OF")]
               for value in doc.ents if value.label_ == "VALUE"}
    assert offered == {"2397万元": False, "1亿元": True, "四分之一": False}


def test_the_scope_a_first_is_taken_in_and_a_place_in_a_yi_wei_frame_are_no_candidates():
    """在全省率先出台…[五种]照护服务模式; 以…嘉鱼县…为牵头医院的[9个]县域医共体: neither place is the value's."""
    text = "在全省率先出台育儿假政策，探索出五种照护服务模式。组建以县级人民医院和嘉鱼县中医院为牵头医院的9个县域医共体，嘉鱼县新建村卫生室3个。"
    doc = _doc(text, [("全省", "REGION"), ("五种", "VALUE"), ("嘉鱼县", "REGION"), ("9个", "VALUE"),
                      ("嘉鱼县", "REGION"), ("3个", "VALUE")], hint="咸宁市")
    context = LinkContext.of(doc)
    offered = {value.text: [c.start_char for c in context.candidates(value, "REGION_OF")]
               for value in doc.ents if value.label_ == "VALUE"}
    assert offered["五种"] == [] and offered["9个"] == []
    assert offered["3个"] == [text.rindex("嘉鱼县")]


def test_a_place_from_an_earlier_sentence_is_marked_when_the_values_own_sentence_names_one():
    text = "全省居民健康素养水平达到28.3%。各设区市中，南昌市最高，为34.2%。全省婴儿死亡率3.9‰。"
    doc = _doc(text, [("全省", "REGION"), ("28.3%", "VALUE"), ("南昌市", "REGION"), ("34.2%", "VALUE"),
                      ("全省", "REGION"), ("3.9‰", "VALUE")], hint="江西省")
    context = LinkContext.of(doc)

    def marked(words):
        value = next(e for e in doc.ents if e.text == words)
        candidates = context.candidates(value, "REGION_OF")
        return {c.text: row.get("other_sentence&named_here", 0.0)
                for c, row in zip(candidates, link_rows(context, value, candidates, "REGION_OF"))}

    assert marked("34.2%") == {"全省": 1.0, "南昌市": 0.0}
    assert all(flag == 0.0 for flag in marked("3.9‰").values())  # its own sentence names no place but 全省


def test_a_target_year_dates_its_own_clause_only(nlp):
    """规划目标为到2025年达到7.8张: the target's year; the next sentence's values and the 9 indicators that met
    their 2025 targets (at the end of 2023) are the report's."""
    import healthie

    text = ("芜湖市“十四五”卫生健康事业发展规划实施中期评估报告\n芜湖市卫生健康委员会\n2024年5月\n\n"
            "我委以2023年底为评估时点，对规划实施进展进行了评估。"
            "每千人口医疗卫生机构床位数2023年达到7.46张，规划目标为到2025年达到7.8张左右。"
            "居民健康素养水平提前实现“到2025年达到32%”的目标。高血压患者规范管理率达到68.3%。"
            "规划设置的主要指标共26项，截至2023年底，已提前实现2025年目标值的9项。")
    years = {c.value_text: c.year for c in healthie.extract(text, region="芜湖市", nlp=nlp)}
    assert (years["7.46张"], years["7.8张"], years["68.3%"], years["9项"]) == (2023, 2025, 2023, 2023)
    spoken = "新闻发布会实录\n时间：2024年10月24日\n陈海涛：我们计划到明年底再新增产科床位300张。"
    assert [c.year for c in healthie.extract(spoken, region="湛江市", nlp=nlp)] == [2025]


def test_the_place_whose_average_a_value_is_compared_with(nlp):
    """比全省平均水平高1.1岁: the city's gap, not the province's; 低于0.87人的全省平均水平: 0.87 is the province's."""
    import healthie

    text = ("芜湖市卫生健康工作报告\n2023年，全市人均预期寿命达到79.83岁，比全省平均水平高1.1岁。"
            "每千名儿童儿科执业（助理）医师数仅为0.71人，低于0.87人的全省平均水平。")
    regions = {c.value_text: c.region for c in healthie.extract(text, region="芜湖市", nlp=nlp)}
    assert regions == {"79.83岁": "芜湖市", "1.1岁": "芜湖市", "0.71人": "芜湖市", "0.87人": "安徽省"}


def test_the_same_period_last_year_is_compared_with_not_the_values_year(nlp):
    import healthie

    text = ("邯郸市家庭医生签约服务\n发布时间：2025-04-18 09:30\n今年一季度，全市家庭医生累计提供随访服务156万人次，"
            "比去年同期增长18.2%。今年1至3月，该中心共提供上门服务1146人次，是去年同期的1.6倍。")
    assert {c.value_text: c.year for c in healthie.extract(text, region="邯郸市", nlp=nlp)} == {
        "156万人次": 2025, "18.2%": 2025, "1146人次": 2025, "1.6倍": 2025}


def test_a_gap_to_the_provinces_average_is_the_home_places(nlp):
    import healthie

    text = "三台县卫生健康局2020年工作总结\n全县每万人口全科医生数为2.1人，低于全省平均水平0.8人。"
    claims = {c.value_text: c for c in healthie.extract(text, nlp=nlp)}
    assert (claims["0.8人"].region, claims["0.8人"].value) == ("三台县", -0.8)


def test_a_year_in_a_closed_aside_is_not_the_next_values_and_a_bracketed_base_takes_its_date(nlp):
    """上升27.4%（去年同期为3239例），报告发病率上升9.43/10万: the change is this year's; 较去年同期（498.32/10万）:
    that figure is last year's."""
    import healthie

    text = ("潍坊市2023年法定传染病疫情概况\n与去年同期相比，报告发病数上升27.4%（去年同期为3239例），报告发病率上升"
            "9.43/10万。报告发病率为621.59/10万，较去年同期（498.32/10万）上升24.74%。")
    years = {c.value_text: c.year for c in healthie.extract(text, nlp=nlp)}
    assert (years["3239例"], years["9.43/10万"], years["498.32/10万"], years["24.74%"]) == (2022, 2023, 2022, 2023)


def test_places_before_deng_are_examples_not_the_place_of_the_count_and_a_from_value_keeps_no_report_year(nlp):
    """泼陂河镇、砖桥镇等8所乡镇卫生院: the county's count; 从改革前的一年2000人次左右增至去年的6800人次: the
    from-value has no year of its own (never the report's), the to-value is last year's."""
    import healthie

    text = ("光山县卫生健康委员会2024年上半年工作总结\n计划对泼陂河镇、白雀园镇、砖桥镇等8所乡镇卫生院进行改扩建。"
            "全县乡镇卫生院住院人次从改革前的一年2000人次左右增至去年的6800人次。")
    got = {c.value_text: (c.region, c.year) for c in healthie.extract(text, nlp=nlp)}
    assert got["8所"] == ("光山县", 2024)
    assert got["2000人次"] == ("光山县", None) and got["6800人次"] == ("光山县", 2023)


def test_a_sentences_opening_year_dates_the_clauses_after_its_semicolons(nlp):
    """2025年，市医保局将重点抓好…：一是…；二是…85%以上: every target of the sentence is 2025's, past ；; a clause
    that names its own year keeps it; a target's 到2015年 stays in its clause (the corpus marks it so)."""
    import healthie

    text = ("湖州市医疗保障局2024年工作总结\n2025年，市医保局将重点抓好以下工作：一是全市基本医疗保险参保率稳定在95%以上；"
            "二是DRG付费病例占比达到85%以上；三是异地就医直接结算率提高到75%。"
            "2023年，全市诊疗人次达到148.6万人次；2024年住院1.92万人次。")
    got = {c.value_text: c.year for c in healthie.extract(text, nlp=nlp)}
    assert got["95%"] == got["85%"] == got["75%"] == 2025
    assert got["148.6万人次"] == 2023 and got["1.92万人次"] == 2024


def test_a_span_start_is_no_year_and_a_comparison_with_only_dates_no_change(nlp):
    """2019年以来累计投入…: the total holds at the report's time, not in 2019; 比2022年仅下降0.6个百分点: the change is
    the report year's; 由每人次10元调整为12元: 10元 is a from-value (no year of its own)."""
    import healthie

    text = ("攸县卫生健康局2024年工作总结\n2019年以来，全县累计投入基层医疗卫生基础设施建设资金2.76亿元。"
            "县外就医人次占比为12.8%，比2022年仅下降0.6个百分点。一般诊疗费由每人次10元调整为12元。")
    got = {c.value_text: c.year for c in healthie.extract(text, nlp=nlp)}
    assert got["2.76亿元"] == 2024 and got["0.6个百分点"] == 2024
    assert got["10元"] is None and got["12元"] == 2024


def test_the_place_a_superlative_is_said_of_holds_its_figure(nlp):
    """其中安吉县最高，为98.1%，南浔区最低（94.2%）: each figure is that place's, not the city's."""
    import healthie

    text = "湖州市2024年妇幼健康报告\n全市儿童视力检查覆盖率达到96.3%，其中安吉县最高，为98.1%，南浔区最低（94.2%）。"
    got = {c.value_text: c.region for c in healthie.extract(text, nlp=nlp)}
    assert got == {"96.3%": "湖州市", "98.1%": "安吉县", "94.2%": "南浔区"}


def test_an_opening_year_stops_where_a_clause_moves_on_in_time(nlp):
    """2023年，…为61.8%；经过一年努力，…分别提高到…66.3%: the to-values are not 2023's."""
    import healthie

    text = ("中江县卫生健康局2024年工作总结\n2023年，全县高血压患者规范管理率为61.8%；经过一年努力，"
            "高血压患者规范管理率提高到66.3%。")
    got = {c.value_text: c.year for c in healthie.extract(text, nlp=nlp)}
    assert got["61.8%"] == 2023 and got["66.3%"] == 2024


def test_a_named_place_that_opens_the_values_clause_holds_it_over_a_whole_before(nlp):
    """全省婴儿死亡率为2.61‰，南昌市婴儿死亡率为1.96‰: 1.96‰ is 南昌市's (it was the province's)."""
    import healthie

    text = "江西省卫生健康委员会新闻发布\n2024年，全省婴儿死亡率为2.61‰，南昌市婴儿死亡率为1.96‰。"
    got = {c.value_text: c.region for c in healthie.extract(text, nlp=nlp)}
    assert got == {"2.61‰": "江西省", "1.96‰": "南昌市"}


def test_a_fenbie_list_pairs_with_a_list_of_years_in_the_clause_before(nlp):
    """2021年、2022年、2023年和2024年，全省孕产妇死亡率分别为…: each value its year (all were 2021)."""
    import healthie

    text = ("江西省卫生健康委员会新闻发布\n2021年、2022年、2023年和2024年，全省孕产妇死亡率分别为10.26/10万、9.41/10万、"
            "8.79/10万和7.85/10万。")
    assert [c.year for c in healthie.extract(text, nlp=nlp)] == [2021, 2022, 2023, 2024]


def test_a_gap_to_the_average_holds_where_the_figure_before_it_holds(nlp):
    """九江市…为812.4/10万，低于全省平均水平64.7/10万: the gap is 九江市's (it was the province's); with no place
    named, the home's."""
    import healthie

    text = ("江西省卫生健康委员会新闻发布\n2024年，九江市法定传染病报告发病率为812.4/10万，低于全省平均水平64.7/10万。"
            "全省人均预期寿命78.6岁，比全国平均水平高0.4岁。")
    got = {c.value_text: c.region for c in healthie.extract(text, nlp=nlp)}
    assert got["64.7/10万"] == "九江市" and got["0.4岁"] == "江西省"


def test_a_fenbie_list_over_a_span_of_as_many_years_holds_them_in_order(nlp):
    """从2021年到2024年，…分别为a、b、c和d: 2021 to 2024 (all were 2024); 2023—2024年，A、B分别为x、y pairs with its
    names, and both hold for the span's end."""
    import healthie

    text = ("江西省卫生健康委员会新闻发布\n从2021年到2024年，全省孕产妇死亡率分别为10.26/10万、9.41/10万、8.79/10万和"
            "7.85/10万。2023—2024年，全省孕产妇死亡率、婴儿死亡率分别为10.26/10万和3.1‰。")
    assert [c.year for c in healthie.extract(text, nlp=nlp)] == [2021, 2022, 2023, 2024, 2024, 2024]


def test_an_opening_year_reaches_past_a_bracketed_base_and_its_own_years_end(nlp):
    """2025年，…：一是…；二是到2025年底建成…12家（2024年为8家）；三是…3000张: 3000张 is 2025's too; 8家 is 2024's."""
    import healthie

    text = ("安吉县2024年工作总结\n2025年，我们将：一是全县签约率达到70%；二是到2025年底建成养老机构12家（2024年为8家）；"
            "三是床位达到3000张。")
    got = {c.value_text: c.year for c in healthie.extract(text, nlp=nlp)}
    assert got == {"70%": 2025, "12家": 2025, "8家": 2024, "3000张": 2025}


def test_the_time_a_new_count_is_compared_with_dates_nothing(nlp):
    """全市定点医药机构达到4286家，比上年新增312家: 312家 is the report year's (上年 is what it is counted from)."""
    import healthie

    text = "荆州市医疗保障局2024年工作总结\n全市定点医药机构达到4286家，比上年新增312家。"
    assert [c.year for c in healthie.extract(text, nlp=nlp)] == [2024, 2024]
