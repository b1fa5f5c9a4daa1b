import re
import spacy

from healthie.linking.structure import (FENBIE, adjacent_place, in_frame, list_position, opening_place, position_features,
                                       sentence_year, value_position, window, with_list_order)


def _spans(text, words):
    doc = spacy.blank("zh")(text)
    spans, position = [], 0
    for word, label in words:
        start = text.index(word, position)
        spans.append(doc.char_span(start, start + len(word), label, alignment_mode="expand"))
        position = start + len(word)
    return spans


def test_a_fenbie_list_pairs_by_order_after_the_last_turn():
    text = "孕产妇死亡率、婴儿死亡率分别由20.1/10万、5.2‰下降到15.3/10万、4.1‰。"
    first, second, *values = _spans(text, [("孕产妇死亡率", "METRIC"), ("婴儿死亡率", "METRIC"), ("20.1/10万", "VALUE"),
                                            ("5.2‰", "VALUE"), ("15.3/10万", "VALUE"), ("4.1‰", "VALUE")])
    assert (list_position(text, first, [first, second]), list_position(text, second, [first, second])) == (0, 1)
    assert [value_position(text, v, second.end_char) for v in values] == [0, 1, 0, 1]
    features = with_list_order(position_features(text, values[3], first, [first, second], [v.start_char for v in values]),
                               text, values[3], first, [first, second])
    assert features["fenbie_misaligned"] == 1.0 and not any(k.startswith("rank=") for k in features)


def test_one_value_after_a_list_and_jun_goes_to_the_nearest_name():
    """SPEC: one value after coordinated metrics takes the nearest; a list of values goes by order."""
    text = "新生儿疾病筛查率、新生儿听力筛查率均在99%以上，孕产妇死亡率、婴儿死亡率均为0和0。"
    first, second, single, third, fourth, zero, _ = _spans(text, [
        ("新生儿疾病筛查率", "METRIC"), ("新生儿听力筛查率", "METRIC"), ("99%", "VALUE"), ("孕产妇死亡率", "METRIC"),
        ("婴儿死亡率", "METRIC"), ("0", "VALUE"), ("0", "VALUE")])

    def aligned(value, candidate, candidates):
        features = with_list_order(position_features(text, value, candidate, candidates, [single.start_char, zero.start_char]),
                                   text, value, candidate, candidates)
        return features.get("fenbie_aligned", 0.0)

    assert (aligned(single, first, [first, second]), aligned(single, second, [first, second])) == (0.0, 1.0)
    assert (aligned(zero, third, [third, fourth]), aligned(zero, fourth, [third, fourth])) == (1.0, 0.0)


def test_fenbie_is_the_list_word_not_part_of_an_average():
    assert FENBIE.search("分别为") and FENBIE.search("均达到")
    assert not FENBIE.search("平均住院日") and not FENBIE.search("人均筹资")


def test_the_window_reaches_back_whole_sentences_within_its_limit():
    text = "甲。乙市床位1万张。丙县床位2千张，医院3个。"
    (value,) = _spans(text, [("3个", "VALUE")])
    start, end = window(text, value, 1, 300)
    assert text[start:end] == "乙市床位1万张。丙县床位2千张，医院3个"
    assert text[slice(*window(text, value, 1, 8))] == "床位2千张，医院3个"  # never further back than the limit
    assert text[slice(*window(text, value, 0, 300))] == "丙县床位2千张，医院3个"


def _labelled(text: str, words: list[str], label: str):
    import spacy

    doc = spacy.blank("zh")(text)
    return doc, [doc.char_span(text.index(w), text.index(w) + len(w), label=label) for w in words]


def test_a_fenbie_list_pairs_by_position_when_both_lists_are_as_long():
    from healthie.linking.structure import fenbie_partner

    text = "全省孕产妇死亡率、婴儿死亡率、5岁以下儿童死亡率分别为11.26/10万、4.43‰和5.98‰。"
    doc, metrics = _labelled(text, ["孕产妇死亡率", "婴儿死亡率", "5岁以下儿童死亡率"], "METRIC")
    _, values = _labelled(text, ["11.26/10万", "4.43‰", "5.98‰"], "VALUE")
    starts = [v.start_char for v in values]
    assert [fenbie_partner(text, v, metrics, starts) for v in values] == [0, 1, 2]
    assert fenbie_partner(text, values[1], metrics[1:], starts) is None  # two names, three values: no pairing


def test_a_fenbie_list_pairs_each_side_of_a_turn():
    from healthie.linking.structure import fenbie_partner

    text = "到2015年，拉萨市、日喀则地区分别由2.1张、3.0张提高到5.2张、3.4张。"
    doc, places = _labelled(text, ["拉萨市", "日喀则地区"], "REGION")
    _, values = _labelled(text, ["2.1张", "3.0张", "5.2张", "3.4张"], "VALUE")
    starts = [v.start_char for v in values]
    assert [fenbie_partner(text, v, places, starts) for v in values] == [0, 1, 0, 1]


def test_a_from_value_takes_the_earlier_year_and_a_to_value_the_later():
    from healthie.linking.structure import turn_year

    text = "2020年与2015年相比，执业医师数从1.8人提升到2.73人。"
    doc, dates = _labelled(text, ["2020年", "2015年"], "DATE")
    _, (first, second) = _labelled(text, ["1.8人", "2.73人"], "VALUE")
    year = lambda span: int(span.text[:4])  # noqa: E731
    assert (turn_year(text, first, dates, year), turn_year(text, second, dates, year)) == (1, 0)
    plain = "2020年床位1.8万张，2015年床位1.2万张。"
    doc, dates = _labelled(plain, ["2020年", "2015年"], "DATE")
    _, (value,) = _labelled(plain, ["1.8万张"], "VALUE")
    assert turn_year(plain, value, dates, year) is None  # two years, but no 由/从 … 到 run


def test_a_year_inside_a_values_own_run_is_its_year():
    from healthie.linking.structure import turn_year

    text = "预期寿命由2005年的64.4岁提高到2010年的67.0岁，到2020年达到70岁。"
    doc, dates = _labelled(text, ["2005年", "2010年", "2020年"], "DATE")
    _, (first, second) = _labelled(text, ["64.4岁", "67.0岁"], "VALUE")
    year = lambda span: int(span.text[:4])  # noqa: E731
    assert (turn_year(text, first, dates, year), turn_year(text, second, dates, year)) == (0, 1)


def test_a_to_value_never_takes_the_from_runs_only_year():
    """分别由2023年的…降至…: the to-values hold for the report's year; a year before the 由 is left to the ranker."""
    from healthie.linking.structure import REPORT_YEAR, turn_year

    text = "孕产妇死亡率、婴儿死亡率分别由2023年的8.42/10万、2.84‰降至7.60/10万、2.62‰。"
    doc, dates = _labelled(text, ["2023年"], "DATE")
    _, values = _labelled(text, ["8.42/10万", "2.84‰", "7.60/10万", "2.62‰"], "VALUE")
    year = lambda span: int(span.text[:4])  # noqa: E731
    assert [turn_year(text, v, dates, year) for v in values] == [0, 0, REPORT_YEAR, REPORT_YEAR]
    headed = "2020年，全市床位数由1200张增加到1500张。"
    doc, dates = _labelled(headed, ["2020年"], "DATE")
    _, (_, to_value) = _labelled(headed, ["1200张", "1500张"], "VALUE")
    assert turn_year(headed, to_value, dates, year) is None


def test_a_fenbie_list_pairs_the_longest_name_ending_each_item():
    """常住人口签约率 over the 签约率 inside it; 建档立卡贫困人口, a part of the last item, is no item."""
    from healthie.linking.structure import fenbie_partner

    text = "常住人口签约率、重点人群签约率、建档立卡贫困人口签约率分别为38.6%、68.2%、100%。"
    doc = spacy.blank("zh")(text)
    spans = [(0, 7), (4, 7), (8, 15), (16, 24), (16, 27), (24, 27)]  # 常住人口签约率, 签约率, 重点人群签约率, ...
    candidates = [doc.char_span(s, e, label="METRIC") for s, e in spans]
    _, values = _labelled(text, ["38.6%", "68.2%", "100%"], "VALUE")
    starts = [v.start_char for v in values]
    paired = [candidates[fenbie_partner(text, v, candidates, starts)].text for v in values]
    assert paired == ["常住人口签约率", "重点人群签约率", "建档立卡贫困人口签约率"]


def test_one_place_alone_before_a_fenbie_list_is_every_values():
    """德惠市医疗卫生机构、床位分别为624个、3700张: the place is the subject of both values, not the first
    item of a list of places; a metric alone keeps the order's verdict."""
    text = "德惠市医疗卫生机构、床位分别为624个、3700张。"
    doc, (place,) = _labelled(text, ["德惠市"], "REGION")
    _, (_, second) = _labelled(text, ["624个", "3700张"], "VALUE")
    features = position_features(text, second, place, [place], [text.index("624个"), text.index("3700张")])
    assert "fenbie_shared" in with_list_order(features, text, second, place, [place], shared=True)
    assert "fenbie_misaligned" in with_list_order(features, text, second, place, [place])


def test_a_fenbie_list_ends_with_its_sentence():
    """北川县、平武县…分别完成…。居民健康素养水平达到26.5%: the place before 分别 is no list partner of a
    value in the next sentence; within the sentence it is."""
    text = "北川县、平武县筛查分别完成1.86万人和1.24万人。居民健康素养水平达到26.5%。"
    doc, (_, place) = _labelled(text, ["北川县", "平武县"], "REGION")
    _, (inside, outside) = _labelled(text, ["1.24万人", "26.5%"], "VALUE")
    starts = [text.index(v) for v in ("1.86万人", "1.24万人", "26.5%")]
    assert position_features(text, inside, place, [place], starts)["fenbie_between"] == 1.0
    assert position_features(text, outside, place, [place], starts)["fenbie_between"] == 0.0


def test_kinds_of_institution_before_an_indicator_are_its_breakdown_in_a_fenbie_list():
    """三级医院、二级医院、一级医院病床使用率分别为…: the kinds are qualifiers, 病床使用率 is every value's."""
    text = "三级医院、二级医院、一级医院病床使用率分别为89.6%、76.3%、52.8%。"
    doc = spacy.blank("zh")(text)
    names = ["三级医院", "二级医院", "一级医院", "病床使用率"]
    candidates = [doc.char_span(text.index(n), text.index(n) + len(n), label="METRIC") for n in names]
    _, values = _labelled(text, ["89.6%", "76.3%", "52.8%"], "VALUE")
    starts = [v.start_char for v in values]
    third = values[2]
    marks = [next(k for k in with_list_order(position_features(text, third, c, candidates, starts), text, third, c,
                                             candidates) if k.startswith("fenbie_") and k != "fenbie_between")
             for c in candidates]
    assert marks == ["fenbie_qualifier", "fenbie_qualifier", "fenbie_qualifier", "fenbie_shared"]
    rates = "孕产妇死亡率、婴儿死亡率分别为11.26/10万、4.43‰。"  # metrics, not kinds: the order decides
    doc = spacy.blank("zh")(rates)
    candidates = [doc.char_span(rates.index(n), rates.index(n) + len(n), label="METRIC") for n in ("孕产妇死亡率", "婴儿死亡率")]
    _, (first, _) = _labelled(rates, ["11.26/10万", "4.43‰"], "VALUE")
    features = with_list_order(position_features(rates, first, candidates[0], candidates, [first.start_char]), rates,
                               first, candidates[0], candidates)
    assert "fenbie_aligned" in features


def test_a_fenbie_list_without_names_pairs_with_the_values_stated_before_it():
    """A 94.8%，B 96.2%，分别比上年提高0.6和0.4个百分点: the changes pair with A and B by order; a list
    whose earlier values lack their own names, or are fewer, is not paired."""
    from healthie.linking.structure import fenbie_back_partner

    text = "3岁以下儿童系统管理率94.8%，儿童健康管理率96.2%，分别比上年提高0.6个百分点和0.4个百分点。"
    doc, names = _labelled(text, ["3岁以下儿童系统管理率", "儿童健康管理率"], "METRIC")
    _, values = _labelled(text, ["94.8%", "96.2%", "0.6个百分点", "0.4个百分点"], "VALUE")
    starts = [v.start_char for v in values]
    assert [fenbie_back_partner(text, v, names, starts) for v in values[2:]] == [0, 1]
    assert fenbie_back_partner(text, values[2], names[:1], starts) is None  # 96.2% has no name of its own
    single = "儿童健康管理率96.2%，分别比上年提高0.6个百分点和0.4个百分点。"
    doc, names = _labelled(single, ["儿童健康管理率"], "METRIC")
    _, values = _labelled(single, ["96.2%", "0.6个百分点", "0.4个百分点"], "VALUE")
    assert fenbie_back_partner(single, values[1], names, [v.start_char for v in values]) is None


def test_a_from_value_is_read_in_its_run_and_turn():
    from healthie.linking.structure import from_value

    def marks(text, values):
        return [from_value(text, text.index(v), text.index(v) + len(v)) for v in values]

    assert marks("三级医院由7个增长到12个。", ["7个", "12个"]) == [True, False]
    assert marks("分别由12.5/10万、4.6‰和5.8‰下降到8.1/10万、3.2‰和4.1‰。", ["4.6‰", "5.8‰", "3.2‰"]) == [True, True, False]
    assert marks("核酸检测机构从一家到二十二家。", ["一家"]) == [True]
    # not a run: 从业, 由于, a 由 with no turn to a value after it
    assert marks("全市从业人员1200人增加到1300人。", ["1200人"]) == [False]
    assert marks("由市财政投入3000万元，到2020年建成。", ["3000万元"]) == [False]


def test_a_from_values_base_year_follows_spec_and_is_never_the_reports():
    from healthie.linking.structure import base_year

    def year(text, value, title="", report_year=2020):
        return base_year(text, text.index(value), title, report_year)

    assert year("药占比由上年的38.6%降至31.2%。", "38.6%") == 2019  # the date stated in its run
    assert year("全省发热门诊由年初的1028个增至年底的2360个。", "1028个") == 2020
    assert year("2020年与2015年相比，每千人口执业医师数从1.8人提升到2.73人。", "1.8人") == 2015  # compared with
    assert year("“十三五”期间，全市三级医院由7个增长到12个。", "7个") == 2015  # the period its sentence names
    assert year("经费补助标准从“十二五”末的40元提高到74元。", "40元") == 2015  # the period's last year
    parallel = "每千人口床位数由2015年的4.21张增加到5.34张，每千人口执业（助理）医师数由1.52人增加到2.18人。"
    assert year(parallel, "1.52人") == 2015  # the base of the run before it in its sentence
    plain = "全市床位由1200张增加到1500张。"
    assert year(plain, "1200张") is None  # nothing says: no year, not the report's
    assert year(plain, "1200张", "宝鸡市“十三五”卫生健康事业发展回顾") == 2015  # a review of the period
    assert year(plain, "1200张", "重庆市卫生健康事业发展“十四五”规划", 2021) == 2015  # a plan reviews the period before
    assert year(plain, "1200张", "2021年卫生健康工作总结", 2021) is None


def test_the_one_year_before_a_value_in_its_sentence_dates_it_unless_another_date_comes_between():
    text = "卫生院800张。\n到2015年，拉萨市每千人口床位数分别达到5.2张、3.4张。2016年，床位比上年增加120张。"
    date, first, second, other, last_year, added = _spans(text, [("到2015年", "DATE"), ("5.2张", "VALUE"), ("3.4张", "VALUE"),
                                                                  ("2016年", "DATE"), ("上年", "DATE"), ("120张", "VALUE")])
    assert sentence_year(text, first, [date]) == 0 and sentence_year(text, second, [date]) == 0
    assert sentence_year(text, added, [other, last_year]) == 0  # 上年 is what the change is measured from
    text = "3月11日，记者获悉，去年全市诊疗量6500万人次。2015年床位1000张，2016年床位比上年增加120张。"
    day, last_year, visits, first, second, compared, added = _spans(text, [
        ("3月11日", "DATE"), ("去年", "DATE"), ("6500万人次", "VALUE"), ("2015年", "DATE"), ("2016年", "DATE"),
        ("上年", "DATE"), ("120张", "VALUE")])
    assert sentence_year(text, visits, [day, last_year]) == 1  # a day with no year names none
    assert sentence_year(text, added, [first, second, compared]) is None  # two years before the value
    text = "县财政去年投入资金2500万元，购置设备150台。"
    last_year, funds, devices = _spans(text, [("去年", "DATE"), ("2500万元", "VALUE"), ("150台", "VALUE")])
    assert sentence_year(text, funds, [last_year]) == 0 and sentence_year(text, devices, [last_year]) == 0


def test_a_compared_base_or_starting_year_dates_no_later_value():
    for text, date in [("床位比2015年增加120张。", "2015年"), ("每千人口床位数由2015年的4.2张增加到5.3张。", "2015年"),
                       ("全市2019年以来累计培训300人。", "2019年"), ("2016、2017年连续两年排全国第4。", "2017年"),
                       ("2020年，使用率比2015年的81.5%提高。", "2015年"),
                       ("提前完成了2019年全年的采血量，供血89次。", "2019年全年")]:
        found, value = _spans(text, [(date, "DATE"), (re.search(r"[\d.]+[张人%次]|第4", text.split(date)[1]).group(), "VALUE")])
        assert sentence_year(text, value, [found]) is None, text


def test_a_place_that_opens_the_sentence_is_its_values_but_never_quanguo():
    text = "德惠市医疗卫生机构、床位分别为624个、3700张。全国平均水平为6.7张。农安县、榆树市床位分别为2100张、1900张。"
    place, first, nation, national, county, city, beds = _spans(text, [
        ("德惠市", "REGION"), ("624个", "VALUE"), ("全国", "REGION"), ("6.7张", "VALUE"), ("农安县", "REGION"),
        ("榆树市", "REGION"), ("2100张", "VALUE")])
    assert opening_place(text, first, [place]) == 0
    assert opening_place(text, national, [nation]) is None
    assert opening_place(text, beds, [county, city]) is None  # a list of places: the order decides, not the opening


def test_a_named_place_right_before_the_value_is_its_region_but_not_a_scope_nor_a_counted_list():
    text = "其中隆回县96个、邵阳县84个。居全省第三。麟游县、陇县四个。"
    first, a, second, b, scope, rank, listed, last, count = _spans(text, [
        ("隆回县", "REGION"), ("96个", "VALUE"), ("邵阳县", "REGION"), ("84个", "VALUE"), ("全省", "REGION"),
        ("第三", "VALUE"), ("麟游县", "REGION"), ("陇县", "REGION"), ("四个", "VALUE")])
    assert adjacent_place(text, a, [first]) == 0 and adjacent_place(text, b, [first, second]) == 1
    assert adjacent_place(text, rank, [scope]) is None  # 全省 is a rank's scope
    assert adjacent_place(text, count, [listed, last]) is None  # the value counts the places listed


def test_a_yi_wei_de_frame_qualifies_what_the_value_counts():
    text = "组建以县级人民医院和崇阳县中医院为牵头医院的9个县域医共体，崇阳县中医院新增床位20张。"
    value = text.index("9个")
    assert in_frame(text, text.index("崇阳县"), text.index("崇阳县") + 6, value)
    later = text.rindex("崇阳县")
    assert not in_frame(text, later, later + 6, text.index("20张"))  # its own clause, no frame
