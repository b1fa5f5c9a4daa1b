import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from healthie.components.lexicon_ruler import LexiconRuler
from healthie.components.metric_chunker import MetricChunker
from healthie.linking.nearest_linker import NearestLinker
from healthie.components.value_ruler import ValueRuler


def _ents(doc, label=None):
    return [(e.text, e.label_) for e in doc.ents if label is None or e.label_ == label]


def _blank():
    return spacy.blank("zh")  # character tokens: the components work on any tokenization


def test_value_ruler_tags_values_only():
    doc = ValueRuler()(_blank()("2020年全市出生人口数43417人，“十三五”期间，人口出生率6.79‰"))
    assert _ents(doc) == [("43417人", "VALUE"), ("6.79‰", "VALUE")]


def test_lexicon_ruler_labels():
    text = "2020年10月份，全省紧密型县域医共体建设现场推进会在我市临澧县召开。石门县人民医院收治手足口病例，落实《中华人民共和国献血法》。"
    doc = LexiconRuler()(_blank()(text))
    ents = _ents(doc)
    assert ("2020年10月份", "DATE") in ents
    assert ("全省", "REGION") in ents and ("我市", "REGION") in ents and ("临澧县", "REGION") in ents
    assert ("石门县人民医院", "ORG") in ents
    assert ("手足口病", "DISEASE") in ents
    assert ("《中华人民共和国献血法》", "POLICY") in ents


def test_rules_skip_boilerplate(nlp):
    doc = nlp("太阳城娱乐 全国最大的赌博平台 注册送100元\n全市出生人口数43417人。")
    assert _ents(doc, "VALUE") == [("43417人", "VALUE")]


def test_metric_chunker_takes_the_phrase_before_or_after_a_value():
    nlp = _blank()
    doc = nlp("全市确认农村奖扶对象206936人，全市组织6355名家庭医生。")
    doc = MetricChunker()(ValueRuler()(doc))
    metrics = [t for t, label in _ents(doc) if label == "METRIC"]
    assert "农村奖扶对象" in metrics and "家庭医生" in metrics


def test_a_metric_phrase_never_holds_fenbie(nlp):
    """卫生院分别新建[业务用房]; [健康小屋]分别建成12个: the metric is after 分别 and its verb, or before them."""
    doc = MetricChunker()(ValueRuler()(_blank()("健康小屋分别建成12个和8个，两家医院分别新增住院床位200张。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["健康小屋", "住院床位"]
    claims = nlp("罗龙镇、江南镇卫生院分别新建业务用房1200平方米和800平方米。")._.claims
    assert [c.metric_text for c in claims] == ["业务用房", "业务用房"]


def test_more_verbs_of_action_leave_their_object_as_the_metric():
    text = "全省卫生健康系统获批国家自然科学基金项目68项，取缔无证行医点87户，全年培训基层医务人员8600人次。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["国家自然科学基金项目", "无证行医点", "基层医务人员"]


def test_the_actor_and_verb_before_an_object_are_no_part_of_the_metric():
    """全省各级卫生计生监督机构共监督检查[各类单位]; 全年派出[帮扶医师]; but 县级医院设置藏医科比例 is a share of
    hospitals that do it, and 各 opens 各类单位 (train gold never starts a metric after 各)."""
    text = ("全省各级卫生计生监督机构共监督检查各类单位28.7万户次，全年派出帮扶医师286人次，县级医院设置藏医科比例达到85%，"
            "哨点医院全年采集流感样病例标本2846份。")
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["各类单位", "帮扶医师", "县级医院设置藏医科比例",
                                                                   "流感样病例标本"]


def test_the_noun_after_a_count_stops_where_the_sentence_says_something_of_it():
    """全省53个[贫困县]全部实现脱贫摘帽, 14个[市州]全覆盖, 257户[失独家庭]按户籍地管理, but 37家单位被评为
    [抗疫先进集体]; 覆盖率 is a noun, not a predicate, nor is 按时 a preposition."""
    text = ("全省53个贫困县全部实现脱贫摘帽，14个市州全覆盖，12个燃煤污染型氟中毒病区县达到控制标准，"
            "257户失独家庭按户籍地管理，37家单位被评为抗疫先进集体（国家级2个），12个按时接种门诊。")
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["贫困县", "市州", "燃煤污染型氟中毒病区县", "失独家庭",
                                                                   "抗疫先进集体", "按时接种门诊"]


def test_a_rank_measures_what_stands_before_its_scope(nlp):
    """[健康扶贫工作]在全市年度考核中排名第二; an institution ranked in an evaluation, or a change
    (增幅居全省第一), is not what a rank measures."""
    text = ("2021年，健康扶贫工作在全市年度考核中排名第二。卫生计生目标管理考核位列全市各县区第二。"
            "海淀医院在全市区属医院绩效考核中排名第三。")
    doc = MetricChunker()(LexiconRuler()(ValueRuler()(_blank()(text))))
    metrics = [t for t, label in _ents(doc) if label == "METRIC"]
    assert "健康扶贫工作" in metrics and "卫生计生目标管理考核" in metrics and "海淀医院" not in metrics
    assert [c.metric_text for c in nlp(text)._.claims][:2] == ["健康扶贫工作", "卫生计生目标管理考核"]


def test_a_share_whose_whole_names_a_metric_still_gets_its_subject(nlp):
    """市外患者占[医院出院人数]的41.6%: the whole is tagged, the share is the subject's before 占."""
    text = "主要是市外患者集中来长就医所致，市外患者占医院出院人数的41.6%。中医药服务人次占基层总诊疗人次的35.8%。"
    doc = MetricChunker()(LexiconRuler()(ValueRuler()(_blank()(text))))
    metrics = [t for t, label in _ents(doc) if label == "METRIC"]
    assert "市外患者" in metrics and "中医药服务人次" in metrics
    assert {c.value_text: c.metric_text for c in nlp(text)._.claims} == {"41.6%": "市外患者", "35.8%": "中医药服务人次"}


def test_the_metric_is_the_object_of_an_action_verb_unless_a_de_clause_holds_it():
    """中央财政累计投入[卫生资金]; but [组建医共体的县] keeps its verb: a 的 clause narrows what is counted."""
    doc = MetricChunker()(ValueRuler()(_blank()("中央和自治区财政累计投入卫生资金84.6亿元，全省组建医共体的县达到62个。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["卫生资金", "组建医共体的县"]


def test_a_metric_phrase_holds_a_quoted_word_and_latin_letters():
    doc = MetricChunker()(ValueRuler()(_blank()("完成农村妇女“两癌”检查12.5万人，适龄女孩HPV疫苗接种12.6万人。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["农村妇女“两癌”检查", "适龄女孩HPV疫苗接种"]


def test_a_share_is_of_what_stands_before_its_verb():
    """[床位]占医院床位总数的58.6%; 药占比 is a metric of its own."""
    doc = MetricChunker()(ValueRuler()(_blank()("500张及以上床位医院24个，其床位占总量的58.6%。全市药占比28.5%。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["500张及以上床位医院", "床位", "药占比"]


def test_the_whole_of_a_share_is_never_a_metric_of_its_own():
    """占医院床位|总数的15.1%: 总数 names the whole, not what the share measures."""
    doc = _blank()("中医类医院床位3.86万张，占医院床位总数的15.1%。")
    doc = MetricChunker()(LexiconRuler()(ValueRuler()(doc)))
    assert "总数" not in [t for t, label in _ents(doc) if label == "METRIC"]


def test_a_metric_phrase_stops_before_a_verb_of_keeping_or_a_bound():
    doc = MetricChunker()(ValueRuler()(_blank()("肺结核患者治愈率保持在90%以上，中药材种植面积稳定在12万亩，床位不低于500张。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["肺结核患者治愈率", "中药材种植面积", "床位"]


def test_a_verb_after_a_count_leaves_the_metric_before_it():
    """大病专项救治病种由9种扩大到21种: 扩大 is said of the value; 组织6355名家庭医生开展服务: the noun stops at 开展."""
    doc = MetricChunker()(ValueRuler()(_blank()("大病专项救治病种由9种扩大到21种；组织6355名家庭医生开展服务。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"][:1] == ["大病专项救治病种"]
    assert "家庭医生" in [t for t, label in _ents(doc) if label == "METRIC"]


def test_a_metric_phrase_holds_a_short_bracketed_note_but_not_a_unit():
    doc = MetricChunker()(ValueRuler()(_blank()("新增自治区级重点学科(专科)9个，卫生监督所（中心）12个。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["自治区级重点学科(专科)", "卫生监督所（中心）"]
    doc = MetricChunker()(ValueRuler()(_blank()("床位（张）4120，人员（万人）3.2。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == []  # a unit note is no phrase's part


def test_an_adverb_before_a_count_is_no_metric():
    doc = MetricChunker()(ValueRuler()(_blank()("全市先后两次通过国家复审，相继3次获表彰。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == []


def test_a_metric_phrase_may_open_with_a_quoted_word():
    doc = MetricChunker()(ValueRuler()(_blank()("全市新增“优质服务基层行”推荐标准机构15个。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["“优质服务基层行”推荐标准机构"]


def test_a_metric_phrase_stops_before_its_comparison_frame():
    doc = MetricChunker()(ValueRuler()(_blank()("新发病例数比上年下降12.6%，出院人数同比增长5.2%。")))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["新发病例数", "出院人数"]


def test_nearest_linker_prefers_the_metric_in_the_clause():
    doc = _blank()("全市出生人口数43417人，人口出生率6.79‰")
    for component in (ValueRuler(), LexiconRuler(), NearestLinker()):
        doc = component(doc)
    by_start = {e.start: e.text for e in doc.ents}
    best = {}
    for (head, tail), labels in doc._.rel.items():
        for label, score in labels.items():
            if label == "METRIC_OF" and score > best.get(by_start[head], ("", 0))[1]:
                best[by_start[head]] = (by_start[tail], score)
    assert best["43417人"][0] == "出生人口数"
    assert best["6.79‰"][0] == "人口出生率"


def test_rank_scope_is_not_a_region(nlp):
    claims = nlp("咸宁市取得治愈率全省排名第三的好成绩。")._.claims
    rank = next(c for c in claims if c.kind == "rank")
    assert rank.region_text == "咸宁市"  # the ranked place, not the scope
    for text in ("公立医院综合改革效果评价考核列全省第二。", "婴儿死亡率位居全省第一。"):  # the verb before the scope
        rank = next(c for c in nlp(text)._.claims if c.kind == "rank")
        assert rank.region_text is None, text


def test_a_two_character_county_name_before_a_level_word_is_not_a_region():
    ents = _ents(LexiconRuler()(_blank()("改扩建地区级和县级疾病预防控制中心36个，和县人民医院新增床位200张。")))
    assert ("和县", "REGION") not in ents and ("和县人民医院", "ORG") in ents


def test_boilerplate_filter_drops_entities_on_spam_lines():
    from healthie.components.boilerplate_filter import BoilerplateFilter
    from healthie.text.tokenizer import CleaningTokenizer

    nlp = spacy.blank("zh")
    doc = CleaningTokenizer(nlp.vocab, "char")("太阳城娱乐 注册送100元\n全市出生人口数43417人。")
    doc.ents = [doc.char_span(doc.text.index("100元"), doc.text.index("100元") + 4, "VALUE"),
                doc.char_span(doc.text.index("43417人"), doc.text.index("43417人") + 6, "VALUE")]
    assert [e.text for e in BoilerplateFilter()(doc).ents] == ["43417人"]


def test_a_catalogue_metric_holding_a_disease_name_is_tagged_whole():
    """The disease inside 高血压患者规范管理率 does not cut the metric; a disease alone stays a disease."""
    text = "高血压患者规范管理率72.5%，肺结核报告发病数下降5.4%，手足口病高发，结核病患者减少。"
    ents = _ents(LexiconRuler()(_blank()(text)))
    assert ("高血压患者规范管理率", "METRIC") in ents and ("肺结核报告发病数", "METRIC") in ents
    assert ("手足口病", "DISEASE") in ents and ("结核病", "DISEASE") in ents and ("高血压", "DISEASE") not in ents


def test_a_level_or_an_owner_makes_a_kind_of_institution_not_an_org():
    ents = _ents(LexiconRuler()(_blank()("区县级疾控中心41个，市属医院12所；市疾控中心、石门县人民医院开展监测。")), "ORG")
    assert ents == [("市疾控中心", "ORG"), ("石门县人民医院", "ORG")]


def test_a_scope_over_all_institutions_is_not_an_org():
    """全省社区卫生服务中心534个 counts the centres of the province; 我市疾控中心 is one institution."""
    doc = LexiconRuler()(_blank()("年末全省社区卫生服务中心534个，各县卫生健康局、我市疾控中心开展监测。"))
    assert _ents(doc, "ORG") == [("市疾控中心", "ORG")]
    assert ("社区卫生服务中心", "METRIC") in _ents(doc)


def test_a_place_before_a_kind_of_institution_is_a_region_not_an_org():
    doc = LexiconRuler()(_blank()("乌审旗苏木乡镇卫生院达标率95.2%，临澧县公立医院12所，石门县人民医院开展监测。"))
    assert _ents(doc, "ORG") == [("石门县人民医院", "ORG")]
    assert ("乌审旗", "REGION") in _ents(doc) and ("临澧县", "REGION") in _ents(doc)


def test_a_catalogue_name_never_starts_inside_a_function_word():
    doc = LexiconRuler(labels=("METRIC",))(_blank()("全市床位总数48.6万张，其中医院37.9万张；新建中医院2所。"))
    metrics = [e.text for e in doc.ents if e.label_ == "METRIC"]
    assert "中医院" in metrics  # the TCM hospitals counted on their own
    assert not any(e.label_ == "METRIC" and e.text == "中医院" and e.start_char == doc.text.index("其中") + 1 for e in doc.ents)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet="长沙市春区中", min_size=1, max_size=4), min_size=1, max_size=12),
       text=st.text(alphabet="长沙市春区中县", max_size=40))
def test_a_trie_pattern_matches_what_the_longest_first_alternation_matches(words, text):
    import re

    from healthie.components.lexicon_ruler import trie_pattern

    alternation = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    trie = re.compile(trie_pattern(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alternation.finditer(text)]
    followed = "(?:{})县"  # followed by more pattern, so that backtracking into shorter words counts
    assert ([m.span() for m in re.finditer(followed.format(trie.pattern), text)]
            == [m.span() for m in re.finditer(followed.format(alternation.pattern), text)])


def test_lead_and_tail_words_come_off_whole_and_never_off_a_word_of_the_metric():
    """达到 comes off whole (not 达 alone), 合计 and 平均 after the metric come off; 在册患者, 有效率 keep their first
    character, 在岗 comes off; 和 never ends a metric."""
    text = ("全省达到服务能力标准的乡镇卫生院1098个。五县市床位合计16860张。中选药品价格平均下降53.2%。在册患者26.4万人。"
            "全县在岗乡村医生263名。治疗有效率为95%。开展三轮健康扶贫突出问题专项治理和“回头看”。")
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == [
        "服务能力标准的乡镇卫生院", "五县市床位", "中选药品价格", "在册患者", "乡村医生", "治疗有效率", "健康扶贫突出问题专项治理"]


def test_opening_beds_or_clinics_is_an_action_whose_object_is_the_metric():
    text = "襄阳市中心医院等二级以上医院开设戒烟门诊12个，新院区开放床位1200张。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["戒烟门诊", "床位"]


def test_a_changes_size_alone_is_never_a_metric_phrase():
    """下降幅度达到78.5%, 降幅达87.1%: the size of the change of the metric before it; 平均降价幅度 is a metric."""
    text = "麻疹报告发病率由24.7/10万降至5.3/10万，下降幅度达到78.5%。因病致贫返贫户减少1.46万户，降幅达87.1%。药品平均降价幅度达到52%。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    metrics = [t for t, label in _ents(doc) if label == "METRIC"]
    assert "下降幅度" not in metrics and "降幅" not in metrics and "药品平均降价幅度" in metrics


def test_a_word_ending_or_opening_in_a_lead_or_tail_character_stays_whole():
    """签约, 预约, 行为, 报到 end in 约, 为, 到, which stand before values as words of their own (约3万人, 为12%,
    提高到); 约谈 is an action whose object is the metric."""
    text = "全市重点人群签约56.7万人，网上预约35万人次，查处违法行为56起，约谈医疗机构负责人12人，新生儿报到1200人，筛查覆盖率约为92%。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == [
        "重点人群签约", "网上预约", "违法行为", "医疗机构负责人", "新生儿报到", "筛查覆盖率"]


def test_reporting_managing_and_treating_leave_what_they_count_as_the_metric():
    """报告[甲乙类法定传染病]23种, 规范管理[高血压患者], 救治[重症患者]: the verb is left out, as in the corpus
    (报告 before 65 metrics, inside 22); 报告发病数, 报告死亡 and 报告病例 are the names of their own figures, and
    救治中心 a noun."""
    text = ("全省共报告甲乙类法定传染病23种，新报告肺结核患者2.36万例，规范管理高血压患者51.3万人，"
            "救治重症患者320人，全市现有村卫生室274家，全年报告死亡400人。建成危重孕产妇救治中心12个。")
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == [
        "甲乙类法定传染病", "肺结核患者", "高血压患者", "重症患者", "村卫生室", "报告死亡", "危重孕产妇救治中心"]


def test_a_comparisons_or_scopes_words_are_never_a_metric_phrase():
    """以县为单位控制在1‰以下, 最高的福田区是最低的龙华区的2.6倍, 高于全国平均水平2.28个百分点: what stands
    between those words and the value is no metric; 居民健康素养水平 is."""
    chunker = MetricChunker()
    for words in ("以县为单位", "是最低", "全国平均水平", "最高和最低之间相差"):
        assert chunker.trim(words, 0, len(words)) is None, words
    assert chunker.trim("居民健康素养水平", 0, 8) == (0, 8)


def test_an_enumerators_and_the_speakers_words_are_no_part_of_the_metric():
    text = "一是完成农村适龄妇女“两癌”筛查1.25万人；三是新建紧密型城市医疗集团两个。全年我们的门诊量是18.6万人次。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["农村适龄妇女“两癌”筛查", "紧密型城市医疗集团", "门诊量"]


def test_a_change_verb_after_a_from_value_is_no_noun_after_its_count():
    """成员单位由21个充实到33个: 充实 says what happened to the count; the metric stands before it."""
    text = "成员单位由21个充实到33个。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["成员单位"]


def test_what_is_summed_stands_before_the_totals_word_and_is_no_part_of_the_metric():
    text = "住院医疗费用43.2亿元，各项保障合计报销38.9亿元，为武汉等地共计供血89次。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["住院医疗费用", "报销", "供血"]


def test_a_disease_named_in_the_phrase_before_a_value_becomes_part_of_its_metric():
    """报告[手足口病]病例1797例: the metric is 手足口病病例 (报告 left out, as the corpus leaves it out before
    what is reported), and the disease is no separate entity there."""
    text = "全年报告手足口病病例1797例。"
    doc = ValueRuler()(_blank()(text))
    start = text.index("手足口病")
    doc.ents = sorted([*doc.ents, doc.char_span(start, start + 4, label="DISEASE")], key=lambda e: e.start)
    doc = MetricChunker()(doc)
    assert _ents(doc) == [("手足口病病例", "METRIC"), ("1797例", "VALUE")]


def test_a_rates_unit_is_no_part_of_the_metric():
    """[签约服务费]由每人每年100元, [奖励扶助金]每人每年960元: the rate's unit and its verb stay outside."""
    text = "签约服务费由每人每年100元提高到120元，奖励扶助金每人每年960元，即由原来的每人每月150元提高到270元。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["签约服务费", "奖励扶助金"]


def test_the_object_of_giving_is_the_metric_and_an_actions_count_keeps_the_action():
    """对9家单位给予了[罚款]; [独生子女保健费发放人数]为5192人: a count of those an action reaches names it whole."""
    text = "对11家单位和个人给予了警告，对9家单位给予罚款。全区独生子女保健费发放人数为5192人。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["警告", "罚款", "独生子女保健费发放人数"]


def test_a_count_before_a_tagged_metric_proposes_no_piece_of_it():
    """219场次城乡居民[健康教育讲座]: what stands between the count and the tagged METRIC is no metric of its own."""
    text = "开展219场次城乡居民健康教育讲座。"
    doc = MetricChunker()(LexiconRuler()(ValueRuler()(_blank()(text))))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["健康教育讲座"]



def test_the_metric_after_an_examples_deng_is_the_noun_after_it():
    """冷冻冷藏食品和海产品等[外环境样本]: what stands before 等 names examples; 三级甲等医院 keeps its 甲等."""
    text = "检测冷冻冷藏食品和海产品等外环境样本32163份，全市三级甲等医院56家。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["外环境样本", "三级甲等医院"]


def test_a_total_right_before_its_value_is_a_metric_and_a_verb_with_le_is_none():
    """总人数 24246 人 is the metric of its value (only 占…总数的 is a share's whole); 储备了|10天 names none."""
    text = "全市确诊33种大病，总人数24246人；民营医院占医院总数的65.2%；医疗机构储备了10天药品。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["大病", "总人数", "民营医院"]


def test_a_phrase_too_long_for_a_metric_keeps_its_end_after_a_join_word():
    """农村及城镇低保适龄妇女“两癌”免费检查 runs past the longest metric: its end after 及 is proposed."""
    text = "完成农村及城镇低保适龄妇女“两癌”免费检查104957人。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["城镇低保适龄妇女“两癌”免费检查"]


def test_a_ranks_scope_opens_at_its_area_word_and_is_never_its_metric():
    """[感染率]全省市州排名第6: the scope opens at 全省; 74.2%，列各县（市）区第一 and 该院在全市考核中排名第二
    propose no metric of the scope's or the ranked body's words."""
    text = "感染率全省市州排名第6。管理率74.2%，列各县（市）区第一。该院在全市年度考核中排名第二。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == ["感染率", "管理率"]


def test_a_training_base_is_a_noun_but_training_people_an_action():
    text = "建成中医医师规范化培训基地7个，培训乡村医生300人。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [e.text for e in doc.ents if e.label_ == "METRIC"] == ["中医医师规范化培训基地", "乡村医生"]


def test_a_counts_noun_too_long_for_one_is_cut_at_its_first_join():
    text = "建成2个紧急医学救援基地及省心理危机干预中心、省化学中毒救治中心。"
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [e.text for e in doc.ents if e.label_ == "METRIC"] == ["紧急医学救援基地"]
    doc = MetricChunker()(ValueRuler()(_blank()("培训300名医生和护士。")))
    assert [e.text for e in doc.ents if e.label_ == "METRIC"] == ["医生和护士"]  # short enough: both are counted


def test_a_plans_word_or_a_compared_time_is_no_metric():
    """规划目标为到2025年达到80.2岁, 比去年同期增加约3成, 比全省平均水平高1.1岁, …两项指标分别由: no METRIC
    is tagged there."""
    text = ("规划目标为到2025年达到80.2岁。远程医疗服务比去年同期增加约3成。人均预期寿命比全省平均水平高1.1岁。"
            "孕产妇死亡率和婴儿死亡率两项指标分别由9.46/10万、3.18‰下降到6.02/10万、2.27‰。")
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    metrics = [t for t, label in _ents(doc) if label == "METRIC"]
    assert not {"规划目标", "同期", "去年同期", "平均水平高", "两项指标", "指标"} & set(metrics)


def test_a_compared_month_or_budget_and_an_actual_figures_words_are_no_metric():
    """较上月上升63.5%, 较去年同期上升2.1倍, 比预算数减少5.36万元, 年度目标为90%，实际完成92.7%: the compared
    time or budget and 实际完成 name no metric; the value's metric is the phrase before them."""
    text = ("流行性感冒报告发病数较上月上升63.5%，较去年同期上升2.1倍。“三公”经费支出18.64万元，比预算数减少5.36万元。"
            "居民电子健康档案建档率年度目标为90%，实际完成92.7%。")
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    metrics = [t for t, label in _ents(doc) if label == "METRIC"]
    assert "流行性感冒报告发病数" in metrics and "“三公”经费支出" in metrics
    assert not {"较上月上升", "同期上升", "比预算数", "实际完成", "实际"} & set(metrics)


def test_a_rate_per_100000_people_is_no_part_of_the_metric_and_its_share_keeps_qita():
    """下降到每10万人口186.3例: the verb and the per-population unit are no part of the metric; 其它感染性腹泻病占…:
    the 其 of 其它 stays."""
    doc = MetricChunker()(ValueRuler()(_blank()("法定传染病报告发病率下降到每10万人口186.3例。其它感染性腹泻病占丙类报告总数的51.3%。")))
    metrics = [t for t, label in _ents(doc) if label == "METRIC"]
    assert metrics == ["法定传染病报告发病率", "其它感染性腹泻病"]


def test_a_numeral_led_place_name_of_the_report_is_no_value():
    """健康三台建设 in a report that names 三台县: the county, not 3 台; 三台设备 elsewhere stays a value."""
    assert [t for t, _ in _ents(ValueRuler()(_blank()("三台县卫生健康局。统筹推进健康三台建设，新建村卫生室2个。")))] == ["2个"]
    assert [t for t, _ in _ents(ValueRuler()(_blank()("某县卫生健康局。新购三台设备。")))] == ["三台"]


def test_a_metric_phrase_holds_a_latin_abbreviation_a_models_decimal_and_a_grade_list():
    """病例组合指数（CMI）达到1.12, 新购3.0T磁共振2台, 完成三、四级手术1.2万台次, …比重仍高达29.4%, 而医养结合机构床位:
    the note, the model's name and the grade list stay in the phrase; an adverb after it and a conjunction
    before it do not."""
    text = ("病例组合指数（CMI）达到1.12。新购3.0T磁共振2台。完成三、四级手术1.2万台次。"
            "个人卫生支出比重仍高达29.4%。而医养结合机构床位仅860张。")
    doc = MetricChunker()(ValueRuler()(_blank()(text)))
    assert [t for t, label in _ents(doc) if label == "METRIC"] == [
        "病例组合指数（CMI）", "3.0T磁共振", "三、四级手术", "个人卫生支出比重", "医养结合机构床位"]


def test_a_from_runs_time_and_a_bounds_word_before_a_to_verb_are_no_metric():
    """常用药品种由改革前的200种左右扩充到500余种: the metric stops before 由, and 扩充 is the change's verb."""
    doc = MetricChunker()(ValueRuler()(_blank()("乡镇卫生院常用药品种由改革前的200种左右扩充到500余种。")))
    metrics = [t for t, label in _ents(doc) if label == "METRIC"]
    assert "扩充" not in metrics and all("由" not in m for m in metrics) and metrics
