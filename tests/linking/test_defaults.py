import re

import spacy

from healthie.linking.defaults import HINT_KEY, document_year, home_region, spoken_year, year_of


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


def test_a_plan_reports_the_year_it_plans_from():
    """Y年工作要点 (an annual plan, issued at the end of Y-1) states Y-1's figures as its base; a summary
    with next year's plan (Y年工作总结及Y+1年工作安排) is about Y."""
    for title, year in [("山东省2020年卫生健康工作要点\n山东省卫生健康委员会　2019年12月", 2019),
                        ("天水市卫生健康委员会关于2024年卫生健康工作的安排意见", 2023),
                        ("邯郸市卫生健康委员会2019年工作总结及2020年工作安排", 2019),
                        ("吴忠市卫生局2013年工作总结", 2013),
                        ("南充市卫生健康委员会2023年上半年工作总结和下半年工作打算", 2023)]:
        doc = _dated(title + "\n\n全市床位9480张。", [title[title.index("20"):title.index("年") + 1]])
        assert document_year(list(doc.ents), doc.text) == year, title


def test_a_review_of_a_five_year_period_reports_its_last_year():
    """十三五 runs 2016-2020: its review's figures are 2020's, though 由2015年的… names the base more often."""
    body = "\n\n全市人均预期寿命由2015年的76.8岁提高到2020年的78.3岁。床位由2015年的1.1万张增加到1.4万张。"
    for title, year in [("鄂尔多斯市“十三五”时期卫生健康事业发展回顾", 2020),
                        ("砥砺奋进五年间\n——宝鸡市“十三五”卫生健康事业发展回顾", 2020),
                        ("温州市“十二五”时期卫生计生事业发展回顾与“十三五”展望", 2015),
                        ("2018年全市卫生健康工作总结暨“十三五”中期回顾", 2018)]:
        text = title + body
        doc = _dated(text, [d for d in ("2018年", "2015年的7", "2020年的", "2015年的1") if d in text])
        assert document_year(list(doc.ents), doc.text) == year, title


def test_a_relative_date_counts_back_from_the_report_year():
    assert year_of("2015年", 2020) == 2015
    assert (year_of("上年", 2020), year_of("前年", 2020), year_of("本年", 2020)) == (2019, 2018, 2020)
    assert year_of(None, 2020) == 2020 and year_of("上年", None) is None
    assert (year_of("“十二五”末", 2020), year_of("十三五末", 2023), year_of("“十三五”期间", 2020)) == (2015, 2020, 2020)


def test_this_year_and_last_year_count_from_when_the_report_speaks():
    """去年 in a press conference on 2023 held in January 2024 is 2023; 比上年 still counts from the year reported."""
    text = "衡阳市2023年度卫生健康工作新闻发布会实录\n\n时间：2024年1月18日上午　地点：市政府新闻发布厅\n\n去年全市床位2.1万张。"
    assert spoken_year(text, 0, 2023) == 2024
    assert (year_of("去年", 2023, 2024), year_of("今年", 2023, 2024), year_of("上年", 2023, 2024)) == (2023, 2024, 2022)
    stamped = "首页 > 民生\n通报2012年全省卫生工作情况\n来源：福建日报　　2013-01-22 07:45\n\n他的妻子前年因病住院。"
    assert spoken_year(stamped, 0, 2012) == 2013 and year_of("前年", 2012, 2013) == 2011
    # a plan for 2020 speaks in 2020 unless a dated line says otherwise; a dated first sentence is no date line
    assert spoken_year("山东省2020年卫生健康工作要点\n山东省卫生健康委员会　2019年12月\n\n今年…", 0, 2019) == 2020
    assert spoken_year("2021年2月3日，全市召开卫生健康工作会议。去年全市…", 0, 2020) == 2020
    assert spoken_year("今天是：2022-04-05\n某市2021年卫生健康统计公报", 0, 2021) == 2021


def test_the_callers_hint_comes_before_the_text():
    doc = spacy.blank("zh")("常德市卫生健康委员会2020年工作总结。全市出生人口43417人。")
    assert home_region(doc, doc.text).name == "常德市"
    doc.user_data[HINT_KEY] = "株洲市"
    assert home_region(doc, doc.text).name == "株洲市"


def test_a_plan_title_below_web_page_chrome_still_dates_the_report(nlp):
    """The navigation and date lines of a web page stand above the title; the title is read below them."""
    import healthie
    from healthie.linking.defaults import body_start

    text = ("首页 > 政务公开 > 工作总结\n• 今天是:2018-11-07 星期四\n• 网站地图  • 无障碍浏览  • 个人中心\n\n"
            "天水市卫生健康委员会关于2024年卫生健康工作的安排意见\n\n一、2023年工作基础\n全市人均预期寿命达到77.1岁。")
    doc = nlp(text)
    assert doc.text[body_start(doc, doc.text):].startswith("天水市卫生健康委员会")
    assert [c.year for c in healthie.extract(text, nlp=nlp)] == [2023]


def test_an_article_with_no_year_in_words_is_dated_by_its_stamp_not_the_pages_today():
    from healthie.linking.defaults import document_year

    assert document_year([], "新闻发布会\n发布时间：2021-03-15 10:20\n截至目前，全市已接种120万剂次。") == 2021
    assert document_year([], "• 今天是:2022-04-05\n截至目前，全市已接种120万剂次。") is None
    assert document_year([], "第3.1.2节 全市已接种120万剂次。") is None


def test_base_and_compared_years_do_not_date_a_report():
    """A five-year feature names its base year (由2016年的48个, 2016年以来) more often than its own."""
    text = ("湄潭：村医守好群众健康“第一道关”\n\n2016年以来，全县村卫生室由2016年的48个增加到127个，"
            "乡村医生由2016年的212名增加到263名，收入比2016年提高一倍。截至2021年底，全县签约居民8.6万人，2021年新建12个。")
    doc = spacy.blank("zh")(text)
    doc.ents = [doc.char_span(m.start(), m.end(), "DATE", alignment_mode="expand")
                for m in re.finditer(r"截至2021年底|20\d\d年(?:以来)?", text)]
    assert len(doc.ents) == 6 and document_year(list(doc.ents), doc.text) == 2021


def test_a_review_reports_the_time_its_opening_says_its_figures_are_taken_at():
    """A mid-term review published in 2024 that takes its figures at the end of 2023 is about 2023."""
    text = ("芜湖市“十四五”卫生健康事业发展规划实施中期评估报告\n芜湖市卫生健康委员会\n2024年5月\n\n"
            "我委以2020年为基期、2023年底为评估时点，对规划实施进展进行了评估。全市床位2.78万张。")
    doc = _dated(text, ["2024年", "2020年", "2023年底"])
    assert document_year(list(doc.ents), doc.text) == 2023
    assert year_of("明年底", 2023, 2024) == 2025  # 明年 counts from when the report speaks, as 去年 does


def test_a_dated_web_article_reports_its_stamps_year_and_a_summary_speaks_in_its_own_year(nlp):
    """发布时间：2025-04-18 over 今年一季度…较2023年 and a related headline's 2024年: 2025, the article's year
    (a compared year never counts). A 2024年工作总结及2025年工作计划 speaks at the end of 2024: 明年 is 2025."""
    text = ("邯郸市一季度家庭医生签约服务提质扩面\n发布时间：2025-04-18 09:30 来源：邯郸市卫生健康委员会\n\n"
            "今年一季度，全市组建家庭医生团队3126个，团队数量较2023年增加了一百零八个。\n相关阅读：\n"
            "· 邯郸市2024年新增三级医院2家\n")
    doc = nlp(text)
    assert document_year(list(doc.ents), doc.text) == 2025
    title = "陆良县卫生健康局2024年工作总结及2025年工作计划\n\n全县床位3120张。"
    doc = nlp(title)
    assert spoken_year(doc.text, 0, document_year(list(doc.ents), doc.text)) == 2024
    assert year_of("明年", 2024, 2024) == 2025


def test_a_press_conference_reports_the_year_its_opening_says_it_reviews():
    """发布会实录（2024年6月12日）…我就2023年全省卫生健康事业发展情况作简要介绍: the figures are 2023's."""
    text = ("江西省卫生健康委员会新闻发布会实录（2024年6月12日）\n\n陈志刚：谢谢主持人。下面，我就2023年全省卫生健康"
            "事业发展情况作简要介绍。全省共有医疗卫生机构3.68万个。")
    doc = _dated(text, ["2024年6月12日", "2023年"])
    assert document_year(list(doc.ents), doc.text) == 2023
    assert spoken_year(doc.text, 0, 2023) == 2024  # 今年 is still the year it speaks in
