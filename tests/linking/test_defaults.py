import spacy

from healthie.linking.defaults import HINT_KEY, document_year, home_region, year_of


def _dated(text, dates):
    doc = spacy.blank("zh")(text)
    doc.ents = [doc.char_span(text.index(d), text.index(d) + len(d), "DATE", alignment_mode="expand") for d in dates]
    return doc


def test_the_document_year_is_the_title_year_before_the_most_frequent_one():
    """A plan dated 2011 that reviews 2010 at length is about 2011; without a dated title, the majority."""
    body = "2010年全区床位9480张。2010年末卫生人员2.5万人。2010年底诊疗人次1043万。"
    titled = "西藏自治区卫生事业发展规划\n西藏自治区卫生厅2011年\n\n" + body
    doc = _dated(titled, ["2011年", "2010年全", "2010年末", "2010年底"])
    assert document_year(list(doc.ents), doc.text) == 2011
    untitled = "西藏自治区卫生事业发展规划\n" + "说明" * 120 + "\n" + body + "2011年将新建医院3个。"
    doc = _dated(untitled, ["2010年全", "2010年末", "2010年底", "2011年将"])
    assert document_year(list(doc.ents), doc.text) == 2010


def test_a_relative_date_counts_back_from_the_report_year():
    assert year_of("2015年", 2020) == 2015
    assert (year_of("上年", 2020), year_of("前年", 2020), year_of("本年", 2020)) == (2019, 2018, 2020)
    assert year_of(None, 2020) == 2020 and year_of("上年", None) is None


def test_the_callers_hint_comes_before_the_text():
    doc = spacy.blank("zh")("常德市卫生健康委员会2020年工作总结。全市出生人口43417人。")
    assert home_region(doc, doc.text).name == "常德市"
    doc.user_data[HINT_KEY] = "株洲市"
    assert home_region(doc, doc.text).name == "株洲市"
