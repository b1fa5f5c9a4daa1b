from collections.abc import Iterator

import pytest
from spacy.tokens import Doc

import healthie
from healthie.extraction import MAX_PIECE
from healthie.linking.defaults import HINT_KEY

HINTED_SEED, HINT = "000_46f967afcddd7367.txt", "鼎城区"  # a 常德市 report, read as one of its districts'


def test_at_least_350_records_on_the_seeds(seed_claims):
    assert sum(len(c) for c in seed_claims.values()) >= 350


def test_every_record_slices_to_its_texts(seed_claims, seed_texts):
    for name, claims in seed_claims.items():
        text = seed_texts[name]
        for claim in claims:
            assert text[claim.value_start:claim.value_end] == claim.value_text
            if claim.metric_text is not None:
                assert text[claim.metric_start:claim.metric_end] == claim.metric_text
            if claim.region_text is not None:
                assert text[claim.region_start:claim.region_end] == claim.region_text


def _find(claims, value_text):
    return next(c for c in claims if c.value_text.replace(" ", "").replace("\n", "") == value_text)


def test_named_seed_cases(seed_claims):
    births = _find(seed_claims["000_46f967afcddd7367.txt"], "43417人")
    assert (births.value, births.region, births.region_code, births.kind) == (43417.0, "常德市", "430700", "count")
    poor = _find(seed_claims["000_46f967afcddd7367.txt"], "34.43万余人")
    assert (poor.value, poor.approx) == (344300.0, "more_than")
    money = _find(seed_claims["001_799f06fbe66016c8.txt"], "2.529亿元")
    assert (money.value, money.kind, money.region) == (252900000.0, "money", "株洲市")
    rate = _find(seed_claims["003_c7265bcd0b08e09a.txt"], "15.90/10万")
    assert (rate.value, rate.kind, rate.unit, rate.region) == (15.9, "rate", "/10万", "贵州省")
    records = _find(seed_claims["004_76640398b909420e.txt"], "514441份")
    assert (records.value, records.region) == (514441.0, "XX区")


def test_every_record_has_every_spec_key(seed_claims):
    keys = {"doc_id", "value_text", "value_start", "value_end", "page", "value", "value_high", "unit", "kind", "approx",
            "metric_text", "metric_start", "metric_end", "metric_name", "metric_id", "region_text", "region_start",
            "region_end", "region", "region_code", "date_text", "year", "breakdown", "confidence"}
    for claims in seed_claims.values():
        for claim in claims:
            record = claim.to_dict()
            assert set(record) == keys
            assert 0.0 <= record["confidence"] <= 1.0
            assert record["kind"] in {"count", "percent", "rate", "money", "ratio", "rank", "duration", "change", "other"}


def test_a_breakdown_before_fenbie_and_a_service_lead_in(nlp):
    """其中三级医院分别为…: the item stands before 分别; 乡镇卫生院服务情况：… holds for its sentence's values,
    a paragraph on a service (中医药服务提供情况) is no kind of institution."""
    text = ("2022年，公立医院次均门诊费用、人均住院费用分别为298.6元和10126元，其中三级医院分别为352.8元和13284元。"
            "乡镇卫生院服务情况：床位4.12万张，病床使用率58.2%。基层医疗卫生机构中医药服务提供情况：村卫生室占84.3%。")
    breakdowns = {c.value_text: c.breakdown for c in healthie.extract(text, nlp=nlp)}
    assert breakdowns["298.6元"] is None and breakdowns["13284元"] == "三级医院"
    assert breakdowns["4.12万张"] == breakdowns["58.2%"] == "乡镇卫生院"
    assert breakdowns["84.3%"] != "基层医疗卫生机构中医药"


def test_a_breakdown_by_kind(nlp):
    """卫生技术人员按机构分，[医院]27.45万人."""
    text = "全省卫生技术人员41.85万人，卫生技术人员按机构分，医院27.45万人，基层医疗卫生机构10.12万人。"
    breakdowns = {c.value_text: c.breakdown for c in healthie.extract(text, nlp=nlp)}
    assert breakdowns["41.85万人"] is None
    assert breakdowns["27.45万人"] == "医院" and breakdowns["10.12万人"] == "基层医疗卫生机构"


def test_a_kind_set_apart_by_qizhong_before_its_share_is_a_breakdown(nlp):
    """其中[流行性感冒]占82.6%: the share is of the total, the kind is its breakdown (GUIDELINES, Shares)."""
    text = ("全省卫生技术人员41.85万人，卫生技术人员按机构分，医院27.45万人，基层医疗卫生机构10.12万人。"
            "全省报告丙类传染病发病62.4万例，其中流行性感冒占82.6%。")
    claims = {c.value_text: c for c in healthie.extract(text, nlp=nlp)}
    assert claims["82.6%"].metric_text == "丙类传染病发病" and claims["82.6%"].breakdown == "流行性感冒"  # 报告 left out


def test_a_duration_measures_the_task_after_its_verb_and_gets_no_id_of_what_it_counts(nlp):
    """仅用6天时间完成[隔离病区改造]; 连续三年实现[孕产妇零死亡] is no count of maternal deaths."""
    text = ("2020年，市第三人民医院仅用6天时间完成隔离病区改造。故城县连续三年实现孕产妇零死亡。"
            "全市已连续310天无新增本地确诊病例。出院者平均住院日6.1日。")
    claims = {c.value_text: c for c in healthie.extract(text, region="衡水市", nlp=nlp)}
    assert claims["6天"].metric_text == "隔离病区改造" and claims["三年"].metric_text == "孕产妇零死亡"
    assert "本地确诊病例" in claims["310天"].metric_text
    assert claims["三年"].metric_id is None and claims["310天"].metric_id is None
    assert claims["6.1日"].metric_id == "average_length_of_stay"  # a duration the catalogue measures keeps its id


def test_attendances_get_no_id_of_the_staff_or_institutions_counted(nlp):
    """培训乡村医生3400人次 counts training places taken, not village doctors; 乡村医生1200人 does."""
    text = "2020年，全县培训乡村医生3400人次。全县共有乡村医生1200人。"
    claims = {c.value_text: c for c in healthie.extract(text, region="衡水市", nlp=nlp)}
    assert claims["3400人次"].metric_name == "乡村医生" and claims["3400人次"].metric_id is None
    assert claims["1200人"].metric_id == "village_doctors"


def test_region_hint_and_doc_id(nlp):
    claims = healthie.extract("全市出生人口数43417人。", region="常德市", doc_id="x", nlp=nlp)
    assert [(c.doc_id, c.region, c.region_code) for c in claims] == [("x", "常德市", "430700")]


def test_breakdown_and_year(nlp):
    text = "2020年，咸宁市共有37家单位被评为抗疫先进集体(国家级2个、省级6个、市级29个)。"
    claims = healthie.extract(text, nlp=nlp)
    by_value = {c.value_text: c for c in claims}
    assert by_value["2个"].breakdown == "国家级"
    assert by_value["29个"].breakdown == "市级"
    assert all(c.year == 2020 for c in claims)


def test_an_institution_in_a_yi_wei_frame_gives_no_place_and_a_dated_subject_dates_its_sentence(nlp):
    text = ("全市组建以县级人民医院和崇阳县中医院为牵头医院的9个县域医共体。崇阳县中医院新增床位20张。"
            "全市127个建制乡镇卫生院已完成标准化建设124家。县财政2019年投入资金2500万元，购置设备150台。")
    by_value = {c.value_text: c for c in healthie.extract(text, region="咸宁市", nlp=nlp)}
    assert by_value["9个"].region == "咸宁市" and by_value["20张"].region == "崇阳县"
    assert by_value["127个"].metric_text == "建制乡镇卫生院" and by_value["124家"].metric_text is not None
    assert by_value["2500万元"].year == by_value["150台"].year == 2019


def test_a_cell_under_a_growth_column_takes_the_headers_unit_not_the_row_labels(nlp):
    text = ("表1　全市卫生资源主要指标\n指标 | 2023年 | 2024年 | 增长(%)\n医疗卫生机构数(个) | 3085 | 3126 | 1.3\n"
            "床位数(张) | 28641 | 29870 | 4.3\n")
    by_value = {c.value_text: c for c in healthie.extract(text, region="柳州市", nlp=nlp)}
    assert (by_value["1.3"].unit, by_value["1.3"].kind) == ("%", "change")
    assert (by_value["4.3"].unit, by_value["3126"].unit, by_value["29870"].unit) == ("%", "个", "张")


def test_gai_qu_is_the_district_named_last_before_it(nlp):
    text = "全市社区卫生服务中心62家。奎文区是中心城区，该区社区卫生服务中心11家，门诊量146万人次。"
    by_value = {c.value_text: c for c in healthie.extract(text, region="潍坊市", nlp=nlp)}
    assert by_value["62家"].region == "潍坊市"
    assert (by_value["11家"].region, by_value["11家"].region_code) == ("奎文区", "370705")


def test_each_place_of_a_quantity_is_its_breakdown(nlp):
    """STRUCTURES.md section 2: 专业公共卫生机构 and 其他机构 are where beds sit, like 医院."""
    text = ("全市医疗卫生机构床位5.62万张，其中医院4.41万张（占78.5%），基层医疗卫生机构1.02万张，"
            "专业公共卫生机构0.16万张，其他机构0.03万张。")
    claims = healthie.extract(text, region="宝鸡市", nlp=nlp)
    assert [c.breakdown for c in claims] == [None, "医院", "医院", "基层医疗卫生机构", "专业公共卫生机构", "其他机构"]
    assert {c.metric_text for c in claims} == {"医疗卫生机构床位"}


def test_extract_docs_streams_in_order(nlp):
    items = [("a", "全市出生人口数43417人。", "常德市"), ("b", "全省孕产妇死亡率15.90/10万。", "贵州省")]
    out = list(healthie.extract_docs(items, nlp=nlp))
    assert [doc_id for doc_id, _ in out] == ["a", "b"]
    assert out[1][1][0].region == "贵州省"


def test_a_failing_document_is_reported_and_the_batch_goes_on(nlp, fragile_value_ruler):
    failures = []
    items = [("a", "全市出生人口数43417人。", None), ("bad", "坏文档100人。", None), ("c", "人口出生率6.79‰。", None)]
    out = list(healthie.extract_docs(items, nlp=nlp, on_error=lambda doc_id, reason: failures.append((doc_id, reason))))
    assert [(doc_id, len(claims)) for doc_id, claims in out] == [("a", 1), ("bad", 0), ("c", 1)]
    assert failures[0][0] == "bad" and "healthie_value_ruler failed: ValueError: cannot parse" in failures[0][1]
    with pytest.raises(RuntimeError, match="bad: healthie_value_ruler failed"):
        list(healthie.extract_docs(items, nlp=nlp))


def test_split_long_cuts_at_line_or_sentence_ends():
    from healthie.extraction import split_long

    text = "第一段全市出生人口数43417人。\n" * 30
    pieces = split_long(text, limit=100)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 100 and piece.endswith("\n") for _, piece in pieces[:-1])
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
    one_line = "全市出生人口数43417人。" * 40
    assert all(piece.endswith("。") for _, piece in split_long(one_line, limit=100)[:-1])


def test_a_long_document_goes_through_in_pieces_with_offsets_into_the_whole(nlp):
    text = "常德市卫生健康委员会工作总结\n" + "2020年，全市出生人口数43417人，人口出生率6.79‰。\n" * 60
    whole = healthie.extract(text, doc_id="w", nlp=nlp)
    (doc_id, pieces), = healthie.extract_docs([("w", text, None)], nlp=nlp, max_piece=500)
    assert len(pieces) == len(whole) == 120
    assert all(text[c.value_start:c.value_end] == c.value_text for c in pieces)
    assert {c.region for c in pieces} == {"常德市"}
    assert [(c.value_start, c.metric_start) for c in pieces] == [(c.value_start, c.metric_start) for c in whole]


def test_the_page_of_a_claim_is_right_in_every_piece_of_a_long_document(nlp):
    page = "常德市卫生健康委员会工作总结\n" + "2020年，全市出生人口数43417人，人口出生率6.79‰。\n" * 6
    text = "\f".join([page] * 3)
    whole = healthie.extract(text, doc_id="p", nlp=nlp)
    (_, pieces), = healthie.extract_docs([("p", text, None)], nlp=nlp, max_piece=150)
    assert [c.page for c in whole] == [1 + text.count("\f", 0, c.value_start) for c in whole]
    assert [c.page for c in whole] == [1] * 12 + [2] * 12 + [3] * 12
    assert [(c.value_start, c.page) for c in pieces] == [(c.value_start, c.page) for c in whole]
    assert [c.page for c in nlp(text)._.claims] == [c.page for c in whole]  # the Doc's claims too
    assert {c.page for c in healthie.extract(text.replace("\f", "\n"), nlp=nlp)} == {None}


def test_a_long_document_is_never_cut_inside_a_number():
    from healthie.extraction import split_long

    text = "甲" * 60 + "出生人口32\n10个，" + "乙" * 20
    pieces = split_long(text, 80)
    assert "".join(piece for _, piece in pieces) == text
    assert all("32\n10个" in piece or "32" not in piece for _, piece in pieces)


@pytest.mark.parametrize("text", [None, b"bytes", 5])
def test_find_values_names_a_wrong_argument(text):
    with pytest.raises(TypeError, match="find_values: text must be a str"):
        healthie.find_values(text)


def test_a_district_report_resolves_its_deictic_word_and_names_agree_with_regions():
    """全区 after 长春市朝阳区卫健局 is that district; 长沙市卫健委通报：常德市医院56家 is in 常德市."""
    claims = healthie.extract("长春市朝阳区卫健局2020年工作总结\n全区医疗机构320家，全区床位5600张。")
    assert {(c.region, c.region_code) for c in claims} == {("朝阳区", "220104")}
    (claim,) = healthie.extract("长沙市卫健委通报：常德市医院56家。")
    assert (claim.region_text, claim.region, claim.region_code) == ("常德市", "常德市", "430700")


def _records(claims) -> list[dict]:
    return [{**claim.to_dict(), "doc_id": None} for claim in claims]


def test_a_doc_with_a_region_hint_gives_what_extract_gives(nlp, seed_texts, seed_claims):
    text = seed_texts[HINTED_SEED]
    assert len(text) <= MAX_PIECE  # extract reads it whole
    doc = nlp.make_doc(text)
    doc._.region_hint = HINT
    hinted = _records(nlp(doc)._.claims)
    assert hinted == _records(healthie.extract(text, region=HINT, nlp=nlp))
    unhinted = _records(nlp(text)._.claims)
    assert unhinted == _records(seed_claims[HINTED_SEED])
    assert "鼎城区" in {r["region"] for r in hinted} and "鼎城区" not in {r["region"] for r in unhinted}


def test_piping_hinted_docs_gives_what_extract_gives_per_text(nlp, seed_texts):
    pairs = [("全市出生人口数43417人。", "常德市"), (seed_texts[HINTED_SEED], HINT), ("全市出生人口数43417人。", None),
             ("全省孕产妇死亡率15.90/10万。", "  ")]
    docs = nlp.pipe(healthie.hinted_docs(nlp, pairs), n_process=1)
    assert [_records(doc._.claims) for doc in docs] == [_records(healthie.extract(text, region=region, nlp=nlp))
                                                        for text, region in pairs]


def test_the_region_hint_lives_in_user_data_and_travels_with_the_doc(nlp):
    doc = nlp.make_doc("全市出生人口数43417人。")
    assert doc._.region_hint is None
    doc._.region_hint = "常德市"
    assert doc.user_data[HINT_KEY] == "常德市"
    assert Doc(nlp.vocab).from_bytes(doc.to_bytes())._.region_hint == "常德市"  # as nlp.pipe(n_process=2) ships it
    doc._.region_hint = "  "
    assert doc._.region_hint is None and HINT_KEY not in doc.user_data
    with pytest.raises(TypeError, match="region_hint must be a str or None, not int"):
        doc._.region_hint = 5


def test_hinted_docs_names_a_wrong_argument(nlp):
    with pytest.raises(TypeError, match="hinted_docs: nlp must be a spacy Language, not NoneType"):
        healthie.hinted_docs(None, [])
    with pytest.raises(TypeError, match="hinted_docs: text must be a str, not bytes; decode it first"):
        next(healthie.hinted_docs(nlp, [("全市".encode(), None)]))


@pytest.mark.parametrize("argument, error, message", [
    ({"text": None}, TypeError, "^extract: text must be a str, not NoneType$"),
    ({"text": "全市".encode()}, TypeError, r"^extract: text must be a str, not bytes; decode it first"),
    ({"region": 5}, TypeError, "^extract: region must be a str or None, not int$"),
    ({"doc_id": 7}, TypeError, "^extract: doc_id must be a str or None, not int$"),
    ({"nlp": "healthie-zh"}, TypeError, "^extract: nlp must be a spacy Language or None, not str$"),
])
def test_extract_names_a_wrong_argument(argument, error, message):
    with pytest.raises(error, match=message):
        healthie.extract(**{"text": "全市出生人口数43417人。", **argument})


@pytest.mark.parametrize("argument, error, message", [
    ({"items": "全市出生人口数43417人。"}, TypeError, "extract_docs: items must be an iterable .*, not str"),
    ({"items": None}, TypeError, "extract_docs: items must be an iterable .*, not NoneType"),
    ({"nlp": object()}, TypeError, "extract_docs: nlp must be a spacy Language or None, not object"),
    ({"n_process": 0}, ValueError, r"extract_docs: n_process must be a positive int or -1 \(.*\), not 0"),
    ({"n_process": -5}, ValueError, "extract_docs: n_process must be a positive int or -1 .*, not -5"),
    ({"n_process": 2.0}, TypeError, "extract_docs: n_process must be an int, not float"),
    ({"n_process": True}, TypeError, "extract_docs: n_process must be an int, not bool"),
    ({"batch_size": 0}, ValueError, "extract_docs: batch_size must be at least 1, not 0"),
    ({"batch_size": "8"}, TypeError, "extract_docs: batch_size must be an int, not str"),
    ({"on_error": "log"}, TypeError, "extract_docs: on_error must be callable or None, not str"),
    ({"max_piece": 10}, ValueError, "extract_docs: max_piece must be at least 100, not 10"),
])
def test_extract_docs_checks_its_arguments_when_called(argument, error, message):
    with pytest.raises(error, match=message):
        healthie.extract_docs(**{"items": [("a", "全市出生人口数43417人。", None)], **argument})  # no next()


def test_extract_docs_takes_minus_one_processes_as_spacy_does():
    assert isinstance(healthie.extract_docs([], n_process=-1), Iterator)


def test_an_item_that_is_not_text_is_reported_and_the_rest_goes_on(nlp):
    items = [("a", "全市出生人口数43417人。", None), ("none", None, None), ("bytes", "全市".encode(), None),
             ("region", "人口出生率6.79‰。", 5), ("c", "人口出生率6.79‰。", None)]
    failures = []
    out = list(healthie.extract_docs(items, nlp=nlp, on_error=lambda *failure: failures.append(failure)))
    assert [(doc_id, len(claims)) for doc_id, claims in out] == [("a", 1), ("none", 0), ("bytes", 0), ("region", 0),
                                                                  ("c", 1)]
    assert failures == [("none", "text is not a string (NoneType)"), ("bytes", "text is not a string (bytes)"),
                        ("region", "region is not a string (int)")]
    with pytest.raises(RuntimeError, match=r"^none: text is not a string \(NoneType\)$"):
        list(healthie.extract_docs(items, nlp=nlp))


def test_worker_processes_give_the_records_of_one_and_name_what_fails(nlp, seed_texts, fragile_value_ruler):
    """n_process=2: forked workers run the whole pipeline on each piece and send back records; a
    document a component fails on is reported in its place and the others go on, in order."""
    import healthie

    items = [(name, text, None) for name, text in list(seed_texts.items())[:2]]
    items.insert(1, ("bad", "全市床位坏1万张。", None))
    items.append(("long", list(seed_texts.values())[2] * 3, None))  # pieces of a long document
    failed = []
    pooled = [(i, [c.to_dict() for c in claims]) for i, claims in
              healthie.extract_docs(items, nlp=nlp, n_process=2, on_error=lambda i, r: failed.append((i, r)))]
    alone = [(i, [c.to_dict() for c in claims]) for i, claims in
             healthie.extract_docs(items, nlp=nlp, on_error=lambda i, r: None)]
    assert pooled == alone and [i for i, _ in pooled] == ["000_46f967afcddd7367.txt", "bad", "001_799f06fbe66016c8.txt", "long"]
    assert failed == [("bad", "healthie_value_ruler failed: ValueError: cannot parse")]
    assert len(pooled[-1][1]) > 100
