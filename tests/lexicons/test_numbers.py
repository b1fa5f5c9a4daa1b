import pytest

from healthie import find_values
from healthie.lexicons.numbers import scan_values, parse_value

# (surface, left context, right context, value, unit, kind, approx): forms taken from the seeds
FORMS = [
    ("43417人", "出生人口数", "", 43417, "人", "count", None),
    ("6.79‰", "人口出生率", "", 6.79, "‰", "rate", None),
    ("1.18‰", "自然增长率", "", 1.18, "‰", "rate", None),
    ("98.01%", "符合政策生育率", "", 98.01, "%", "percent", None),
    ("108.21", "出生人口性别比", "", 108.21, None, "ratio", None),
    ("34.43万余人", "签约建档立卡贫困户", "", 344300, "人", "count", "more_than"),
    ("4.99万名", "建档立卡的", "四类慢病患者", 49900, "名", "count", None),
    ("230余万件套", "重要卫生应急物资", "", 2300000, "件套", "count", "more_than"),
    ("2.529亿元", "资金", "", 252900000, "元", "money", None),
    ("15.90/10万", "孕产妇死亡率", "", 15.9, "/10万", "rate", None),
    ("410.70/10万", "发病率", "", 410.7, "/10万", "rate", None),
    ("13.44/万", "由2015年的", "降至", 13.44, "/万", "rate", None),
    ("514441份", "健康档案", "", 514441, "份", "count", None),
    ("1010万余人次", "核酸检测", "", 10100000, "人次", "count", "more_than"),
    ("123.6万剂次", "接种66.9万人", "", 1236000, "剂次", "count", None),
    ("66.9万人", "疫苗接种", "", 669000, "人", "count", None),
    ("358天", "已连续", "无新增", 358, "天", "duration", None),
    ("317天", "已连续", "无新增", 317, "天", "duration", None),
    ("850元", "每人每月", "", 850, "元", "money", None),
    ("6355名", "全市组织", "家庭医生", 6355, "名", "count", None),
    ("1385个", "成立", "签约服务团队", 1385, "个", "count", None),
    ("99.77%", "救治到位率", "", 99.77, "%", "percent", None),
    ("102.40%", "占年度目标任务的", "", 102.4, "%", "percent", None),
    ("100%", "全覆盖已达", "，提前", 100, "%", "percent", None),
    ("98%", "建卡率达", "以上", 98, "%", "percent", "more_than"),
    ("150种", "配备了", "以上中药饮片", 150, "种", "count", "more_than"),
    ("90万人", "受益儿童近", "。", 900000, "人", "count", "about"),
    ("53余份", "健康教育资料", "", 53, "份", "count", "more_than"),
    ("4万余人", "对", "进行健康指导", 40000, "人", "count", "more_than"),
    ("70多万份", "发放", "", 700000, "份", "count", "more_than"),
    ("7000多个", "", "", 7000, "个", "count", "more_than"),
    ("第三", "治愈率全省排名", "", 3, None, "rank", None),
    ("第6", "感染率全省市州排名", "", 6, None, "rank", None),
    ("第五", "全国", "", 5, None, "rank", None),
    ("5.2%", "比上年增长", "", 5.2, "%", "change", None),
    ("0.25个百分点", "下降", "", -0.25, "个百分点", "change", None),
    ("0.3个百分点", "提高", "", 0.3, "个百分点", "change", None),
    ("318个", "比上年增加", "", 318, "个", "change", None),
    ("2-3天", "", "", 2, "天", "duration", None),
    ("两个月", "不到", "时间", 2, "个月", "duration", "less_than"),
    ("十大类", "集中储备", "重要物资", 10, "大类", "count", None),
    ("14大类", "", "服务项目", 14, "大类", "count", None),
    ("一百二十三人", "", "", 123, "人", "count", None),
    ("两项", "", "", 2, "项", "count", None),
    ("〇", "", "", None, None, None, None),
    ("37.8万支", "采样试管", "", 378000, "支", "count", None),
    ("227亿元", "总投资", "", 22700000000, "元", "money", None),
    ("177047万元", "", "", 1770470000, "元", "money", None),
    ("9642万平方米", "清扫", "", 96420000, "平方米", "other", None),
    ("35997吨", "垃圾", "", 35997, "吨", "other", None),
    ("77.57岁", "人均预期寿命", "", 77.57, "岁", "other", None),
    ("5.56张", "床位数", "", 5.56, "张", "count", None),
    ("2.73人", "提升到", "", 2.73, "人", "count", None),
    ("1.8人", "从", "提升", 1.8, "人", "count", None),
    ("17起", "违法案件", "", 17, "起", "count", None),
    ("42次", "督查", "", 42, "次", "count", None),
    ("9期", "培训班", "", 9, "期", "count", None),
    ("58万人份", "汤剂", "", 580000, "人份", "count", None),
    ("3834例", "传染病", "", 3834, "例", "count", None),
    ("6960户", "贫困家庭", "", 6960, "户", "count", None),
    ("500/10万", "控制在", "以下", 500, "/10万", "rate", "less_than"),
    ("1,533家", "", "", 1533, "家", "count", None),
    ("44673人", "约", "", 44673, "人", "count", "about"),
    ("1000人", "超过", "", 1000, "人", "count", "more_than"),
    ("1亿2914万零10人", "全市共有", "。", 129140010, "人", "count", None),  # found by the property test
    ("1万零10人", "共有", "", 10010, "人", "count", None),
]


@pytest.mark.parametrize("surface,left,right,value,unit,kind,approx", FORMS)
def test_parse_value(surface, left, right, value, unit, kind, approx):
    parsed = parse_value(surface, left, right)
    if value is None:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert (parsed.unit, parsed.kind, parsed.approx) == (unit, kind, approx)


def test_at_least_sixty_forms():
    assert len(FORMS) >= 60


def _found(text):
    return [v.text for v in scan_values(text)]


@pytest.mark.parametrize("text", [
    "2020年全市卫生工作",                # a date
    "咸政办发(2020)21号文件",            # a file number
    "雨政办函〔2020〕7号",
    "1.基本公共卫生",                    # a list marker
    "(二)卫生工作",
    "一是加强领导",
    "圆满完成“十三五”规划",              # a name with a number
    "着力实施“三高四新”战略",
    "推进“135工程”建设",
    "落实“1+5”文件",
    "人感染H7N9禽流感",
    "开展“4.25”预防接种宣传日活动",
    "采用1:10混采检测",                   # a method's ratio
    "联系电话:0851-86870000",            # a phone number
    "黔ICP备14006722号-9",
    "2020年1-10月的数据",
    "3月6日所有病例治愈",
    "发现第1例确诊病例",                  # an ordinal, not a rank
    "上述三项指标分别提高",                # a count of what the text already listed
    "医护比为1∶1.21",                       # a ratio, never its parts (1, 1.21)
    "医护比为1 : 1.21",
    "床护比为1比0.62",
    "病床使用率＝实际占用总床日数/实际开放总床日数×100%",  # a definition's formula
    "上世纪90年代建成的村卫生室",            # a decade
    "市十六届人大三次会议",                  # a session's name
    "您是本站第3862517位访问者",             # a page's counter
    "（共印80份）",                          # a print run
    "执业（助理）医师不足5人的有",            # the bound that makes a group
    "占比超过六成的有：",

])
def test_not_a_value(text):
    assert _found(text) == []


@pytest.mark.parametrize("text,metric_part", [
    ("管理0-6岁儿童27235人", "0-6岁儿童"),
    ("为65岁以上老年人建立健康档案56613份", "65岁以上老年人"),
    ("3岁以下婴幼儿照护服务", "3岁以下婴幼儿"),
    ("0-36个月儿童中医药健康管理率达到68.2%", "0-36个月儿童"),
    ("0-36个月龄儿童健康管理率", "0-36个月龄儿童"),
    ("6个月以下婴儿纯母乳喂养率", "6个月以下婴儿"),
])
def test_age_bounds_stay_in_the_metric(text, metric_part):
    assert not any(metric_part.startswith(found) or found in metric_part for found in _found(text))


def test_a_band_in_what_the_next_value_measures_is_no_value():
    assert _found("能够提供6类以上中医药适宜技术的社区卫生服务站占比达到83%") == ["83%"]
    assert _found("开展10项以上新技术的医院有25家") == ["25家"]
    assert _found("配备了150种以上的中药饮片。储备了10天以上的医疗救治物资，确保供应") == ["150种", "10天"]


def test_counts_of_things_are_values():
    assert _found("实施15项专项行动") == ["15项"]
    assert _found("14大类服务项目") == ["14大类"]
    assert _found("发现新发涂阳病人132例") == ["132例"]


def test_find_values_in_a_sentence():
    text = "全市出生人口数43417人，人口出生率6.79‰，出生人口性别比108.21；治愈率全省排名第三"
    assert _found(text) == ["43417人", "6.79‰", "108.21", "第三"]


def test_a_per_unit_in_a_row_label_is_not_a_value():
    assert [v.text for v in scan_values("孕产妇死亡率(1/10万) | 10.2 | 9.8/10万")] == ["10.2", "9.8/10万"]  # cells
    assert [v.text for v in scan_values("全市孕产妇死亡率为1/10万。")] == ["1/10万"]


def test_the_cells_of_a_two_column_table_are_values_and_a_table_of_contents_is_not():
    table = "表1 主要指标\n指标 | 2022年\n孕产妇系统管理率(%) | 94.2\n床位数(张) | 3,120\n\n指标\t数值\n婴儿死亡率(‰)\t3.1\n"
    assert [v.text for v in scan_values(table)] == ["94.2", "3,120", "3.1"]
    contents = "目录\n一、基本情况\t1\n二、医疗资源\t3\n第三章 医疗服务\t5\n"
    assert scan_values(contents) == []
    assert scan_values("联系电话 | 5123\n") == []  # one label | number line alone is not a table


def test_one_with_a_measure_word_is_a_count_only_where_one_thing_is_counted():
    """新增一家, 至少有一所, 破获一例, 实验室一个，, 一个以上, 从一家到, 学校一起诺如病毒感染 count one thing;
    走进一家, 一个缩影, 王大姐一家，, 无一例, 一村一所, 大家一起 are the article, a family, none or together."""
    counted = ("南康区新增一家二级甲等综合医院", "每个市州至少有一所三级甲等医院", "成功破获一例“两非”案件",
               "县疾控中心新建PCR实验室一个，单日核酸检测能力提升", "各建成一个以上示范性托育服务中心",
               "核酸检测机构从一家到二十二家", "黄龙学校一起诺如病毒感染引起的暴发疫情", "和平街道一例人感染H7N9禽流感")
    for text in counted:
        assert [v for v in _found(text) if v.startswith("一")], text
    for text in ("本报记者走进一家社区卫生服务中心", "这是优质医疗资源下沉的一个缩影", "王大姐一家，每天晚饭后散步",
                 "全年无一例孕产妇死亡", "一村一所的布局持续完善", "大家一起参加义诊", "卫生健康事业的都只有一个，那就是"):
        assert not [v for v in _found(text) if v.startswith("一")], text


def test_a_persons_age_in_a_story_is_no_value():
    """68岁的村民刘大爷, 3岁的患儿: an age that describes a person is no claim; 人均预期寿命78.6岁 is one."""
    assert _found("68岁的村民刘大爷拿着检查报告") == []
    assert _found("3岁的患儿转危为安") == []
    assert _found("人均预期寿命78.6岁") == ["78.6岁"]


def test_a_list_after_a_change_verb_shares_its_sign_and_a_unit_written_once_is_every_items():
    """同比分别下降3.2%、4.6%: both fell; 分别比上年下降0.41个和0.52个千分点: both in 个千分点 (the first item's 个
    alone would read as a count). A list after a to-verb (增加到1500张、1800张) holds no changes."""
    def read(text):
        return [(v.text, v.value, v.unit, v.kind) for v in find_values(text)]

    assert read("同比分别下降3.2%、4.6%和1.1%。") == [("3.2%", -3.2, "%", "change"), ("4.6%", -4.6, "%", "change"),
                                                  ("1.1%", -1.1, "%", "change")]
    assert read("分别比上年下降0.41个和0.52个千分点。") == [("0.41个", -0.41, "个千分点", "change"),
                                                   ("0.52个千分点", -0.52, "个千分点", "change")]
    assert read("分别下降0.8个和1.2个十万分点。") == [("0.8个", -0.8, "个十万分点", "change"),
                                                ("1.2个十万分点", -1.2, "个十万分点", "change")]
    assert read("分别提高2.1个、1.8个百分点。") == [("2.1个", 2.1, "个百分点", "change"), ("1.8个百分点", 1.8, "个百分点", "change")]
    assert [v.kind for v in find_values("床位由1200张增加到1500张、1800张。")] == ["count", "count", "count"]
    assert [v.value for v in find_values("下降3.2%。全市新建村卫生室12个、社区卫生服务站3个。")] == [-3.2, 12, 3]


def test_a_bare_first_item_takes_the_unit_written_after_the_last():
    """分别提高0.8和0.5个百分点: 0.8 is a value in 个百分点 too; 12和13个单位 leaves 12 alone (no rate or change unit)."""
    text = "3岁以下儿童系统管理率94.1%，7岁以下儿童健康管理率95.6%，分别提高0.8和0.5个百分点。"
    assert [(v.text, v.value, v.unit, v.kind) for v in find_values(text)][2:] == [
        ("0.8", 0.8, "个百分点", "change"), ("0.5个百分点", 0.5, "个百分点", "change")]
    assert [v.text for v in find_values("比上年分别下降1.2、0.8和0.5个百分点")] == ["1.2", "0.8", "0.5个百分点"]
    assert [v.text for v in find_values("共有12和13个单位")] == ["13个"]


def test_a_duration_with_more_or_half_inside_is_read_whole_or_not_at_all():
    """3个多月, 两个半小时, 兩個多小時: never 3个 or 两个 (a count); 3个月 and 两个小时 read whole."""
    for text in ("用了3个多月时间", "耗时两个半小时", "要走兩個多小時山路"):
        assert find_values(text) == [], text
    assert [(v.text, v.unit) for v in find_values("用了3个月，两个小时内到达")] == [("3个月", "个月"), ("两个小时", "个小时")]


def test_units_of_concentration_and_a_value_after_a_labels_colon():
    """186.5μg/L and 0.42mg/L keep their units (not a bare ratio, nor nothing); 孕产妇死亡率：6.1/10万 is a value
    (a label's colon), 1:1.21 is not."""
    def read(text):
        return [(v.text, v.value, v.unit) for v in find_values(text)]

    assert read("尿碘中位数为186.5μg/L，处于适宜水平") == [("186.5μg/L", 186.5, "μg/L")]
    assert read("游离氯平均为0.42mg/L，合格率98.2%") == [("0.42mg/L", 0.42, "mg/L"), ("98.2%", 98.2, "%")]
    assert read("孕产妇死亡率：6.1/10万") == [("6.1/10万", 6.1, "/10万")]
    assert read("活产数：16420人") == [("16420人", 16420, "人")]
    assert read("邮编：434000") == []


def test_spoken_scales_and_a_list_of_chinese_numerals_after_a_change_verb():
    """五个多亿 is more than 500,000,000 (never 五个, a count of 5); 分别下降了十二万人和四万人: both fell."""
    def read(text):
        return [(v.text, v.value, v.unit, v.kind, v.approx) for v in find_values(text)]

    assert read("为群众节省费用五个多亿。") == [("五个多亿", 5e8, None, "count", "more_than")]
    assert read("两个亿元") == [("两个亿元", 2e8, "元", "money", None)]
    assert read("十几个亿") == []  # not read whole: nothing
    assert read("分别下降了十二万人和四万人") == [("十二万人", -120000, "人", "change", None),
                                          ("四万人", -40000, "人", "change", None)]
    assert read("平均降价50%-60%") == [("50%-60%", -50, "%", "change", None)]
    assert read("排查3960个次") == [("3960个次", 3960, "个次", "count", None)]


def test_an_approximation_word_before_a_verb_still_bounds_and_a_scaled_list_shares_its_unit():
    """约为5%, 约占七成, 至少有2名: the bound word reaches past 为/占/有; 1.46万、1.73万和1.88万人次: every item in 人次."""
    def read(text):
        return [(v.text, v.unit, v.approx) for v in find_values(text)]

    assert read("约为5%") == [("5%", "%", "about")]
    assert read("约占七成") == [("七成", "%", "about")]
    assert read("至少有2名") == [("2名", "名", "at_least")]
    assert read("最近为5人") == [("5人", "人", None)]
    assert read("分别仅为1.46万、1.73万和1.88万人次") == [("1.46万", "人次", None), ("1.73万", "人次", None),
                                                   ("1.88万人次", "人次", None)]


def test_spoken_comparatives_are_changes_and_chutou_bounds():
    """低了十几个百分点 is a fall, 多了11个 a rise; 比…的520万元多了不少: 多 is the comparison, not the value's 多;
    六成出头 is more than 60%."""
    def read(text):
        return [(v.text, v.value, v.kind, v.approx) for v in find_values(text)]

    assert read("比2020年低了十几个百分点") == [("十几个百分点", -10, "change", "more_than")]
    assert read("比上年多了11个") == [("11个", 11, "change", None)]
    assert read("比2020年的520万元多了不少") == [("520万元", 5200000, "money", None)]
    assert read("签约率六成出头。") == [("六成", 60, "percent", "more_than")]
