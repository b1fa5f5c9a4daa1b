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
