from healthie.linking.tables import Table

PIPES = "指标 | 2018年 | 2019年 | 增长（%）\n医疗卫生机构（个） | 10,215 | 10,328 | 1.1\n"
SPACED = "                   2016年    2017年   增长(%)\n医院（个）         236       251      6.4\n"


def _header(text, cell):
    start = text.rindex(cell)
    span = Table(text).header_cell(start)
    return text[span[0]:span[1]] if span else None


def test_the_header_above_a_column_of_a_pipe_table():
    assert _header(PIPES, "10,328") == "2019年"
    assert _header(PIPES, "1.1") == "增长（%）"


def test_a_header_without_the_label_cell_lines_up_from_the_right():
    assert _header(SPACED, "236") == "2016年"
    assert _header(SPACED, "6.4") == "增长(%)"


def test_no_header_for_the_label_column_or_outside_a_table():
    assert _header(PIPES, "医疗卫生机构（个）") is None
    text = "全市医疗卫生机构10,215个，比上年增加113个。"
    assert Table(text).row(text.index("10,215")) is None
    assert _header(text, "113") is None


def test_a_line_is_tested_and_split_once():
    table = Table(SPACED * 50)
    for value in ("236", "251", "6.4"):
        table.header_cell(SPACED.index(value))
    assert len(table._rows) == 1 and len(table._cells) == 2  # one row tested, it and its header split, whatever the values asked


def test_one_space_inside_a_cell_is_not_a_column_gap():
    """PDF text spaces words out (增减( %), 医疗卫 生机构): the header still lines up with its row."""
    text = "指标| 2021年| 2022年|增减( %)\n医疗卫 生机构(个) | 686 | 698 | 1.7%\n"
    assert [_header(text, cell) for cell in ("686", "698", "1.7%")] == ["2021年", "2022年", "增减( %)"]
    spaced = "指标  2016年 2017年  增长(%)\n医师（万人） 4.12  4.30  4.4\n"  # one space before a number or a year
    assert [_header(spaced, cell) for cell in ("4.12", "4.30")] == ["2016年", "2017年"]


def test_a_long_plans_table_finds_its_header_over_sections_and_dashes():
    """A plan's table runs 20+ rows under its header, broken by section rows; a row whose baseline is a
    dash (— for a figure not given) is no header."""
    rows = [f"指标{i}（%） | {i}.5 | ≥{i} | 预期性" for i in range(20)]
    text = "\n".join(["指标 | 2020年 | 2025年 | 属性", "一、健康水平", *rows[:10], "新增指标（%） | — | — | 预期性",
                      "二、健康服务", *rows[10:]])
    last = text.rindex("19.5")
    cell = Table(text).header_cell(last)
    assert text[cell[0]:cell[1]] == "2020年"
    target = text.rindex("≥19") + 1
    cell = Table(text).header_cell(target)
    assert text[cell[0]:cell[1]] == "2025年"


def test_the_label_opening_a_row_and_the_cells_of_the_header_line_above_it():
    table = Table(PIPES)
    label = table.row_label(PIPES.index("10,328"))
    assert PIPES[label[0]:label[1]] == "医疗卫生机构（个）"
    header = table.header_cell(PIPES.index("10,328"))
    assert [PIPES[s:e] for s, e in table.line_cells(header)] == ["指标", "2018年", "2019年", "增长（%）"]
    assert table.row_label(PIPES.index("医疗卫生机构")) is None  # the label itself has no label before it
    assert Table(SPACED).row_label(SPACED.index("236")) is not None and Table("床位1200张。").row_label(2) is None
