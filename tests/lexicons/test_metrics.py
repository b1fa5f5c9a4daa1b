from healthie.lexicons.metrics import catalogue, is_per_capita


def test_catalogue_size_and_unique_ids():
    metrics = catalogue()
    assert len(metrics.metrics) >= 80
    assert len({m.id for m in metrics.metrics}) == len(metrics.metrics)


def test_required_families_present():
    names = {n for m in catalogue().metrics for n in m.names}
    for needed in ("人口出生率", "出生人口性别比", "孕产妇死亡率", "婴儿死亡率", "人均预期寿命",
                   "每千人口执业(助理)医师数", "每万人口全科医生数", "家庭医生签约服务覆盖率"):
        assert needed in names


def test_match_exact_alias_suffix_and_fuzzy():
    metrics = catalogue()
    assert metrics.match("人口出生率").id == metrics.match("出生率").id
    assert metrics.match("农村孕产妇死亡率").id == metrics.match("孕产妇死亡率").id
    assert metrics.match("“人口出生率”").id == metrics.match("人口出生率").id
    assert metrics.match("基层医疗卫生机构诊疗量占比达") is None  # a phrase with a verb tail is no catalogue name
    assert metrics.match("城乡居民健康档案").id == metrics.match("居民健康档案数").id
    assert metrics.match("抗疫先进集体") is None
    assert metrics.match("") is None


def test_a_per_capita_phrase_never_gets_a_totals_id():
    cat = catalogue()
    assert cat.match("每千人拥有床位") is None  # not beds_total: better no id than a wrong one
    assert cat.match("每千常住人口执业(助理)医师").id == "physicians_per_1000"
    assert cat.match("执业（助理）医师").id == "licensed_physicians"
    assert is_per_capita("人均预期寿命") and is_per_capita("每万人口全科医生数") and not is_per_capita("全科医生数")


def test_hospitals_by_bed_size_and_grade_have_their_own_ids():
    cat = catalogue()
    assert cat.match("500张及以上床位医院").id == "hospitals_beds_500_plus"
    assert cat.match("100-199张床位医院").id == "hospitals_beds_100_199"
    assert cat.match("一级医院").id == "grade1_hospitals" and cat.match("医院").id == "hospitals"


def test_no_catalogue_name_starts_with_a_place_word():
    """全省孕产妇死亡率 as a name would swallow the REGION 全省 (or be swallowed by it): the place is the region's."""
    import re

    from healthie.lexicons.metrics import catalogue

    local = re.compile(r"^(?:全|我|本|该)[省市区县州旗]")
    assert [name for name in catalogue().names() if local.match(name)] == []


def test_a_phrase_as_close_to_two_metrics_gets_no_id():
    """患者基层规范管理服务率 (its 高血压 or 2型糖尿病 cut off) reads like both primary-care management rates."""
    cat = catalogue()
    assert cat.match("患者基层规范管理服务率") is None
    assert cat.match("高血压患者基层规范管理服务率").id == "hypertension_primary_care_management_rate"
    assert cat.match("2型糖尿病患者基层规范管理服务率").id == "diabetes_primary_care_management_rate"
    assert cat.match("卫生计生监督机构查处违法案件").id == "violation_cases"  # the longest name it ends with


def test_a_phrase_naming_a_part_or_a_flow_of_a_catalogue_metric_gets_no_id():
    """中医馆的乡镇卫生院 are the township centres with a TCM hall, 改扩建县级医院 the county hospitals rebuilt
    this year: not the catalogue's totals; a place or kind before the name keeps it (农村孕产妇死亡率)."""
    cat = catalogue()
    assert cat.match("中医馆的乡镇卫生院") is None and cat.match("改扩建县级医院") is None
    assert cat.match("乡镇卫生院").id == "township_health_centers"
    assert cat.match("农村孕产妇死亡率").id == "maternal_mortality_ratio"
    # one age group's, one ownership's part of a total is not the total
    assert cat.match("60岁及以上常住人口") is None and cat.match("社会办医疗卫生机构") is None
    assert cat.match("医疗卫生机构诊疗人次").id == "outpatient_visits_total"


def test_one_kind_of_institutions_measure_gets_a_qualified_id():
    """The yearbook reports visits, beds, staff and costs for each kind of institution: 乡镇卫生院诊疗人次 is
    the township centres' visits (``outpatient_visits_total@township_health_centers``), not all visits."""
    cat = catalogue()
    township = cat.match("乡镇卫生院诊疗人次")
    assert township.id == "outpatient_visits_total@township_health_centers" and township.kind == "count"
    assert cat.match("县级医院病床使用率").id == "bed_occupancy_rate@county_hospitals"
    assert cat.match("中医类医院出院人数").id == "discharges@tcm_class_hospitals"
    assert cat.match("公立医院医疗服务收入占比").id == "medical_service_revenue_share@public_hospitals"
    # a pair the catalogue names itself keeps that metric's id
    assert cat.match("中医类医院床位").id == "tcm_class_hospital_beds" and cat.match("医院床位").id == "hospital_beds"
    assert cat.get("discharges@tcm_class_hospitals") == cat.match("中医类医院出院人数")
    assert cat.get("outpatient_visits_total").zh == "诊疗人次"
    assert cat.get("discharges@nowhere") is None and cat.get("nothing") is None
    # a kind of institution before what is not measured per kind stays without an id, unless the catalogue names it
    assert cat.match("社区卫生服务中心中医馆") is None and cat.match("乡镇卫生院中医馆").id == "township_tcm_halls"


def test_a_grouping_of_hospitals_is_an_owner_of_measures_and_counted_but_never_tagged():
    """二级以上公立医院 and 三级公立医院 are groupings the yearbook reports measures for; they are not catalogue
    names (the ruler never tags them), yet their measures get qualified ids and they count themselves."""
    cat = catalogue()
    appointments = cat.match("二级以上公立医院预约诊疗率")
    assert appointments.id == "appointment_rate@public_hospitals_level2_plus" and appointments.kind == "percent"
    assert cat.get(appointments.id) == appointments
    assert cat.match("三级公立医院平均住院日").id == "average_length_of_stay@public_tertiary_hospitals"
    assert cat.match("三级公立医院").id == "public_tertiary_hospitals" == cat.get("public_tertiary_hospitals").id
    assert "三级公立医院" not in cat.names() and "二级以上公立医院" not in cat.names()
    # a grade before a general kind is one grade's part of it, not the kind (三级中医医院 are not all TCM hospitals)
    assert cat.match("三级中医医院") is None and cat.match("三级医院").id == "tertiary_hospitals"


def test_a_name_matches_with_or_without_its_closing_count_word():
    cat = catalogue()
    assert cat.match("中医类别执业（助理）医师").id == "tcm_physicians"
    assert cat.match("机构数").id == cat.match("医疗卫生机构数").id


def test_a_close_spelling_or_an_ending_never_crosses_a_rate_a_flow_or_a_short_alias():
    """孕产妇死亡 counts deaths, not the ratio; 累计报告 cases are not the living cases; a three-character
    alias (建卡率) is no ending for another population's rate."""
    cat = catalogue()
    assert cat.match("孕产妇死亡").id == "maternal_deaths" and cat.match("孕产妇死亡率").id == "maternal_mortality_ratio"
    assert cat.match("孕产妇死亡例").id == "maternal_deaths" and cat.match("婴儿死亡") is None  # a count, not the rate
    assert cat.match("报告艾滋病病毒感染者和病人") is None and cat.match("艾滋病累计报告感染者和病人") is None
    assert cat.match("艾滋病病毒感染者和病人").id == "hiv_living_cases"
    # a name that holds the flow word itself matches it (累计报告确诊病例 are the confirmed cases)
    assert cat.match("累计报告确诊病例").id == cat.match("确诊病例").id == "covid_confirmed_cases"
    assert cat.match("孕产妇建卡率") is None and cat.match("建卡率") is not None


def test_a_phrase_wrapped_over_lines_matches_as_one_name():
    cat = catalogue()
    assert cat.match("基层医疗卫生机构\n诊疗人次").id == cat.match("基层医疗卫生机构诊疗人次").id == "primary_care_visits"
    assert cat.match("医院 床位").id == "hospital_beds"


def test_one_ownership_or_flow_or_disease_before_a_general_name_gets_no_id():
    """私立中医医院 are some TCM hospitals (公立中医医院 have an id of their own), 基层卫生人员 some personnel,
    选派…卫生人员 those sent; 登革热报告发病率 is dengue's, not every disease's, 麻腮风疫苗接种率 one vaccine's, not the programme's."""
    cat = catalogue()
    assert cat.match("公立中医医院").id == "public_tcm_hospitals"
    for phrase in ("私立中医医院", "基层卫生人员", "每年选派援藏医疗卫生人员", "登革热报告发病率", "麻腮风疫苗接种率"):
        assert cat.match(phrase) is None, phrase
    assert cat.match("麻疹报告发病率").id == "measles_incidence"  # a disease with an indicator of its own
    assert cat.match("报告发病率").id == "reported_incidence_rate" and cat.match("疫苗接种率").id == "nip_vaccination_rate"
    assert cat.match("手足口病报告发病率").id == "hfmd_incidence" and cat.match("公立医院").id == "public_hospitals"


def test_a_phrase_that_names_a_metric_only_in_context_is_matched_but_never_tagged():
    """能够提供中医药服务的社区卫生服务中心 (占98.6%) is the share indicator, 严重精神障碍患者 (8426人) the registered
    patients; neither is a name for the ruler, which would tag it inside longer names."""
    cat = catalogue()
    assert cat.match("能够提供中医药服务的社区卫生服务中心").id == "chc_tcm_service_share"
    assert cat.match("严重精神障碍患者").id == "severe_mental_disorder_patients"
    assert "严重精神障碍患者" not in cat.names() and "能够提供中医药服务的社区卫生服务中心" not in cat.names()
    assert cat.match("严重精神障碍患者规范管理率").id == "severe_mental_disorder_management_rate"


def test_a_closing_note_is_dropped_before_matching_unless_a_name_holds_it():
    """国家卫生县城（县级市） is a 国家卫生县城 (the note is no part of the name, and made it look like a city's);
    诊所（医务室）, 社区卫生服务中心（站） and 专科疾病防治院（所、站） are names with their note."""
    cat = catalogue()
    assert cat.match("国家卫生县城（县级市）").id == "national_hygienic_counties"
    assert cat.match("诊所（医务室）").id == "clinics"
    assert cat.match("社区卫生服务中心（站）").id == "community_health_service_institutions"
    assert cat.match("社区卫生服务中心（站）").id != cat.match("社区卫生服务中心").id
    assert cat.match("专科疾病防治院（所、站）").id == "specialist_disease_prevention_institutes"


def test_centres_and_stations_together_own_their_measures():
    """社区卫生服务中心（站）诊疗人次 is theirs, not the total of every institution's visits."""
    cat = catalogue()
    assert cat.match("社区卫生服务中心（站）诊疗人次").id == "outpatient_visits_total@community_health_service_institutions"
    assert cat.match("社区卫生服务站诊疗人次").id == "outpatient_visits_total@community_health_stations"


def test_revenue_of_medical_services_is_not_all_medical_revenue():
    cat = catalogue()
    assert cat.match("医疗服务收入").id == "medical_service_revenue"
    assert cat.match("医疗收入").id == "medical_revenue"
    assert cat.match("医疗服务收入占比").id == "medical_service_revenue_share"


def test_voluntary_blood_donation_counts_donations_and_its_volume_is_named_so():
    """无偿献血108.6万人次 is the donations' count; the volume is 献血量 (a close spelling picked it)."""
    cat = catalogue()
    assert cat.match("无偿献血").id == "blood_donors" and cat.match("献血量").id == "blood_volume"


def test_a_close_spelling_never_crosses_town_and_country():
    """农村生活垃圾无害化处理率 is not the towns' rate; a qualifier on one side only still matches (农村孕产妇住院分娩率)."""
    cat = catalogue()
    assert cat.match("城市生活垃圾无害化处理率").id == "urban_waste_treatment_rate"
    assert cat.match("农村生活垃圾无害化处理率") is None
    assert cat.match("农村孕产妇住院分娩率").id == "hospital_delivery_rate"


def test_a_close_spelling_never_puts_words_into_a_short_name():
    """县级藏医院 is not every county hospital, 发热门诊接诊 not the clinics, 医院规划床位 not the beds there are;
    a doubled character is noise (产产后后访访视率 is 产后访视率)."""
    cat = catalogue()
    for phrase in ("县级藏医院", "发热门诊接诊", "医院规划床位", "卫生监督协管员", "黑诊所"):
        assert cat.match(phrase) is None, phrase
    assert cat.match("产产后后访访视率").id == "postpartum_visit_rate"
    assert cat.match("医疗卫生机构实有床位").id == "beds_total"


def test_the_quality_service_standards_are_told_apart_and_a_phrase_naming_neither_gets_none():
    cat = catalogue()
    assert cat.match("达到服务能力基本标准的乡镇卫生院").id == "quality_service_basic_standard"
    assert cat.match("服务能力推荐标准的乡镇卫生院和社区卫生服务中心").id == "quality_service_recommended_standard"
    assert cat.match("“优质服务基层行”达标机构") is None  # which standard: the phrase does not say


def test_tcm_class_hospitals_and_tcm_hospitals_have_ids_of_their_own():
    """中医类医院 counts TCM, integrated and ethnic-medicine hospitals together: 中医医院 is one part of it."""
    cat = catalogue()
    assert cat.match("中医类医院").id == "tcm_class_hospitals" != cat.match("中医医院").id == cat.match("中医院").id
    assert cat.match("中医类医院床位数").id == "tcm_class_hospital_beds" != cat.match("中医医院床位数").id
    assert cat.match("中医医院诊疗人次").id == "outpatient_visits_total@tcm_hospitals"
