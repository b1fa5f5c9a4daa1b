"""Table geometry in running text: a value's row, and the header cell above its column.

Reports print tables as pipe-separated, tab-separated or space-aligned lines. A header may lack
the row-label cell (`    2016年    2017年   增长(%)` over `医院（个）  236  251  6.4`): its cells then
line up with the row's from the right. Each line of a text is tested and split once, so that a text
of one long line costs no more than one of many short ones.
"""

from __future__ import annotations

import re

from ..text.cleaning import is_table_row

CELL = re.compile(r"[^|\t \u3000\n]+(?: [^|\t \u3000\n]+)*")  # cells: split by pipes, tabs or runs of spaces
_WORD = re.compile(r"[^ ]+")
_STANDS_ALONE = re.compile(r"[-+≥≤]?[\d,.]+%?|(?:19|20)\d\d年?")  # a number or a year is a cell of its own
NUMBER_CELL = re.compile(r"[-+≥≤]?[\d,.]+%?")
_NOT_HEADER_CELL = re.compile(NUMBER_CELL.pattern + r"|[—－\-–/]+")  # a number, or a dash for a figure not given
_UNIT_LINE = re.compile(r"^\s*(?:计量)?单位[:：]\s*([\u4e00-\u9fff%‰、，,/ ]{1,20}?)\s*$")  # 单位：个、张、人
_HEADER_SEARCH = 60  # lines above a table row searched for its header (a plan's table runs long)


class Table:
    """The table rows and cells of one text, computed per line on first use."""

    def __init__(self, text: str):
        self.text = text
        self._rows: dict[int, tuple[int, str] | None] = {}
        self._cells: dict[int, list[re.Match]] = {}

    def row(self, start: int) -> tuple[int, str] | None:
        """(start, text) of the line holding character ``start`` when that line is a table row."""
        line_start = self.text.rfind("\n", 0, start) + 1
        if line_start not in self._rows:
            line_end = self.text.find("\n", line_start)
            line = self.text[line_start:line_end if line_end >= 0 else len(self.text)]
            self._rows[line_start] = (line_start, line) if is_table_row(line) else None
        return self._rows[line_start]

    def header_cell(self, start: int) -> tuple[int, int] | None:
        """The span of the header cell above the column of the value starting at ``start``: the nearest
        line above with as many cells as its row (or one fewer), none of them a number. None outside a
        table and for the row-label column."""
        row = self.row(start)
        if row is None:
            return None
        line_start, line = row
        cells = self._cells_of(line_start, line)
        column = next((i for i, (s, e) in enumerate(cells) if line_start + s <= start < line_start + e), None)
        if not column:
            return None
        previous_end = line_start - 1
        for _ in range(_HEADER_SEARCH):
            if previous_end <= 0:
                return None
            previous_start = self.text.rfind("\n", 0, previous_end) + 1
            header_line = self.text[previous_start:previous_end]
            header = self._cells_of(previous_start, header_line)
            shift = len(cells) - len(header)
            if shift in (0, 1) and header and not any(_NOT_HEADER_CELL.fullmatch(header_line[s:e]) for s, e in header):
                if column - shift < 0:
                    return None
                cell = header[column - shift]
                return previous_start + cell[0], previous_start + cell[1]
            previous_end = previous_start - 1
        return None

    def line_cells(self, cell: tuple[int, int]) -> list[tuple[int, int]]:
        """The spans of the cells of the line holding ``cell`` (a header's siblings)."""
        line_start = self.text.rfind("\n", 0, cell[0]) + 1
        line_end = self.text.find("\n", cell[0])
        line = self.text[line_start:line_end if line_end >= 0 else len(self.text)]
        return [(line_start + s, line_start + e) for s, e in self._cells_of(line_start, line)]

    def row_label(self, start: int) -> tuple[int, int] | None:
        """The span of the label cell opening the row of the value starting at ``start`` (None outside a
        table, or when the row opens with a number)."""
        row = self.row(start)
        if row is None:
            return None
        line_start, line = row
        cells = self._cells_of(line_start, line)
        if not cells or _NOT_HEADER_CELL.fullmatch(line[cells[0][0]:cells[0][1]]) or line_start + cells[0][1] > start:
            return None
        return line_start + cells[0][0], line_start + cells[0][1]

    def units(self, start: int) -> list[str]:
        """The units a table's unit line names above its rows (单位：个、张、人 over 表3's header), for the
        table row holding ``start``; [] where it names none."""
        if self.row(start) is None:
            return []
        line_end = self.text.rfind("\n", 0, start)
        for _ in range(_HEADER_SEARCH):
            if line_end < 0:
                return []
            line_start = self.text.rfind("\n", 0, line_end) + 1
            line = self.text[line_start:line_end]
            found = _UNIT_LINE.search(line)
            if found:
                return [u for u in re.split(r"[、，,/ ]+", found.group(1).strip()) if u]
            if line.strip() and self.row(line_start) is None and not self._cells_of(line_start, line)[1:]:
                return []  # a line of prose above the table (a blank line or a |---| rule goes on)
            line_end = line_start - 1
        return []

    def parent_label(self, start: int) -> str | None:
        """The label of the row a 其中 row breaks down (医疗卫生机构 over 其中：医院), else the row's own label."""
        line_start = self.text.rfind("\n", 0, start) + 1
        for _ in range(_HEADER_SEARCH):
            row = self.row(line_start)
            label = self.row_label(line_start + len(row[1]) - 1) if row is not None and row[1] else None
            if label is None:
                return None
            words = self.text[label[0]:label[1]]
            if not words.startswith("其中"):
                return words
            if line_start == 0:
                return None
            line_start = self.text.rfind("\n", 0, line_start - 1) + 1
        return None

    def _cells_of(self, line_start: int, line: str) -> list[tuple[int, int]]:
        """(start, end) of each cell in the line: split by pipes, tabs or runs of spaces, and a number set
        off by one space (医师（万人） 4.12) is a cell of its own; one space inside words is not a gap."""
        if line_start not in self._cells:
            cells = []
            for cell in CELL.finditer(line):
                alone_before = True  # a cell's first word starts a cell
                for word in _WORD.finditer(cell.group()):
                    start, end = cell.start() + word.start(), cell.start() + word.end()
                    alone = _STANDS_ALONE.fullmatch(word.group()) is not None
                    if alone or alone_before:
                        cells.append((start, end))
                    else:
                        cells[-1] = (cells[-1][0], end)  # one space inside a label: 医疗卫 生机构
                    alone_before = alone
            self._cells[line_start] = cells
        return self._cells[line_start]
