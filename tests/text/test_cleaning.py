from hypothesis import given, settings
from hypothesis import strategies as st

from healthie.text.cleaning import clean, is_boilerplate, is_table_row

from ..conftest import SEEDS


def _clean_span(raw, needle):
    cleaned = clean(raw)
    start = cleaned.text.index(needle)
    o_start, o_end = cleaned.to_original(start, start + len(needle))
    return cleaned, raw[o_start:o_end]


def test_traditional_to_simplified_keeps_offsets():
    cleaned, original = _clean_span("衛生工作總結：區委會議", "卫生工作总结")
    assert cleaned.text.startswith("卫生工作总结")
    assert original == "衛生工作總結"


def test_pinyin_annotations_removed_but_real_parentheses_kept():
    raw = "衛(wèi)計(jì)局管理0-6歲兒童27235人(12159人),(含九華)(2020年1-10月的數據。)"
    cleaned = clean(raw)
    assert cleaned.text.startswith("卫计局")
    assert "(12159人)" in cleaned.text
    assert "(含九华)" in cleaned.text
    assert "(2020年1-10月的数据。)" in cleaned.text


def test_pdf_doubling_is_undone():
    assert clean("20202020 年年 11 月月 2525 日我市发现第日我市发现第").text == "2020年1月25日我市发现第"
    assert "已连续317天无新增确诊病例" in clean("已连续已连续317317天无新增确诊病例天无新增确诊病例").text


def test_doubled_value_maps_to_the_doubled_source():
    cleaned, original = _clean_span("，，督查督导医疗机构督查督导医疗机构11051105家家。。", "1105家")
    assert original == "11051105家"


def test_real_repeated_number_is_not_halved():
    assert "1111人" in clean("全市共有医务人员1111人，其中医生500人。").text
    assert "研究研究" in clean("我们要研究研究这件事情。").text


def test_spaces_and_breaks_inside_words_and_numbers():
    assert "人口出生率" in clean("人 口 出 生 率").text
    assert "43417人，符合政策" in clean("43417 人 ，符 合 政 策").text
    wrapped = "完成孕产妇免费产前筛查28078人，占年度目\n标任务的102.40%，超额完成任务。市第一人民医\n院急救中心综合大楼建设项目已启动建设。\n"
    text = clean(wrapped * 3).text
    assert "目标任务" in text and "市第一人民医院" in text


def test_fullwidth_digits_and_signs():
    assert clean("达到９８．５％").text == "达到98.5%"


def test_boilerplate_lines_of_seed_003(seed_texts):
    cleaned = clean(seed_texts["003_c7265bcd0b08e09a.txt"])
    lines = [cleaned.text[s:e] for s, e in cleaned.boilerplate]
    assert any("太阳城娱乐" in line for line in lines)
    assert any("博彩" in line for line in lines)
    assert not any("卫生健康工作总结" in line for line in lines)
    assert is_boilerplate("• 中国政府网")
    assert not is_boilerplate("全市出生人口数43417人。")


def test_offsets_are_monotonic_on_the_seeds(seed_texts):
    for text in seed_texts.values():
        cleaned = clean(text)
        assert len(cleaned.offsets) == len(cleaned.text)
        assert all(a < b for a, b in zip(cleaned.offsets, cleaned.offsets[1:]))


_PIECES = st.sampled_from(["衛生", "健康", "43417", "人", " ", "\n", "\f", "，", "6.79‰", "(wèi)", "(含九华)",
                           "年年", "２０２０", "市第", "一人民医院", "率", "医疗机构医疗机构", "1111", "。"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_offset_map_is_monotonic_and_spans_map_back(raw):
    cleaned = clean(raw)
    assert len(cleaned.offsets) == len(cleaned.text)
    assert all(0 <= o < len(raw) for o in cleaned.offsets)
    assert all(a < b for a, b in zip(cleaned.offsets, cleaned.offsets[1:]))
    for index, char in enumerate(cleaned.text):
        source = raw[cleaned.offsets[index]]
        assert source == char or clean(source).text == char
    for start in range(len(cleaned.text)):
        end = min(len(cleaned.text), start + 3)
        o_start, o_end = cleaned.to_original(start, end)
        assert o_start == cleaned.offsets[start] and o_end == cleaned.offsets[end - 1] + 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_cleans_without_error(raw):
    cleaned = clean(raw)
    assert len(cleaned.offsets) == len(cleaned.text)
    assert all(a < b for a, b in zip(cleaned.offsets, cleaned.offsets[1:]))


def test_each_clean_character_comes_from_its_source():
    raw = "衛(wèi)計(jì)局2020年管理1111人，已连续已连续317317天无新增天无新增"
    cleaned = clean(raw)
    for index, char in enumerate(cleaned.text):
        source = raw[cleaned.offsets[index]]
        assert source == char or clean(source).text == char


def test_seed_files_exist():
    assert len(SEEDS) == 5


HTML_PAGE = """<!DOCTYPE html><html><head><title>工作总结</title><style>.a{width:100px}</style>
<script>var visits = 12345; document.write("98%");</script></head>
<body><div class="nav">首页 &gt; 工作总结</div>
<p>2020年，全市出生人口数<b>43417</b>人，人口出生率6.79&#8240;。</p><!-- 旧数据 555人 -->
</body></html>"""


def test_html_is_stripped_with_offsets_into_the_page():
    cleaned = clean(HTML_PAGE)
    assert "12345" not in cleaned.text and "98%" not in cleaned.text and "width" not in cleaned.text
    assert "555人" not in cleaned.text and "<" not in cleaned.text
    assert "全市出生人口数43417人，人口出生率6.79‰。" in cleaned.text
    start = cleaned.text.index("43417人")
    o_start, o_end = cleaned.to_original(start, start + len("43417人"))
    assert HTML_PAGE[o_start:o_end] == "43417</b>人"
    assert cleaned.to_original(cleaned.text.index("‰"), cleaned.text.index("‰") + 1) == (
        HTML_PAGE.index("&#8240;"), HTML_PAGE.index("&#8240;") + len("&#8240;"))


def test_plain_text_with_angle_brackets_is_not_html():
    assert clean("指标<5%且>3%").text == "指标<5%且>3%"


_HTML_PIECES = st.sampled_from(["<p>", "</p>", "<br/>", "<b>", "</b>", "&amp;", "&#8240;", "&nbsp;", "<script>x=1</script>",
                                "全市", "43417", "人", "6.79", "%", "，", "\n", "<!-- 9人 -->", "<div class='a'>", "</div>"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_HTML_PIECES, min_size=1, max_size=30).map(lambda p: "<html>" + "".join(p)))
def test_html_map_stays_ordered_and_inside_the_page(raw):
    cleaned = clean(raw)
    assert "<script" not in cleaned.text and "x=1" not in cleaned.text
    for index in range(len(cleaned.text)):
        start, end = cleaned.offsets[index], cleaned.source_end(index)
        assert 0 <= start < end <= len(raw)
        if index + 1 < len(cleaned.text):
            assert end <= cleaned.offsets[index + 1]


def test_table_rows_stay_rows_with_their_cell_gaps():
    table = ("2021年卫生资源简表\n指标\t2020年\t2021年\n医疗卫生机构数（个）\t1,223\t1,235\n"
             "卫生技术人员（人）    20,543    21,567\n床位数（张） | 9,870 | 10,112\n")
    cleaned = clean(table * 3)  # rows of one width look like wrapped PDF lines unless known as a table
    assert cleaned.text.count("\n") == (table * 3).count("\n")
    assert "(人)    20,543" in cleaned.text and "(个)\t1,223" in cleaned.text
    assert [is_table_row(line) for line in table.splitlines()] == [False, True, True, True, True]
    assert not is_table_row("全市共有 12 家医院，床位 3 张")


def test_a_two_column_row_is_a_table_row_and_a_contents_line_is_not():
    assert is_table_row("孕产妇系统管理率（%） | 94.2") and is_table_row("| 床位 | 7,060 |") and is_table_row("床位数（张）\t3,120")
    assert not is_table_row("一、基本情况\t1") and not is_table_row("第二章 医疗资源\t5") and not is_table_row("指标 | 2022年")
    assert "指标\t数值\n" in clean("指标\t数值\n婴儿死亡率（‰）\t3.1\n").text  # the header keeps its tab


def test_a_header_line_above_a_space_aligned_table_keeps_its_cell_gaps():
    """县（市）区    总诊疗人次（万人次）  出院人数: the gaps are columns, not spaces inside a word."""
    table = "县（市）区    总诊疗人次（万人次）  病床使用率（%）\n南关区        486.2        88.4\n"
    assert "(市)区    总诊疗人次(万人次)  病床使用率" in clean(table).text
    assert "人口出生率" in clean("人 口 出 生 率  达到\n").text  # a spaced-out word above no table is joined


_WRAPPED_PROSE = "全市医疗卫生机构\n3456个，比上年增\n加12个；床位数1.\n2万张，每千人口\n床位数6.79张。\n"  # wrapped at 9


def test_a_table_row_broken_by_wrapping_is_one_row_again():
    """Hard-wrapped text breaks table rows too: after a cell's padding, after a separator, inside a number."""
    table = ("指标     \n2021年   20\n22年\n病床使用率（%）  \n81.6   78.2\n床位（张） | 7,0\n60 | 7,386\n"
             "医师（人） | \n3,102 | 3,215\n")
    cleaned = clean(_WRAPPED_PROSE * 2 + table)
    assert "全市医疗卫生机构3456个" in cleaned.text  # the prose around it is joined as before
    rows = cleaned.text.splitlines()[-4:]
    assert rows == ["指标     2021年   2022年", "病床使用率(%)  81.6   78.2", "床位(张) | 7,060 | 7,386",
                    "医师(人) | 3,102 | 3,215"]
    start = cleaned.text.index("7,060")
    assert cleaned.original[slice(*cleaned.to_original(start, start + 5))] == "7,0\n60"


def test_a_space_aligned_header_broken_inside_its_cells_is_one_line_again():
    table = ("表4  各县区医疗服务情况\n县区    总诊疗人次（万\n人次）  出院人数（万人）  病\n床使用率（%）\n"
             "全市    5,386.2  186.4  88.7\n瑶海区  512.6  16.8  84.2\n")
    lines = clean(_WRAPPED_PROSE * 2 + table).text.splitlines()
    assert lines[-4:] == ["表4各县区医疗服务情况", "县区    总诊疗人次(万人次)  出院人数(万人)  病床使用率(%)",
                          "全市    5,386.2  186.4  88.7", "瑶海区  512.6  16.8  84.2"]


def test_table_rows_of_unwrapped_text_and_rows_that_end_are_not_joined():
    rows = "床位（张） | 7,060 | 7,386\n2021年 | 3,102 | 3,215\n指标   \n病床使用率（%）  81.6\n"
    assert clean(rows).text.count("\n") == 4  # not hard-wrapped: every break stays
    wrapped = _WRAPPED_PROSE + "| 床位 | 7,060 |\n| 医师 | 3,102 |\n人数 | 1,20\n0\n"
    rows = clean(wrapped).text.splitlines()[-3:]  # a | a | b | row ends at its closing bar
    assert ["床位" in rows[0], "医师" in rows[1], rows[2].endswith("1,200")] == [True, True, True]
    labels = "孕产妇系统管理率 | 93.1 | 94.2\n65岁及以上老年人健康管理率 | 66.2 | 69.8\n"  # a label may start with a number
    assert "| 94.2\n65岁及以上" in clean(_WRAPPED_PROSE + labels).text
    years = "医疗卫生机构数量 | 100 | 200\n2021年 | 110 | 210\n"  # a row of a year under a row ending in a number
    assert "| 200\n2021年" in clean(_WRAPPED_PROSE + years).text
    paragraphs = "2023年，全县卫生健康工作取得新进展，居民健康水平持续提高，医疗服务能力稳步增强。\n一、医疗资源概况\n" * 4
    assert clean(paragraphs + "指标   \n病床使用率（%）  81.6\n").text.count("\n") == 10  # not wrapped text


def test_invisible_characters_inside_a_number_are_cleaned_away_with_offsets_kept():
    raw = "出生人口434\u200b17人，出生率6.\u00ad79‰，死亡率5\u2060.1‰\x00。"
    cleaned = clean(raw)
    assert cleaned.text == "出生人口43417人，出生率6.79‰，死亡率5.1‰。"
    start = cleaned.text.index("43417人")
    assert raw[slice(*cleaned.to_original(start, start + 6))] == "434\u200b17人"


def test_a_page_break_is_cleaned_as_a_line_break_with_offsets_kept(seed_texts):
    raw = "全市医疗卫生机构3456个。\f全市床位数1.2万张。"
    assert clean(raw).text == raw.replace("\f", "\n") and clean(raw).offsets == list(range(len(raw)))
    for text in seed_texts.values():
        lines = text.split("\n")
        paged = "".join(line + ("\f" if i % 30 == 29 else "\n") for i, line in enumerate(lines))[:-1]
        cleaned, unpaged = clean(paged), clean(text)
        assert (cleaned.text, cleaned.offsets) == (unpaged.text, unpaged.offsets)


def test_a_grouped_number_is_not_taken_for_pdf_doubling():
    assert clean("覆盖1,000,000,000,000人次").text == "覆盖1,000,000,000,000人次"


def test_doubled_numbers_that_are_no_numbers_are_undoubled():
    """56.356.3 (two decimal points) and 68,6268,6200 (a thousands group of four) are PDF doubling; a section
    number, a dotted date and a number written twice as two well-formed numbers stay."""
    assert clean("床位（万张） | 52.0 | 56.356.3 || 8.38.3").text == "床位(万张) | 52.0 | 56.3 | 8.3"
    assert "68,620" in clean("机构（个） | 68,340 | 68,6268,6200 | 0.4").text
    assert clean("第3.1.1节，医疗资源配置医疗资源配置").text == "第3.1.1节，医疗资源配置"
    assert clean("日期2020.10.10发布").text == "日期2020.10.10发布"
    assert clean("增长10.5%10.5%").text == "增长10.5%10.5%"


def test_a_report_sentence_is_not_boilerplate_for_one_word_in_it():
    sentence = "全市共监督检查公共场所1200家，其中娱乐场所300家，合格率98.5%。"
    assert clean(sentence).boilerplate == []
    page = "网站首页>新闻发布>发布会\n" + "全省孕产妇死亡率降至11.26/10万来源：省卫生健康委发布日期：2018-01-26" + "健康扶贫" * 20 + "。"
    cleaned = clean(page)
    assert [cleaned.text[s:e] for s, e in cleaned.boilerplate] == ["网站首页>新闻发布>发布会"]  # the long line is report text
    spam = "2020年工作总结全文如下。\t澳门娱乐城注册送38元\t" + "全市卫生技术人员一万二千名，比上年增加300名。" * 3
    cleaned = clean(spam)
    assert [cleaned.text[s:e].strip() for s, e in cleaned.boilerplate] == ["澳门娱乐城注册送38元"]


def test_html_is_stripped_only_from_a_web_page():
    report = "说明：网页的<style>标签与<script>不计入。\n全市出生人口数43417人，a<b且c>d。"
    cleaned = clean(report)
    assert cleaned.text == report and cleaned.offsets == list(range(len(report)))
    assert clean("<div><p>全市出生人口数<b>43417</b>人</p></div>").text.strip() == "全市出生人口数43417人"
    assert clean("<body>全市出生人口数43417人<style>.a{}</style>").text == "全市出生人口数43417人"


_PROSE = ["开展歌舞娱乐、游艺场所专项检查120家次，合格率98.5%。", "资金来源：中央财政补助1200万元，省级配套300万元。",
          "开通心理援助热线，联系电话12320，全年接听咨询5600人次。"]
_CHROME = ["联系电话:0851-86870000 管理单位:贵州省卫生健康宣传教育中心", "来源：省卫生健康委 发布日期：2018-01-26",
           "澳门娱乐城注册送38元", "联系电话：0736-7212345  为确保最佳浏览效果，建议使用主流浏览器"]


def test_a_line_of_report_prose_is_not_chrome_for_one_web_word_in_it(nlp):
    from healthie import extract

    assert not any(map(is_boilerplate, _PROSE)) and all(map(is_boilerplate, _CHROME))
    page = "\n".join(_CHROME[:2] + _PROSE + _CHROME[2:])
    cleaned = clean(page)
    assert [page[slice(*cleaned.to_original(s, e))] for s, e in cleaned.boilerplate] == _CHROME
    assert [c.value_text for c in extract(_PROSE[1], nlp=nlp)] == ["1200万元", "300万元"]


def test_a_seed_with_its_line_breaks_removed_keeps_its_claims(nlp, seed_texts, seed_claims):
    from healthie import extract

    name = "003_c7265bcd0b08e09a.txt"  # a government page inside spam and site chrome
    flat = extract(seed_texts[name].replace("\n", ""), nlp=nlp)
    assert len(flat) >= 0.9 * len(seed_claims[name]) >= 100


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["卫生", "卫生卫生", "院院", "12", "1212", " ", "床位床位床位", "人", "，"]), max_size=14))
def test_the_doubling_prefilter_never_hides_a_doubled_run(pieces):
    import re

    from healthie.text import cleaning

    line = "".join(pieces)
    with_filter = cleaning._doubled_runs(line)
    original, cleaning._MAYBE_DOUBLED = cleaning._MAYBE_DOUBLED, re.compile("")
    try:
        assert with_filter == cleaning._doubled_runs(line)
    finally:
        cleaning._MAYBE_DOUBLED = original


def test_a_paragraph_break_inside_a_sentence_is_joined_but_not_one_after_a_heading():
    """Text of one paragraph a line, broken by a page mid-sentence (救治17093⏎⏎人): the break goes; a heading,
    a list item and a finished sentence keep theirs."""
    text = ("扎实推进“三个一批”工作,做好扶贫攻坚答卷。目前,全市需大病救治17093\n\n人,已救治17025人,救治进度99.3%。\n\n"
            "健康建设 成绩斐然\n\n加大健康咸宁建设力度,深入开展爱国卫生运动,全市共有医疗卫生机构1200个,其中\n\n"
            "一、医院268个,基层医疗卫生机构900个。\n")
    cleaned = clean(text).text
    assert "救治17093人,已救治" in cleaned
    assert "。\n\n健康建设成绩斐然\n\n加大" in cleaned
    assert "其中\n\n一、医院" in cleaned


def test_a_unit_cut_off_by_a_wrap_rejoins_its_number_whatever_the_width():
    """为0/10⏎万 is 0 per 100,000, never a fraction 0/10; 4.05⏎‰ keeps its ‰; a table's cell alone on its
    line (0.8⏎床位数) stays apart."""
    text = "全年孕产妇住院分娩率100%，孕产妇死亡率为8/10\n万，婴儿死亡率为2.86‰，5岁以下儿童死亡率为4.05\n‰，均低于全省。\n"
    assert "8/10万，" in clean(text).text and "4.05‰，" in clean(text).text
    assert "比上年增加9.3万毫升。" in clean("全年无偿献血3218人次，献血量107.6万毫升，比上年增加9.3万毫\n升。全县现有医院3家").text
    assert clean("村卫生室\n261\n259\n0.8\n床位数\n2968\n").text.count("\n") == 6


def test_hong_kong_forms_are_simplified_too():
    assert clean("醫療衞生機構牀位，羣眾佔比").text == "医疗卫生机构床位，群众占比"


def test_a_page_number_and_the_running_header_under_it_go_and_the_sentence_goes_on():
    """比上年缩⏎⏎— 12 —⏎⏎公报⏎短0.4天: one sentence again (a change that keeps its sign); between table rows or
    whole sentences only the page's furniture goes; a line opening with a number is no list item (增长⏎10.2%)."""
    title = "永修县2023年国民经济和社会发展统计公报"
    text = (f"{title}\n全年医疗卫生机构总诊疗人次198.6万人次，出院者平均住院日8.3天，比上年缩\n\n— 12 —\n\n{title}\n"
            "短0.4天。全年孕产妇住院分娩率100%。\n\n— 13 —\n\n全年无偿献血3218人次。\n")
    cleaned = clean(text).text
    assert "比上年缩短0.4天。" in cleaned and "— 13 —" not in cleaned and cleaned.count(title) == 1
    assert "全年孕产妇住院分娩率100%。\n" in cleaned
    wrapped = clean("全年医疗卫生机构总诊疗人次198.6万人次，比上年增长7.9%；出院人数5.84万人，增长\n10.2%。医院病床使用率为82.4%。")
    assert "增长10.2%" in wrapped.text


def test_a_table_written_one_cell_a_line_becomes_rows():
    """表3 as PDF extraction leaves it: the header's cells and each row's label (wrapped over two lines) and
    cells, one a line; rows again, so that every cell is read under its header."""
    text = ("表3  2023年永修县卫生资源情况\n单位：个、张、人\n指标名称\n2023年\n2022年\n比上年增长（%）\n"
            "医疗卫生机构\n326\n322\n1.2\n其中：医院\n13\n12\n8.3\n床位数\n2968\n2819\n5.3\n\n"
            "其中：执业（助理）医\n师\n1037\n981\n5.7\n注：统计数据不含驻县部队医疗机构。\n")
    rows = [line.replace(" ", "").replace("：", ":") for line in clean(text).text.split("\n")]
    assert rows[2:7] == ["指标名称|2023年|2022年|比上年增长(%)", "医疗卫生机构|326|322|1.2", "其中:医院|13|12|8.3",
                         "床位数|2968|2819|5.3", "其中:执业(助理)医师|1037|981|5.7"]
    prose = "全县现有医院\n3\n家，卫生院\n16\n个。"
    assert clean(prose).text.count("|") == 0  # two numbers split off prose are no table


def test_a_short_markdown_table_row_is_no_menu():
    assert not is_boilerplate("| 总诊疗人次 | 12956.2 | 14200.4 |")
    assert is_boilerplate("| 首页 | 新闻中心 | 政务公开 |")


def test_ascii_quotes_around_words_become_chinese_quotes():
    """全年"三公"经费支出 reads as one phrase, as with “三公”; a lone ASCII quote and quoted Latin words stay."""
    assert clean('全年"三公"经费支出18.64万元').text == "全年“三公”经费支出18.64万元"
    assert clean('say "hello" 3, a"b').text == 'say "hello" 3, a"b'


def test_a_table_with_one_space_between_cells_gets_tabs_between_them():
    """指标 2022年 2023年 增减 over rows of a label and numbers parted by one space: a table; prose with two
    numbers in a row, or one row alone, is not."""
    text = ("指标 2022年 2023年 增减\n门急诊人次（万） 212.3 238.6 12.4%\n平均住院日（天） 7.3 6.8 -0.5\n\n"
            "全年完成 3 项 2 类。\n")
    rows = clean(text).text.split("\n")
    assert rows[:3] == ["指标\t2022年\t2023年\t增减", "门急诊人次(万)\t212.3\t238.6\t12.4%", "平均住院日(天)\t7.3\t6.8\t-0.5"]
    assert "\t" not in clean("出院人次（万） 9.01 9.87\n全市床位2.3万张。").text


def test_a_one_cell_a_line_tables_last_header_cell_is_not_taken_for_a_wrapped_row_label():
    """地区⏎医疗卫生机构⏎床位⏎卫生技术人员⏎延平区⏎612…: 卫生技术人员 is the header's last cell, not the first half of a
    row label 卫生技术人员延平区 (no other row's label is wrapped); the unit line above stays a line of its own."""
    from healthie.text.cleaning import clean

    text = ("表2  部分县（市、区）卫生资源情况\n单位：个、张、人\n地区\n医疗卫生机构\n床位\n卫生技术人员\n"
            "延平区\n612\n5210\n6935\n邵武市\n398\n2386\n3102\n建瓯市\n476\n2514\n3268\n")
    lines = clean(text).text.splitlines()
    assert lines[1] == "单位：个、张、人"
    assert lines[2].split("|") == ["地区", "医疗卫生机构", "床位", "卫生技术人员"]
    assert lines[3].split("|")[0] == "延平区"
