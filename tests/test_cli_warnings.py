"""``healthie extract`` warns about a document that gives no claims although its text holds numbers, with
the likely reason; the warning is no failure."""

import json

import pytest

from healthie.cli import main
from healthie.cli.extract import no_claims_reason

GOOD = "2020年，全市出生人口数43417人，人口出生率6.79‰。"
SPAM = "<html><body><p>首页 &gt; 新闻</p><p>彩票平台注册送100元 | 赌球返水2.5%</p></body></html>"
DATES = "发布日期：2021年3月5日\n联系我们：0736-7788123\n"
WORDS = "没有数字的一段话。"


def _extract(tmp_path, texts: dict[str, str], *options: str) -> tuple[int, list[dict]]:
    """Exit status and records of ``healthie extract`` on a folder of ``texts``."""
    folder, out = tmp_path / "reports", tmp_path / "claims.jsonl"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    code = main(["extract", str(folder), "-f", "jsonl", "-o", str(out), "-q", *options])
    return code, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_a_document_without_claims_although_it_holds_numbers_is_warned_about_with_the_reason(tmp_path, capsys):
    texts = {"good.txt": GOOD, "spam.html": SPAM, "dates.txt": DATES, "words.txt": WORDS}
    errors = tmp_path / "errors.jsonl"
    code, records = _extract(tmp_path, texts, "--errors", str(errors))
    assert code == 0 and errors.read_text(encoding="utf-8") == ""
    assert {r["doc_id"] for r in records} == {"good.txt"}
    assert capsys.readouterr().err.splitlines() == [
        "healthie: warning: dates.txt: no claims although the text holds numbers "
        "(its numbers are dates, phone or ID numbers only)",
        "healthie: warning: spam.html: no claims although the text holds numbers "
        "(all its lines read as web boilerplate)"]


@pytest.mark.parametrize("text, reason", [
    (WORDS, None),
    ("十分重要，一些人。", None),                          # numeral characters inside words are no numbers
    (DATES, "its numbers are dates, phone or ID numbers only"),
    ("２０２１年３月", "its numbers are dates, phone or ID numbers only"),   # full-width digits
    (SPAM, "all its lines read as web boilerplate"),
    ("阅读次数：1234次\n", "all its lines read as web boilerplate"),     # a number the grammar does not read
    ("彩票平台注册送100元\n全市共有三家医院，我们去了两次。", "the pipeline kept none of the values read in it (3)"),
    ("全市共有三家医院。", "the pipeline kept none of the values read in it (1)"),
])
def test_the_reason_a_text_gave_no_claims(text, reason):
    assert no_claims_reason(text) == reason


def test_a_document_that_failed_is_not_warned_about_as_well(tmp_path, capsys, fragile_value_ruler):
    code, records = _extract(tmp_path, {"bad.txt": "坏" + GOOD, "good.txt": GOOD})
    assert code == 1 and {r["doc_id"] for r in records} == {"good.txt"}
    assert capsys.readouterr().err.splitlines() == [
        "healthie: bad.txt: healthie_value_ruler failed: ValueError: cannot parse"]
