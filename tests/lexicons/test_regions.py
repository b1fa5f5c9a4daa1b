import pytest

from healthie.text.cleaning import clean
from healthie.lexicons.regions import catalogue, home_from_hint, infer_home, resolve_phrase, short_name


def test_catalogue_has_codes_and_parents():
    regions = catalogue()
    linli = regions.lookup("临澧县")
    assert linli.code == "430724"
    assert [p.name for p in regions.parents(linli)] == ["湖南省", "常德市"]
    assert len(regions.divisions) > 3000


@pytest.mark.parametrize("name,short", [("常德市", "常德"), ("广西壮族自治区", "广西"),
                                        ("黔东南苗族侗族自治州", "黔东南"), ("贵州省", "贵州")])
def test_short_names(name, short):
    assert short_name(name) == short


def test_short_name_lookup():
    assert catalogue().lookup("常德").name == "常德市"


@pytest.mark.parametrize("seed,home", [
    ("000_46f967afcddd7367.txt", "常德市"), ("001_799f06fbe66016c8.txt", "株洲市"),
    ("002_3cd16edfbab09667.txt", "咸宁市"), ("003_c7265bcd0b08e09a.txt", "贵州省"),
    ("004_76640398b909420e.txt", "XX区"),
])
def test_home_region_of_each_seed(seed_texts, seed, home):
    assert infer_home(clean(seed_texts[seed]).text).name == home


def test_anonymised_district_sits_under_its_city(seed_texts):
    home = infer_home(clean(seed_texts["004_76640398b909420e.txt"]).text)
    assert home.resolved().parents == ("湖南省", "湘潭市")


@pytest.mark.parametrize("phrase,name,code", [
    ("全市", "常德市", "430700"), ("我市", "常德市", "430700"), ("本市", "常德市", "430700"),
    ("全省", "湖南省", "430000"), ("我省", "湖南省", "430000"), ("全国", "全国", None),
    ("临澧县", "临澧县", "430724"), ("石门县", "石门县", "430726"),
])
def test_resolve_against_a_city_home(phrase, name, code):
    resolved = resolve_phrase(phrase, home_from_hint("常德市"))
    assert (resolved.name, resolved.code) == (name, code)


def test_deictic_district_resolves_to_an_anonymised_home():
    home = home_from_hint("XX区")
    assert resolve_phrase("全区", home).name == "XX区"


def test_ambiguous_name_prefers_the_home_province():
    home = home_from_hint("长春市")
    assert resolve_phrase("朝阳区", home).code.startswith("22")
    assert resolve_phrase("朝阳区", home_from_hint("北京市")).code.startswith("11")


def test_hint_forms():
    assert home_from_hint("常德").name == "常德市"
    assert home_from_hint("湖南省常德市").division.code == "430700"


@pytest.mark.parametrize("text,home", [
    # 全区 in an autonomous region's report: the region, not a district named once
    ("西藏自治区卫生事业发展报告\n全区医疗卫生机构6660个。拉萨市、那曲地区床位增加，亚东县孕产妇死亡率为0。"
     "全区卫生人员2.5万人，全区参合率96%。", "西藏自治区"),
    # 全市 in a municipality's report: the municipality, whatever districts it names
    ("北京市卫生健康工作总结\n全市医疗机构1.2万家，其中通州区、大兴区新增医院5家。全市床位13万张。", "北京市"),
    # 全市 in a county-level city's report: that city, not the city above it
    ("浏阳市卫生健康局2020年工作总结\n在长沙市卫健委指导下，全市卫生工作稳步推进。浏阳市集里医院扩建，"
     "浏阳市人民医院新增床位200张，全市家庭医生签约率达45%。", "浏阳市"),
    # 城区 is a county's name and a common word: never the home
    ("天津市卫生健康委员会年度报告\n全市城区医院床位3万张，武清区新增医院2家，全市总诊疗量1.2亿人次。", "天津市"),
])
def test_home_region_follows_the_deictic_word(text, home):
    assert infer_home(text).name == home
