import spacy

from healthie.linking.metric_candidates import MetricContext, candidate_rows
from healthie.linking.metric_ranker import MetricRanker
from healthie.linking.relations import best_relations


def _doc(text, metrics, values):
    nlp = spacy.blank("zh")
    doc = nlp(text)
    spans = [doc.char_span(text.index(m), text.index(m) + len(m), "METRIC") for m in metrics]
    spans += [doc.char_span(text.index(v), text.index(v) + len(v), "VALUE") for v in values]
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def _candidate_feature(doc, value_words, feature):
    """{candidate's words: its feature} among the metric candidates of the value with these words."""
    context = MetricContext.of(doc)
    value = next(e for e in doc.ents if e.text == value_words)
    candidates = context.candidates(value)
    return {c.text: row.get(feature) for c, row in zip(candidates, candidate_rows(context, value, candidates))}


BREAKDOWN = "全市床位总数4.8万张，其中医院3.7万张，基层医疗卫生机构0.9万张。"
FENBIE = "婴儿死亡率、孕产妇死亡率分别为5.1‰、15.3/10万。"
TABLE = "指标 | 2021年 | 2022年\n卫生技术人员（人） | 18,215 | 19,032\n注册护士（人） | 6,870 | 7,104\n"


def _gold(doc, pairs):
    """{value span: metric span} in character offsets, from (value text, metric text) pairs."""
    text = doc.text
    return {(text.index(v), text.index(v) + len(v)): (text.index(m), text.index(m) + len(m)) for v, m in pairs}


def _examples():
    breakdown = _doc(BREAKDOWN, ["床位总数", "基层医疗卫生机构"], ["4.8万张", "3.7万张", "0.9万张"])
    fenbie = _doc(FENBIE, ["婴儿死亡率", "孕产妇死亡率"], ["5.1‰", "15.3/10万"])
    table = _doc(TABLE, [], ["18,215", "19,032", "6,870", "7,104"])
    return [(breakdown, _gold(breakdown, [("4.8万张", "床位总数"), ("3.7万张", "床位总数"), ("0.9万张", "床位总数")])),
            (fenbie, _gold(fenbie, [("5.1‰", "婴儿死亡率"), ("15.3/10万", "孕产妇死亡率")])),
            (table, _gold(table, [("18,215", "卫生技术人员"), ("19,032", "卫生技术人员"), ("6,870", "注册护士"),
                                  ("7,104", "注册护士")]))] * 4


def _metrics(doc):
    by_start = {e.start: e for e in doc.ents}
    return {by_start[head].text: by_start[tail].text
            for (head, label), (tail, _) in best_relations(doc, {"METRIC_OF": 0.0, "REGION_OF": 1.0, "DATE_OF": 1.0}).items()
            if label == "METRIC_OF"}


def test_candidates_come_from_the_sentence_before_and_the_table_row():
    doc = _doc("全县孕产妇系统管理情况良好。建卡率96.2%，早孕建册率92.8%。", ["建卡率", "早孕建册率"], ["96.2%", "92.8%"])
    context = MetricContext.of(doc)
    value = [e for e in doc.ents if e.text == "92.8%"][0]
    assert [c.text for c in context.candidates(value)] == ["建卡率", "早孕建册率"]
    table = _doc(TABLE, [], ["18,215", "6,870"])
    context = MetricContext.of(table)
    cell = [e for e in table.ents if e.text == "6,870"][0]
    assert [c.text for c in context.candidates(cell)] == ["注册护士"]  # the row label, unit left out


def test_a_transposed_table_offers_the_column_header():
    text = "地区    家庭医生签约率(%)  建档率(%)\n南关区    31.2    78.6\n宽城区    33.5    80.2\n"
    doc = _doc(text, [], ["31.2", "78.6", "80.2"])
    context = MetricContext.of(doc)
    cell = [e for e in doc.ents if e.text == "80.2"][0]
    assert "建档率" in [c.text for c in context.candidates(cell)]


def test_a_column_header_that_a_catalogue_name_holds_with_its_note_is_offered_whole():
    """社区卫生服务中心（站） is a name of its own; 床位（张） would be a name and its unit."""
    text = "县（市）区    社区卫生服务中心（站）    乡镇卫生院\n庐阳区    48    0\n蜀山区    71    3\n"
    doc = _doc(text, ["社区卫生服务中心（站）"], ["48", "71"])
    context = MetricContext.of(doc)
    cell = [e for e in doc.ents if e.text == "71"][0]
    assert "社区卫生服务中心（站）" in [c.text for c in context.candidates(cell)]


def test_a_candidate_in_an_aside_closed_before_the_value_is_marked():
    """三级医院24个（其中三级甲等医院16个），比上年增加2个: the change is of 三级医院."""
    text = "三级医院24个（其中三级甲等医院16个），比上年增加2个。"
    doc = _doc(text, ["三级医院", "三级甲等医院"], ["24个", "16个", "2个"])
    assert _candidate_feature(doc, "2个", "in_closed_aside") == {"三级医院": 0.0, "三级甲等医院": 1.0}


def test_a_breakdown_item_carries_its_values_unit():
    """其中中央资金3.95亿元 (a part of the money) and 其中三级医院9个 (a kind counted) are told apart by unit."""
    text = "落实补助资金6.59亿元，其中中央资金3.95亿元。全市医院58个，其中三级医院9个。"
    doc = _doc(text, ["补助资金", "中央资金", "医院", "三级医院"], ["6.59亿元", "3.95亿元", "58个", "9个"])
    context = MetricContext.of(doc)
    for words, item, unit in (("3.95亿元", "中央资金", "元"), ("9个", "三级医院", "个")):
        value = [e for e in doc.ents if e.text == words][0]
        candidates = context.candidates(value)
        rows = {c.text: row for c, row in zip(candidates, candidate_rows(context, value, candidates))}
        assert rows[item].get(f"adjacent_item&unit={unit}") == 1.0, words


def test_a_fenbie_value_is_aligned_with_its_metric_by_position():
    doc = _doc(FENBIE, ["婴儿死亡率", "孕产妇死亡率"], ["5.1‰", "15.3/10万"])
    context = MetricContext.of(doc)
    second = [e for e in doc.ents if e.text == "15.3/10万"][0]
    candidates = context.candidates(second)
    aligned = {c.text: row.get("fenbie_aligned", 0.0) for c, row in zip(candidates, candidate_rows(context, second, candidates))}
    assert aligned == {"婴儿死亡率": 0.0, "孕产妇死亡率": 1.0}


def test_a_row_label_wrapped_over_two_lines_is_the_metric_whole(nlp):
    import healthie

    text = ("2017年长春市卫生计生统计资料\n指标 | 本年 | 上年 | 增减(%)\n每千人口床位数（张） | 6.73 | 6.32 | 6.5\n"
            "每千人口执业（助理）\n医师数（人） | 3.06 | 2.89 | 5.9\n")
    claims = {c.value_text: c for c in healthie.extract(text, region="长春市", nlp=nlp)}
    assert claims["3.06"].metric_text == "每千人口执业（助理）\n医师数" and claims["3.06"].metric_name == "每千人口执业(助理)医师数"
    assert claims["6.73"].metric_text == "每千人口床位数"  # a row below a row of its own: not wrapped


def test_the_whole_a_share_is_taken_of_is_never_a_candidate():
    """占总人口的11.9%: 总人口 is what the share is taken of; the metric is 65岁及以上常住人口."""
    text = "全市65岁及以上常住人口113.5万人，占总人口的11.9%；注册护士占卫生技术人员的比例为45.2%。"
    doc = _doc(text, ["65岁及以上常住人口", "总人口", "注册护士", "卫生技术人员"], ["113.5万人", "11.9%", "45.2%"])
    context = MetricContext.of(doc)
    for value_text, part, whole in (("11.9%", "65岁及以上常住人口", "总人口"), ("45.2%", "注册护士", "卫生技术人员")):
        value = next(e for e in doc.ents if e.text == value_text)
        words = [c.text for c in context.candidates(value)]
        assert part in words and whole not in words
    text = "民营医院316个，占医院总数的76.7%，比上年提高1.1个百分点。"  # the share's change too
    doc = _doc(text, ["民营医院", "医院总数"], ["316个", "76.7%", "1.1个百分点"])
    value = next(e for e in doc.ents if e.text == "1.1个百分点")
    assert [c.text for c in MetricContext.of(doc).candidates(value)] == ["民营医院"]


def test_fitted_ranker_makes_one_decision_per_value_and_reads_structure(tmp_path):
    ranker = MetricRanker(threshold=0.05).fit(_examples())
    breakdown = ranker(_doc(BREAKDOWN, ["床位总数", "基层医疗卫生机构"], ["4.8万张", "3.7万张", "0.9万张"]))
    assert _metrics(breakdown) == {"4.8万张": "床位总数", "3.7万张": "床位总数", "0.9万张": "床位总数"}
    heads = [h for (h, t), labels in breakdown._.rel.items() if "METRIC_OF" in labels]
    assert len(heads) == len(set(heads)) == 3  # one METRIC_OF per value
    fenbie = ranker(_doc(FENBIE, ["婴儿死亡率", "孕产妇死亡率"], ["5.1‰", "15.3/10万"]))
    assert _metrics(fenbie) == {"5.1‰": "婴儿死亡率", "15.3/10万": "孕产妇死亡率"}
    table = ranker(_doc(TABLE, [], ["18,215", "19,032", "6,870", "7,104"]))
    assert _metrics(table) == {"18,215": "卫生技术人员", "19,032": "卫生技术人员", "6,870": "注册护士", "7,104": "注册护士"}
    assert [e.text for e in table.ents if e.label_ == "METRIC"] == ["卫生技术人员", "注册护士"]  # row labels added

    ranker.to_disk(tmp_path)
    reloaded = MetricRanker(threshold=0.05).from_disk(tmp_path)
    again = reloaded(_doc(BREAKDOWN, ["床位总数", "基层医疗卫生机构"], ["4.8万张", "3.7万张", "0.9万张"]))
    assert again._.rel == breakdown._.rel


def test_below_the_threshold_a_value_gets_no_metric():
    ranker = MetricRanker(threshold=1.01).fit(_examples())
    doc = ranker(_doc(BREAKDOWN, ["床位总数", "基层医疗卫生机构"], ["4.8万张", "3.7万张", "0.9万张"]))
    assert _metrics(doc) == {}


def test_a_long_specific_phrase_is_offered_beside_the_metric_it_ends():
    text = "按床位数分，100-199张床位医院41个，500张及以上床位医院24个。在管高血压患者65.8万人、2型糖尿病患者19.6万人。"
    doc = _doc(text, [], [])
    spans = []
    for words, label in [("床位数", "METRIC"), ("医院", "METRIC"), ("41个", "VALUE"), ("医院", "METRIC"), ("24个", "VALUE"),
                         ("高血压", "DISEASE"), ("患者", "METRIC"), ("65.8万人", "VALUE"), ("糖尿病", "DISEASE"),
                         ("患者", "METRIC"), ("19.6万人", "VALUE")]:
        start = text.index(words, spans[-1].end_char if spans else 0)
        spans.append(doc.char_span(start, start + len(words), label))
    doc.ents = spans
    context = MetricContext.of(doc)
    offered = {v.text: [c.text for c in context.candidates(v)] for v in doc.ents if v.label_ == "VALUE"}
    assert "500张及以上床位医院" in offered["24个"] and "医院" in offered["24个"]
    assert "2型糖尿病患者" in offered["19.6万人"]
    assert "100-199张床位医院" in offered["41个"]
    assert "按床位数" not in offered["41个"]  # only the phrase right before a value grows


def test_a_rate_raised_to_a_sum_per_head_is_extended_as_if_right_before_its_value():
    text = "独生子女死亡家庭特别扶助金标准提高至每人每月850元，全年投入资金标准之外另有300万元。"
    doc = _doc(text, ["标准", "资金"], ["850元", "300万元"])
    context = MetricContext.of(doc)
    first, second = (e for e in doc.ents if e.label_ == "VALUE")
    assert "独生子女死亡家庭特别扶助金标准" in [c.text for c in context.candidates(first)]
    assert not any(c.text.endswith("资金") and len(c.text) > 2 for c in context.candidates(second))  # too far


def test_a_tagged_metric_that_opens_with_its_verb_is_not_extended_over_the_actor():
    """县卫生计生监督机构|查处违法案件: the phrase before an action's verb is who did it."""
    text = "县卫生计生监督机构查处违法案件126件。"
    doc = _doc(text, [], [])
    start = text.index("查处违法案件")
    doc.ents = [doc.char_span(start, start + 6, "METRIC"), doc.char_span(start + 6, start + 10, "VALUE")]
    context = MetricContext.of(doc)
    assert [c.text for c in context.candidates(doc.ents[1])] == ["查处违法案件"]


def test_a_chosen_long_phrase_replaces_the_entities_it_holds():
    from healthie.linking.metric_ranker import _place_proposed, _repointed

    text = "2型糖尿病患者19.6万人，患者满意度90%。"
    doc = _doc(text, [], [])
    doc.ents = [doc.char_span(2, 5, "DISEASE"), doc.char_span(5, 7, "METRIC"), doc.char_span(7, 12, "VALUE")]
    long = doc.char_span(0, 7, "METRIC")
    fresh, replaced = _place_proposed(doc, [long])
    assert [s.text for s in fresh] == ["2型糖尿病患者"] and len(replaced) == 2
    value, patients = doc.ents[2].start, doc.ents[1].start
    scored = {(value, long.start): {"METRIC_OF": 0.9}, (99, patients): {"METRIC_OF": 0.8}, (99, 50): {"DATE_OF": 1.0}}
    assert _repointed(scored, fresh, replaced) == {(value, long.start): {"METRIC_OF": 0.9},
                                                  (99, long.start): {"METRIC_OF": 0.8}, (99, 50): {"DATE_OF": 1.0}}
    doc.ents = [doc.char_span(0, 2, "REGION"), doc.char_span(5, 7, "METRIC"), doc.char_span(7, 12, "VALUE")]
    assert _place_proposed(doc, [long]) == ([], set())  # over an entity of another label: not placed


def test_a_shorter_proposed_phrase_is_placed_before_one_that_holds_it():
    """全市127个建制乡镇卫生院已完成标准化建设124家: the count's noun, not the phrase run over it."""
    from healthie.linking.metric_ranker import _place_proposed

    text = "全市127个建制乡镇卫生院已完成标准化建设124家。"
    doc = _doc(text, ["乡镇卫生院", "标准化建设"], ["127个", "124家"])
    noun = doc.char_span(text.index("建制"), text.index("已完成"), "METRIC")
    long = doc.char_span(text.index("建制"), text.index("124家"), "METRIC")
    fresh, replaced = _place_proposed(doc, [long, noun])
    assert [s.text for s in fresh] == ["建制乡镇卫生院"] and {doc[a:b].text for a, b in replaced} == {"乡镇卫生院"}


def test_a_proposed_phrase_cuts_a_tagged_metric_only_when_no_link_points_to_it():
    """查处非法行医|案件52起 -> 非法行医案件: the tagged 查处非法行医 gives way unless a value is linked to it."""
    from healthie.linking.metric_ranker import _place_proposed

    text = "查处非法行医案件52起。"
    doc = _doc(text, ["查处非法行医", "案件"], ["52起"])
    tagged = doc.ents[0]
    span = doc.char_span(2, 8, "METRIC")
    fresh, replaced = _place_proposed(doc, [span])
    assert [s.text for s in fresh] == ["非法行医案件"] and len(replaced) == 2
    assert _place_proposed(doc, [span], linked={tagged.start}) == ([], set())


def test_the_best_option_is_renormalised_over_what_is_left():
    from healthie.linking.metric_ranker import _best

    assert _best([], 0.3) is None
    assert _best([("a", 0.6), ("b", 0.3)], 0.5) == (0, 0.6)
    assert _best([("b", 0.1)], 0.3, none=0.1) == (0, 0.5)  # 0.1 of the 0.2 left once the best is out
    assert _best([("b", 0.1)], 0.3, none=0.4) is None


def test_the_noun_after_a_count_is_a_candidate():
    """组织1800余名医务人员: the count's noun follows it."""
    text = "市县两级组织1800余名医务人员深入贫困村。"
    doc = _doc(text, [], ["1800余名"])
    context = MetricContext.of(doc)
    (value,) = doc.ents
    assert [c.text for c in context.candidates(value)] == ["医务人员深入贫困村"]
    doc = _doc("全市床位总数4.8万张。", ["床位总数"], ["4.8万张"])
    (value,) = [e for e in doc.ents if e.label_ == "VALUE"]
    assert [c.text for c in MetricContext.of(doc).candidates(value)] == ["床位总数"]  # no count noun after it


def test_the_label_before_a_colon_is_a_candidate_unless_its_clause_names_a_metric():
    """规划床位：当雄县（60张）: the lead-in label; [报告发病率]较高的病种依次为：: not the rest of the clause."""
    doc = _doc("以下县新建县人民医院，规划床位：当雄县（60张）、定日县（80张）。", [], ["60张", "80张"])
    for value in doc.ents:
        assert [c.text for c in MetricContext.of(doc).candidates(value)] == ["规划床位"]
    doc = _doc("检出率（%）：洛隆县（14.2）。", [], ["14.2"])
    assert [c.text for c in MetricContext.of(doc).candidates(doc.ents[0])] == ["检出率"]  # its unit note left out
    doc = _doc("报告发病率较高的病种依次为：肺结核（32.72）。", ["报告发病率"], ["32.72"])
    value = [e for e in doc.ents if e.label_ == "VALUE"][0]
    assert [c.text for c in MetricContext.of(doc).candidates(value)] == ["报告发病率"]


def test_the_noun_after_de_that_follows_a_list_of_values_is_a_candidate():
    text = "三级医院、二级医院分别承担了38.6%和44.1%的住院服务量。"
    doc = _doc(text, ["三级医院", "二级医院"], ["38.6%", "44.1%"])
    for value in [e for e in doc.ents if e.label_ == "VALUE"]:
        assert [c.text for c in MetricContext.of(doc).candidates(value)] == ["三级医院", "二级医院", "住院服务量"]
    doc = _doc("床位占48.6%，医院56家。", ["床位"], ["48.6%"])
    value = [e for e in doc.ents if e.label_ == "VALUE"][0]
    assert MetricContext.of(doc).after_list(value) is None  # no 的 after it


def test_a_phrase_after_the_value_beyond_a_clause_break_is_not_a_candidate():
    doc = _doc("年末全省534个，社区卫生服务站602个。", ["社区卫生服务站"], ["534个", "602个"])
    first, second = [e for e in doc.ents if e.label_ == "VALUE"]
    context = MetricContext.of(doc)
    assert context.candidates(first) == [] and [c.text for c in context.candidates(second)] == ["社区卫生服务站"]


def test_the_whole_phrase_that_opens_a_breakdown_is_a_candidate():
    """医疗卫生机构实有床位中，医院41875张: the rules tagged 医疗卫生机构; the whole head is offered."""
    text = "医疗卫生机构实有床位中，医院41875张，基层医疗卫生机构5306张。"
    doc = _doc(text, ["医疗卫生机构", "医院", "基层医疗卫生机构"], ["41875张", "5306张"])
    for value in [e for e in doc.ents if e.label_ == "VALUE"]:
        assert "医疗卫生机构实有床位" in [c.text for c in MetricContext.of(doc).candidates(value)]
    doc = _doc("全市中，医院12家。", ["医院"], ["12家"])  # a scope word is not a head
    assert [c.text for c in MetricContext.of(doc).candidates(doc.ents[-1])] == ["医院"]


def test_of_candidates_that_read_alike_the_nearest_is_linked():
    import spacy

    from healthie.linking.metric_ranker import _nearest_namesake

    doc = spacy.blank("zh")("卫生技术人员5.59万人，卫生技术人员中，医院4.12万人")
    text = doc.text
    first, second = doc.char_span(0, 6), doc.char_span(13, 19)
    other = doc.char_span(text.index("医院"), text.index("医院") + 2)
    value = doc.char_span(text.index("4.12"), len(text))
    assert first.text == second.text == "卫生技术人员" and value.text == "4.12万人"
    assert _nearest_namesake(first, [first, second, other], value) == second
    assert _nearest_namesake(other, [first, second, other], value) == other


def test_a_row_label_over_a_disease_the_rules_tagged_becomes_the_metric(nlp):
    import healthie

    text = ("表3 2018-2019年邯郸市妇幼健康主要指标\n指标| 2018年| 2019年\n住院分娩率(%) | 99.96 | 99.98\n"
            "手足口病重症病例救治成功率(%) | 97.9 | 98.6\n")
    from healthie.linking.gold import entity_stage, tagged

    rules = tagged(entity_stage(nlp), nlp.make_doc(text))
    label_start = text.index("手足口病重症病例救治成功率")
    assert [e.label_ for e in rules.ents if e.start_char == label_start] == ["DISEASE"]  # the case itself
    doc = nlp(text)
    claims = {c.value_text: c for c in healthie.extract(text, region="邯郸市", nlp=nlp)}
    assert claims["98.6"].metric_name == claims["97.9"].metric_name == "手足口病重症病例救治成功率"
    assert [e.label_ for e in doc.ents if e.text == "手足口病重症病例救治成功率"] == ["METRIC"]


def test_every_item_of_a_fenbie_list_is_a_candidate():
    """The rules tagged two of three names before 分别: the third is offered, and the values pair by order."""
    from healthie.linking.structure import fenbie_partner

    text = "门诊病人次均医药费用、住院病人人均医药费用、医师日均担负诊疗人次分别为281.6元、11584.6元和6.2人次。"
    doc = _doc(text, ["门诊病人次均医药费用", "医师日均担负诊疗人次"], ["281.6元", "11584.6元", "6.2人次"])
    context = MetricContext.of(doc)
    values = [e for e in doc.ents if e.label_ == "VALUE"]
    partners = []
    for value in values:
        candidates = context.candidates(value)
        assert [c.text for c in candidates] == ["门诊病人次均医药费用", "住院病人人均医药费用", "医师日均担负诊疗人次"]
        partners.append(candidates[fenbie_partner(text, value, candidates, context.value_starts)].text)
    assert partners == ["门诊病人次均医药费用", "住院病人人均医药费用", "医师日均担负诊疗人次"]


def test_a_fenbie_list_of_kinds_before_one_metric_offers_no_items():
    """三级医院、二级医院、一级医院病床使用率: the kinds share the metric; so do items with 的 before it, and a
    list whose length is not the values'."""
    for text, metrics, values in [
        ("三级医院、二级医院、一级医院病床使用率分别为89.6%、76.3%和52.8%。", ["病床使用率"], ["89.6%", "76.3%", "52.8%"]),
        ("老年人、高血压患者、糖尿病患者的签约率分别为82.4%、78.9%和80.1%。", ["签约率"], ["82.4%", "78.9%", "80.1%"]),
        ("门诊量、住院量分别增长4.1%。", ["门诊量"], ["4.1%"]),
    ]:
        doc = _doc(text, metrics, values)
        context = MetricContext.of(doc)
        assert all(context.fenbie_items(v) == [] for v in doc.ents if v.label_ == "VALUE")


def test_the_noun_after_a_count_keeps_a_short_note_and_stops_before_a_verb():
    for text, expected in [("覆盖全市18个县（市、区），县域内就诊率90%。", "县（市、区）"),
                           ("全省18个县（市、区）全部启动医共体建设。", "县（市、区）")]:
        doc = _doc(text, [], ["18个"])
        (value,) = doc.ents
        assert MetricContext.of(doc).after(value).text == expected


def test_a_fenbie_list_before_values_that_a_noun_after_de_follows_is_not_paired_by_order():
    """三级医院、二级医院分别承担了38.6%和44.1%的住院服务量: the kinds are no metrics, so the order does
    not decide; a plain 分别 list is paired even where the ranker would link nothing."""
    ranker = MetricRanker(threshold=1.01).fit(_examples())
    fenbie = ranker(_doc(FENBIE, ["婴儿死亡率", "孕产妇死亡率"], ["5.1‰", "15.3/10万"]))
    assert _metrics(fenbie) == {"5.1‰": "婴儿死亡率", "15.3/10万": "孕产妇死亡率"}
    shares = ranker(_doc("三级医院、二级医院分别承担了38.6%和44.1%的住院服务量。", ["三级医院", "二级医院"],
                         ["38.6%", "44.1%"]))
    assert _metrics(shares) == {}


def test_a_bracketed_note_between_a_metric_and_its_value_is_part_of_the_metric():
    """诊所（医务室）8089个: the note names what is counted with it; a unit or an exclusion is no part of it."""
    for text, metric, value, expected in [
        ("门诊部612个，诊所（医务室）8089个。", "诊所", "8089个", "诊所（医务室）"),
        ("社区卫生服务中心（站）1163个。", "社区卫生服务中心", "1163个", "社区卫生服务中心（站）"),
        ("卫生技术人员（万人）4.12。", "卫生技术人员", "4.12", "卫生技术人员"),
        ("甲乙类传染病（不含新冠肺炎）12.6万例。", "甲乙类传染病", "12.6万例", "甲乙类传染病"),
    ]:
        doc = _doc(text, [metric], [value])
        (value_span,) = [e for e in doc.ents if e.label_ == "VALUE"]
        assert [c.text for c in MetricContext.of(doc).candidates(value_span)] == [expected]


def test_a_kind_of_institution_right_before_a_value_it_does_not_count_is_no_candidate():
    """其中公立医院87.2%: where the rate is measured, not what; 其中医院2102个 counts hospitals."""
    text = "全省医院病床使用率80.6%，其中公立医院87.2%；全省医疗卫生机构5.1万个，其中医院2102个。"
    doc = _doc(text, ["医院病床使用率", "公立医院", "医疗卫生机构"], ["80.6%", "87.2%", "5.1万个", "2102个"])
    hospitals = doc.char_span(text.index("医院2102"), text.index("2102"), "METRIC")
    doc.ents = sorted([*doc.ents, hospitals], key=lambda e: e.start)
    context = MetricContext.of(doc)
    values = {e.text: e for e in doc.ents if e.label_ == "VALUE"}
    assert "公立医院" not in [c.text for c in context.candidates(values["87.2%"])]
    assert [c.text for c in context.candidates(values["2102个"])][-1] == "医院"


def test_a_phrase_opening_with_only_or_closing_with_a_rank_verb_has_a_bad_shape():
    text = "社区卫生服务中心次均门诊费用138.5元，仅为门诊量48.4万人次，增幅居全省第三。"
    doc = _doc(text, ["社区卫生服务中心次均门诊费用", "仅为门诊量", "增幅居"], ["138.5元", "48.4万人次", "第三"])
    context = MetricContext.of(doc)
    value = next(e for e in doc.ents if e.text == "第三")
    candidates = context.candidates(value)
    shapes = {c.text: row["bad_shape"] for c, row in zip(candidates, candidate_rows(context, value, candidates))}
    assert shapes == {"社区卫生服务中心次均门诊费用": 0.0, "仅为门诊量": 1.0, "增幅居": 1.0}


def test_a_header_or_row_label_may_open_with_an_age_and_hold_a_word_with_nian():
    """65岁以上老年人健康管理率(%): an age opens it and 老年人 holds 年, yet it is no year column."""
    text = "县区    建档率(%)  65岁以上老年人健康管理率(%)\n南关区    78.6    64.6\n"
    doc = _doc(text, [], ["78.6", "64.6"])
    cell = [e for e in doc.ents if e.text == "64.6"][0]
    assert "65岁以上老年人健康管理率" in [c.text for c in MetricContext.of(doc).candidates(cell)]
    text = "指标 | 2020年 | 2025年\n5岁以下儿童死亡率（‰） | 4.55 | 5.0\n"
    doc = _doc(text, [], ["4.55", "5.0"])
    cell = [e for e in doc.ents if e.text == "4.55"][0]
    assert [c.text for c in MetricContext.of(doc).candidates(cell)] == ["5岁以下儿童死亡率"]


def test_the_base_a_ratio_is_taken_against_is_never_a_candidate():
    """社区卫生服务中心次均门诊费用138.5元，仅为医院的48.4%: 医院 is the base, not the metric."""
    text = "社区卫生服务中心次均门诊费用138.5元，仅为医院的48.4%。"
    doc = _doc(text, ["社区卫生服务中心次均门诊费用", "医院的"[:2]], ["138.5元", "48.4%"])
    value = next(e for e in doc.ents if e.text == "48.4%")
    assert [c.text for c in MetricContext.of(doc).candidates(value)] == ["社区卫生服务中心次均门诊费用"]
    doc = _doc("药占比由上年的38.6%降至31.2%。", ["药占比"], ["38.6%", "31.2%"])
    value = next(e for e in doc.ents if e.text == "38.6%")
    assert [c.text for c in MetricContext.of(doc).candidates(value)] == ["药占比"]  # 占比 is no share's 占


def test_an_age_band_right_before_the_chosen_metric_is_part_of_it():
    """7岁以下|儿童健康管理率: the age band belongs to the metric (3岁以下 names another indicator)."""
    ranker = MetricRanker(threshold=0.0).fit(_examples())
    doc = ranker(_doc("全省7岁以下儿童健康管理率96.2%。", ["儿童健康管理率"], ["96.2%"]))
    assert _metrics(doc) == {"96.2%": "7岁以下儿童健康管理率"}


def test_a_clause_right_before_de_and_a_count_is_marked_as_qualifying_it():
    """全市5312个村卫生室中，达到[标准化建设要求]的4980个: which of them, not what they are."""
    text = "全市5312个村卫生室中，达到标准化建设要求的4980个，占93.8%。"
    doc = _doc(text, ["村卫生室", "标准化建设要求"], ["5312个", "4980个", "93.8%"])
    assert _candidate_feature(doc, "93.8%", "qualifies_a_count") == {"村卫生室": 0.0, "标准化建设要求": 1.0}


def test_the_noun_after_a_count_is_a_candidate_even_where_a_disease_opens_it():
    """街道一例[人感染H7N9禽流感病例]: a disease named inside the noun does not hide it."""
    text = "分别为和平街道一例人感染H7N9禽流感病例。"
    doc = _doc(text, [], ["一例"])
    doc.ents = [*doc.ents, doc.char_span(text.index("H7N9"), text.index("H7N9") + 7, label="DISEASE")]
    context = MetricContext.of(doc)
    value = [e for e in doc.ents if e.text == "一例"][0]
    assert "人感染H7N9禽流感病例" in [c.text for c in context.candidates(value)]


def test_a_metric_is_never_extended_back_over_a_totals_gong():
    """妇幼保健机构共拥有|床位9860张: 共 (in all) parts the actor from what is counted; 公共卫生 and 医共体 hold no
    such 共."""
    text = "妇幼保健机构共拥有床位9860张，县域医共体成员单位46家，基本公共卫生服务经费3.2亿元。"
    doc = _doc(text, ["床位", "成员单位", "服务经费"], ["9860张", "46家", "3.2亿元"])
    context = MetricContext.of(doc)
    offered = {v: [c.text for c in context.candidates(next(e for e in doc.ents if e.text == v))]
               for v in ("9860张", "46家", "3.2亿元")}
    assert not any("共拥有" in c for c in offered["9860张"])
    assert "县域医共体成员单位" in offered["46家"] and "基本公共卫生服务经费" in offered["3.2亿元"]


def test_a_fenbie_item_is_proposed_whole_over_the_names_tagged_inside_it():
    """门诊|患者满意度和住院|患者满意度分别为…, 建档立卡贫困人口|签约率: each item whole, by order."""
    text = "门诊患者满意度和住院患者满意度分别为91.6分和93.8分，常住人口签约率、建档立卡贫困人口签约率分别为38.6%、100%。"
    doc = spacy.blank("zh")(text)
    spans = [("患者满意度", 2), ("患者满意度", 10), ("常住人口签约率", 0), ("建档立卡贫困人口", 0), ("签约率", 46),
             ("91.6分", 0), ("93.8分", 0), ("38.6%", 0), ("100%", 0)]
    ents = []
    for words, after in spans:
        start = text.index(words, after)
        ents.append(doc.char_span(start, start + len(words), "VALUE" if words[0].isdigit() else "METRIC"))
    doc.ents = sorted(ents, key=lambda e: e.start)
    context = MetricContext.of(doc)
    offered = {v: [c.text for c in context.candidates(next(e for e in doc.ents if e.text == v))] for v in ("91.6分", "100%")}
    assert "门诊患者满意度" in offered["91.6分"] and "建档立卡贫困人口签约率" in offered["100%"]


def test_a_long_phrase_with_a_grade_mark_is_proposed_whole():
    """全省获评A+以上等级的|医院12家: the grade's + and a payment's / (DRG/DIP) are part of the phrase."""
    text = "全省获评A+以上等级的医院12家。"
    doc = _doc(text, ["医院"], ["12家"])
    context = MetricContext.of(doc)
    value = next(e for e in doc.ents if e.text == "12家")
    assert "获评A+以上等级的医院" in [c.text for c in context.candidates(value)]


def test_the_noun_after_a_count_is_read_past_an_aside():
    """将257户（339人）[失独家庭]按户籍地管理: the noun follows the count's aside, and the count inside it; it
    stops before 按."""
    text = "将257户（339人）失独家庭按户籍地管理。"
    doc = _doc(text, [], ["257户", "339人"])
    context = MetricContext.of(doc)
    assert [context.after(value).text for value in doc.ents] == ["失独家庭", "失独家庭"]


def test_the_noun_right_after_a_count_and_a_name_before_deng_are_marked():
    """江南医院等8家[医疗机构], 组建1185人的[采样队伍]: the noun after a count is what it counts; the names
    before 等 are examples of it."""
    doc = _doc("江麓医院、江南医院等8家医疗机构完成改造。", ["江南医院", "医疗机构"], ["8家"])
    assert _candidate_feature(doc, "8家", "example_before_deng") == {"江南医院": 1.0, "医疗机构": 0.0}
    assert _candidate_feature(doc, "8家", "noun_after_count") == {"江南医院": 0.0, "医疗机构": 1.0}
    doc = _doc("管理重点人员2044人；组建1185人的采样队伍。", ["重点人员", "采样队伍"], ["2044人", "1185人"])
    assert _candidate_feature(doc, "1185人", "noun_after_count") == {"重点人员": 0.0, "采样队伍": 1.0}
    doc = _doc("卫生院覆盖率95%的县。", ["卫生院覆盖率"], ["95%"])
    assert _candidate_feature(doc, "95%", "noun_after_count") == {"卫生院覆盖率": 0.0}  # not a count


def test_the_noun_after_a_list_of_values_with_their_places_is_marked():
    """根据省50%、市25%、区25%的[资金配套比例]: each value's place word stands before it in the list."""
    text = "根据省50%、市25%、区25%的资金配套比例，共需配套资金108万元。"
    doc = _doc(text, ["配套资金"], ["108万元"])
    shares = [doc.char_span(i + 1, i + len(words), "VALUE") for words in ("省50%", "市25%", "区25%") for i in [text.index(words)]]
    doc.ents = sorted([*doc.ents, *shares], key=lambda e: e.start)
    context = MetricContext.of(doc)
    assert [context.after_list(v).text for v in shares] == ["资金配套比例"] * 3
    assert _candidate_feature(doc, "50%", "noun_after_list")["资金配套比例"] == 1.0
    assert context.after_list(doc.ents[-1]) is None  # 108万元


def test_what_a_count_is_given_is_marked_as_its_noun():
    """对9家单位给予[罚款]: the object of 给予 is the noun the count's phrase proposes."""
    doc = _doc("共查办违法案件17起，对9家单位给予罚款。", ["违法案件", "罚款"], ["17起", "9家"])
    assert _candidate_feature(doc, "9家", "noun_after_count") == {"违法案件": 0.0, "罚款": 1.0}



def test_the_whole_noun_after_a_count_is_offered_over_the_metrics_tagged_inside_it():
    """1所[二甲以上公立医院], 1名[合格的执业医师]: the whole noun is a candidate beside its pieces and is marked;
    53个[贫困县]的县级医院 counts the places before 的."""
    doc = _doc("每县建有1所二甲以上公立医院，每科至少有1名合格的执业医师。", ["二甲", "公立医院", "合格", "执业医师"],
               ["1所", "1名"])
    marked = _candidate_feature(doc, "1所", "whole_noun_after_count")
    assert marked == {"二甲": 0.0, "二甲以上公立医院": 1.0, "公立医院": 0.0}
    assert _candidate_feature(doc, "1名", "whole_noun_after_count")["合格的执业医师"] == 1.0
    context = MetricContext.of(_doc("在53个贫困县的县级医院开展帮扶。", [], ["53个"]))
    assert context.after(context.ents[0]).text == "贫困县"


def test_the_noun_after_values_and_an_approximation_with_de_is_a_candidate():
    """储备了10天以上的[医疗救治物资]: the noun after 以上的 closes the value's phrase."""
    doc = _doc("医疗机构储备了10天以上的医疗救治物资。", [], ["10天"])
    context = MetricContext.of(doc)
    assert context.after_list(doc.ents[0]).text == "医疗救治物资"


def test_a_phrase_that_is_another_values_own_in_another_unit_is_marked():
    """全年[门诊急诊]1326.5万人次，按层级分，省级1个: the phrase belongs to a value in 人次, not to a count of 个."""
    doc = _doc("妇幼保健机构99个，全年门诊急诊1326.5万人次，按层级分，省级1个。", ["妇幼保健机构", "门诊急诊"],
               ["99个", "1326.5万人次", "1个"])
    assert _candidate_feature(doc, "1个", "owned_by_other_unit") == {"妇幼保健机构": 0.0, "门诊急诊": 1.0}
    assert _candidate_feature(doc, "1个", "owned_by_same_unit") == {"妇幼保健机构": 1.0, "门诊急诊": 0.0}
    doc = _doc("专业公共卫生机构596个，其中妇幼保健机构99个，门诊急诊1326.5万人次，按层级分，省级1个。",
               ["专业公共卫生机构", "妇幼保健机构", "门诊急诊"], ["596个", "99个", "1326.5万人次", "1个"])
    assert _candidate_feature(doc, "1个", "nearest_owned_by_same_unit") == {
        "专业公共卫生机构": 0.0, "妇幼保健机构": 1.0, "门诊急诊": 0.0}
    context = MetricContext.of(_doc("全市11家三级医院与贫困县县级医院建立帮扶关系。", [], ["11家"]))
    assert context.after(context.ents[0]).text == "三级医院"


def test_a_named_ratio_is_proposed_whole_over_its_zhan_and_its_phrase_marked_for_the_next_value():
    """[公立医院医疗服务收入占医疗收入的比例]为34.6%: a ratio's name holds its 占; [医院床位]23.6万张，占78.1%: the
    share's candidate that is the previous value's own phrase is marked."""
    text = "公立医院医疗服务收入占医疗收入的比例为34.6%。全省床位30.2万张，其中医院床位23.6万张，占78.1%。"
    doc = _doc(text, ["公立医院", "医疗服务收入", "比例", "床位", "医院床位"], ["34.6%", "30.2万张", "23.6万张", "78.1%"])
    assert "公立医院医疗服务收入占医疗收入的比例" in _candidate_feature(doc, "34.6%", "extended")
    marked = _candidate_feature(doc, "78.1%", "owns_previous_value&share")
    assert marked["医院床位"] == 1.0 and marked["床位"] == 0.0


def test_qualifiers_before_one_head_in_a_fenbie_list_share_the_head_and_break_it_down(nlp):
    """儿科、精神科、康复科执业医师缺口分别…: every value's metric is 执业医师缺口, its specialty the breakdown (儿科
    was the first value's metric); 高血压、糖尿病患者规范管理率分别: the disease is the breakdown (糖尿病 was both's);
    三级医院 lends 医院 to 一级 and 二级; a list of whole metrics pairs as before."""
    import healthie

    text = ("2023年福建省卫生健康事业发展统计公报\n全省儿科、精神科、康复科执业医师缺口分别约为160人、85人和120人。"
            "全省高血压、糖尿病患者规范管理率分别达到78.3%和76.9%。一级、二级、三级医院病床使用率分别为52.1%、71.3%和92.4%。"
            "城市、农村孕产妇死亡率分别为8.1/10万和9.6/10万。孕产妇死亡率、婴儿死亡率分别为9.2/10万、2.01‰。")
    got = {c.value_text: (c.metric_name, c.breakdown) for c in healthie.extract(text, region="福建省", nlp=nlp)}
    assert got["160人"] == ("执业医师缺口", "儿科") and got["120人"] == ("执业医师缺口", "康复科")
    assert got["78.3%"] == ("患者规范管理率", "高血压") and got["76.9%"] == ("患者规范管理率", "糖尿病")
    assert got["52.1%"] == ("病床使用率", "一级医院") and got["92.4%"] == ("病床使用率", "三级医院")
    assert got["9.6/10万"] == ("孕产妇死亡率", "农村")
    assert got["9.2/10万"] == ("孕产妇死亡率", None) and got["2.01‰"] == ("婴儿死亡率", None)


def test_a_fenbie_list_pairs_with_the_names_the_clause_before_lists(nlp):
    """病种依次为A、B和C，分别为…, 主要用于A、B…和C，分别支出…: nothing stands before 分别 in its clause, so its values
    pair by order with the list the clause before opens with 依次为 or 主要用于 (a name may hold 与), and so do the
    values of a second 分别 list right after the first (分别占…的51.29%…)."""
    import healthie

    text = ("潍坊市2023年法定传染病疫情概况\n丙类传染病发病数居前三位的病种依次为其它感染性腹泻病、流行性感冒和手足口病，"
            "分别为1586例、1103例和312例，分别占丙类传染病报告总数的51.29%、35.67%和10.09%。全年项目支出主要用于基本公共卫生服务、计划生育扶助和医疗服务与保障能力提升，"
            "分别支出2986.40万元、1043.27万元和2380万元。")
    got = {c.value_text: c.metric_name for c in healthie.extract(text, nlp=nlp)}
    assert [got[v] for v in ("1586例", "1103例", "312例")] == ["其它感染性腹泻病", "流行性感冒", "手足口病"]
    assert [got[v] for v in ("51.29%", "35.67%", "10.09%")] == ["其它感染性腹泻病", "流行性感冒", "手足口病"]
    assert [got[v] for v in ("2986.40万元", "1043.27万元", "2380万元")] == ["基本公共卫生服务", "计划生育扶助",
                                                                         "医疗服务与保障能力提升"]


def test_a_rate_column_over_kinds_of_institution_is_every_cells_metric(nlp):
    """| 一级医院 | 58.1 | 52.6 | under 诊疗人次(万人次) | 病床使用率(%): the rate is the metric of its column's
    cells, the kind of hospital their breakdown."""
    import healthie

    text = ("| 医院等级 | 诊疗人次(万人次) | 病床使用率(%) |\n|---|---|---|\n| 三级医院 | 612.3 | 86.4 |\n"
            "| 二级医院 | 387.6 | 71.5 |\n| 一级医院 | 58.1 | 52.6 |\n")
    got = {c.value_text: (c.metric_name, c.breakdown, c.unit) for c in healthie.extract(text, nlp=nlp)}
    assert got["52.6"] == ("病床使用率", "一级医院", "%")
    assert got["86.4"][0] == got["71.5"][0] == "病床使用率"


def test_a_named_list_of_one_item_or_without_a_last_join_is_read_without_error(nlp):
    """主要用于基本公共卫生服务，分别支出…: one name, no list to pair; 依次为甲病、乙病、丙病，分别为…: no 和 before the
    last name. Neither stops the document."""
    import healthie

    one = healthie.extract("某县2023年工作总结\n项目支出主要用于基本公共卫生服务，分别支出2986.40万元。", nlp=nlp)
    assert [c.value_text for c in one] == ["2986.40万元"]
    listed = healthie.extract("某县2023年工作总结\n病种依次为甲病、乙病、丙病，分别为1例、2例、3例。", nlp=nlp)
    assert [c.metric_name for c in listed] == ["甲病", "乙病", "丙病"]


def test_diseases_listed_before_fenbie_are_the_metrics_of_their_counts(nlp):
    """全县手足口病、水痘分别报告87例、45例: each disease is its count's metric (never the verb 报告, nor 分别 in a
    breakdown); 高血压、糖尿病患者规范管理人数分别…，比上年分别增加…: the head is every value's, the changes too."""
    import healthie

    text = ("井研县2025年疾病预防控制工作总结\n全县手足口病、水痘分别报告87例、45例。"
            "全县35岁以上居民高血压、糖尿病患者规范管理人数分别达到7200人和2600人，比上年分别增加了120人和40人左右。")
    got = {c.value_text: (c.metric_name, c.breakdown) for c in healthie.extract(text, nlp=nlp)}
    assert got["87例"] == ("手足口病", None) and got["45例"] == ("水痘", None)
    assert got["7200人"][0] == got["2600人"][0] == "患者规范管理人数"
    assert got["120人"][0] == got["40人"][0] == "患者规范管理人数"


def test_a_change_after_an_aside_of_values_is_the_change_of_the_figure_before_it(nlp):
    """职工医保参保92.18万人（在职职工…、退休人员…），同比增长2.3%: 2.3% is the change of 职工医保参保, not of the last
    item in the brackets."""
    import healthie

    text = ("2024年湖州市医疗保障工作总结\n全市职工医保参保92.18万人（在职职工68.52万人、退休人员23.66万人），同比增长2.3%。"
            "全市医疗卫生机构3120个（医院86个、基层医疗卫生机构2980个），比上年增加45个。")
    got = {c.value_text: (c.metric_name, c.kind) for c in healthie.extract(text, nlp=nlp)}
    assert got["2.3%"] == ("职工医保参保", "change")
    assert got["45个"] == ("医疗卫生机构", "change")
    assert got["23.66万人"][0] == "退休人员"


def test_a_change_column_over_places_is_the_change_of_the_metric_headed_to_its_left(nlp):
    """| 邵武市 | 201.35 | 4.1 | under 总诊疗人次（万人次） | 同比增长（%）: every row's change, however far from the header,
    is a change of 总诊疗人次, in %."""
    import healthie

    rows = "\n".join(f"{place} | {a} | {b} | {c}" for place, a, b, c in [
        ("延平区", 356.42, 5.2, 83.1), ("建阳区", 189.67, 3.8, 76.4), ("邵武市", 201.35, 4.1, 79.2),
        ("武夷山市", 142.08, 7.6, 71.5), ("建瓯市", 213.54, 2.9, 77.8)])
    text = ("南平市2024年1-9月医疗服务简报\n表1  各县（市、区）医疗服务主要指标\n"
            "县（市、区）| 总诊疗人次（万人次）| 同比增长（%）| 病床使用率（%）\n" + rows + "\n")
    got = {c.value_text: (c.metric_name, c.unit, c.kind, c.region) for c in healthie.extract(text, nlp=nlp)}
    for cell, place in (("5.2", "延平区"), ("4.1", "邵武市"), ("2.9", "建瓯市")):
        assert got[cell] == ("总诊疗人次", "%", "change", place), cell
    assert got["71.5"][0] == "病床使用率"


def test_a_coordinated_grade_or_degree_before_a_metric_is_part_of_it(nlp):
    """乙、丙类法定传染病14种1024例, 其中博士、硕士研究生412人: the metric keeps its first coordinate (丙类 alone has
    its own figure elsewhere)."""
    import healthie

    text = "某县2025年工作总结\n全县报告乙、丙类法定传染病14种1024例。全县卫生人员中，博士、硕士研究生412人。"
    got = {c.value_text: c.metric_name for c in healthie.extract(text, nlp=nlp)}
    assert got["1024例"] == "乙、丙类法定传染病" and got["412人"] == "博士、硕士研究生"


def test_xiangbi_is_never_a_metric(nlp):
    """2024年全省报告发病率877.1/10万，与上年相比下降4.7%: the change is of 报告发病率 (相比 was its metric)."""
    import healthie

    text = "某省2024年统计公报\n2024年全省报告发病率877.1/10万，与上年相比下降4.7%。"
    assert [c.metric_name for c in healthie.extract(text, nlp=nlp)] == ["报告发病率", "报告发病率"]
