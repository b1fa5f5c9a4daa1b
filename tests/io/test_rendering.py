import os
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from healthie.text.cleaning import clean
from healthie.cli import main
from healthie.extraction import document_pieces
from healthie.io.rendering import annotate, dropped_spans, page_name, render_html, render_page

EVIL_ID = "<script>document.title='pwned'</script>"
# the first is taken for an HTML page by the cleaning (it holds <script>), the second stays plain text
MALICIOUS = (
    "全市出生人口数43417人<script>document.title='pwned'</script>，人口出生率6.79‰。",
    '常德市卫生健康委员会<img src=x onerror="document.body.dataset.pwned=1">2020年床位数1200张'
    '"><b onmouseover=alert(1)>粗体</b>。',
)
_VOID = {"meta", "input", "br", "img", "link", "hr", "wbr"}
_PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "label", "input", "nav",
              "ol", "li", "a", "section", "div", "mark", "span", "table", "thead", "tbody", "tr", "th", "td", "script"}


class Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find(self, tag: str, cls: str | None = None) -> list["Node"]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.attrs.get("class", "").split())]


class TreeBuilder(HTMLParser):
    """A DOM of an HTML string, as little as the checks need."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        while len(self.stack) > 1 and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def dom(markup: str) -> Node:
    return TreeBuilder(markup).root


@pytest.fixture(scope="module")
def annotated_seeds(nlp, seed_texts):
    return [annotate(text, name, nlp) for name, text in seed_texts.items()]


def test_claims_and_links_match_extract(annotated_seeds, seed_claims):
    for doc in annotated_seeds:
        assert [c.to_dict() for c in doc.claims] == [c.to_dict() for c in seed_claims[doc.doc_id]]
        for claim, linked in zip(doc.claims, doc.links):
            value = doc.entities[linked["VALUE"]]
            assert (value.start, value.end, value.label) == (claim.value_start, claim.value_end, "VALUE")
            assert doc.text[value.start:value.end] == claim.value_text
            for label, start, text in (("METRIC", claim.metric_start, claim.metric_text),
                                       ("REGION", claim.region_start, claim.region_text),
                                       ("DATE", None, claim.date_text)):
                assert (label in linked) == (text is not None)
                if label in linked:
                    mark = doc.entities[linked[label]]
                    assert mark.label == label and doc.text[mark.start:mark.end] == text
                    assert start in (None, mark.start)


def test_every_claim_has_a_row_and_every_entity_a_mark(annotated_seeds):
    page = dom(render_page(annotated_seeds))
    sections = page.find("section", "document")
    assert len(sections) == len(annotated_seeds) == len(page.find("nav")[0].find("li"))
    ids = {n.attrs["id"] for n in page.iter() if "id" in n.attrs}
    for section, doc in zip(sections, annotated_seeds):
        rows = section.find("tbody")[0].find("tr")
        assert len(rows) == len(doc.claims) > 0
        assert [row.find("td", "col-value_text")[0].text() for row in rows] == [c.value_text for c in doc.claims]
        marks = section.find("mark", "ent")
        assert Counter(m.attrs["data-label"] for m in marks) == Counter(e.label for e in doc.entities)
        assert {f"ent-{e.label}" for e in doc.entities} <= {c for m in marks for c in m.attrs["class"].split()}
        assert section.find("div", "text")[0].text() == doc.text
        for node in rows + marks:
            assert set(node.attrs.get("data-links", "").split()) <= ids


def test_document_text_is_escaped_and_never_in_an_attribute(nlp):
    page_html = render_page([annotate(text, EVIL_ID, nlp) for text in MALICIOUS], title=EVIL_ID)
    page = dom(page_html)
    tags = [n.tag for n in page.iter()][1:]
    assert set(tags) <= _PAGE_TAGS and tags.count("script") == 1
    assert not [name for n in page.iter() for name in n.attrs if name.startswith("on")]
    assert [d.text() for d in page.find("div", "text")] == list(MALICIOUS)
    assert page.find("title")[0].text() == EVIL_ID
    assert [h.text() for h in page.find("h2")] == [EVIL_ID, EVIL_ID]
    assert "pwned" not in "".join(str(v) for n in page.iter() for v in n.attrs.values())
    assert any(len(section.find("tr")) > 1 for section in page.find("section"))


def test_boilerplate_and_removed_text_are_marked(nlp):
    text = "当前位置：首页 > 新闻\n全市出生人口数43417人，卫生(wèi)健康委员会。"
    page = dom(render_html(text, "b.txt", nlp))
    assert "".join(s.text() for s in page.find("span", "boilerplate")) == "当前位置：首页 > 新闻"
    assert "(wèi)" in [s.text() for s in page.find("span", "dropped")]
    assert [m.text() for m in page.find("div", "text")[0].find("mark", "ent-VALUE")] == ["43417人"]


def test_dropped_spans_are_what_cleaning_removed():
    # <p> and </p> become line breaks, so only the inline tag, the script and the pinyin are dropped
    raw = "<p>全市<b>出生人口数</b>43417人<script>x()</script>，卫生(wèi)健康</p>"
    assert [raw[s:e] for s, e in dropped_spans(clean(raw))] == ["<b>", "</b>", "<script>x()</script>", "(wèi)"]


def test_page_names_are_safe_and_unique():
    taken = {"index.html"}
    names = [page_name(doc_id, taken) for doc_id in ("a.txt", "a.txt", "../../etc/passwd", 'x"<b>.html', "index")]
    assert names == ["a.html", "a-2.html", "etc_passwd.html", "x_b.html", "index-2.html"]


def test_page_breaks_are_shown_and_a_paged_text_has_a_page_column(nlp):
    pages = ["常德市2020年卫生健康统计公报\n全市医疗卫生机构3456个。", "全市床位数1.2万张。", "卫生技术人员2.3万人。"]
    text = "\f".join(pages)
    page = dom(render_html(text, "report.pdf", nlp=nlp))
    assert [n.text() for n in page.find("span", "page-break")] == ["— page 2 —", "— page 3 —"]
    rows = page.find("tbody")[0].find("tr")
    assert [(row.find("td", "col-value_text")[0].text(), row.find("td", "col-page")[0].text()) for row in rows] == [
        ("3456个", "1"), ("1.2万张", "2"), ("2.3万人", "3")]
    long_text = "\f".join("加强基层卫生健康服务能力建设。" * 500 + "\n" + page for page in pages)
    assert len(document_pieces(long_text, None)[1]) == 2  # the second piece starts inside page 2
    assert [c.page for c in annotate(long_text, nlp=nlp).claims] == [1, 2, 3]
    unpaged = dom(render_html("\n".join(pages), nlp=nlp))
    assert "page" not in [th.attrs["data-column"] for th in unpaged.find("th")]
    assert not unpaged.find("span", "page-break")


def test_render_command_writes_pages_and_reports_failures(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("全市出生人口数43417人。", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    assert main(["render", str(tmp_path / "in"), "-o", str(tmp_path / "pages"), "--region", "常德市"]) == 1
    assert "empty.txt: empty document" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["good.html", "index.html"]
    index = dom((tmp_path / "pages" / "index.html").read_text(encoding="utf-8"))
    assert [a.attrs["href"] for a in index.find("a")] == ["good.html"]
    assert main(["render", str(tmp_path / "in" / "good.txt"), "-o", str(tmp_path / "one.html")]) == 0
    assert len(dom((tmp_path / "one.html").read_text(encoding="utf-8")).find("tbody")[0].find("tr")) == 1


def test_render_usage_errors_exit_2(tmp_path):
    (tmp_path / "claims.csv").write_text("", encoding="utf-8")
    assert main(["render", str(tmp_path), "-o", str(tmp_path / "claims.csv")]) == 2
    assert main(["render", str(tmp_path), "--model", str(tmp_path)]) == 2


CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium (apt-get install chromium)")


def chromium(tmp_path: Path, url: str, *args: str) -> str:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'chromium-profile'}"]
    result = subprocess.run([CHROMIUM, *flags, *args, url], capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


@needs_chromium
def test_seed_pages_in_chromium(tmp_path, annotated_seeds):
    path = tmp_path / "seeds.html"
    path.write_text(render_page(annotated_seeds), encoding="utf-8")
    page = dom(chromium(tmp_path, path.as_uri(), "--dump-dom"))
    for section, doc in zip(page.find("section", "document"), annotated_seeds):
        assert len(section.find("tbody")[0].find("tr")) == len(doc.claims)
        assert Counter(m.attrs["data-label"] for m in section.find("mark", "ent")) == \
            Counter(e.label for e in doc.entities)
        assert section.find("div", "text")[0].text() == doc.text

    sorted_page = dom(chromium(tmp_path, path.as_uri() + "#sort=-value", "--dump-dom"))
    for table, doc in zip(sorted_page.find("table", "claims"), annotated_seeds):
        cells = [row.find("td", "col-value")[0].text() for row in table.find("tbody")[0].find("tr")]
        numbers = [float(c) for c in cells if c]
        assert numbers == sorted(numbers, reverse=True) and cells[len(numbers):] == [""] * (len(cells) - len(numbers))
        assert sorted(numbers) == sorted(c.value for c in doc.claims if c.value is not None)
        assert [th.attrs.get("aria-sort") for th in table.find("th") if th.attrs.get("aria-sort")] == ["descending"]


@needs_chromium
def test_screenshot_shows_the_label_colours(tmp_path, annotated_seeds):
    from matplotlib.image import imread

    path, png = tmp_path / "seed.html", tmp_path / "seed.png"
    path.write_text(render_page(annotated_seeds[1:2]), encoding="utf-8")
    chromium(tmp_path, path.as_uri(), f"--screenshot={png}", "--window-size=1280,2000")
    pixels = (imread(png)[..., :3] * 255).round().astype(int)
    assert pixels.shape[:2] == (2000, 1280)
    colours = set((pixels[..., 0] << 16 | pixels[..., 1] << 8 | pixels[..., 2]).ravel().tolist())
    css = (Path(__file__).resolve().parents[2] / "healthie" / "data" / "render.css").read_text(encoding="utf-8")
    for label in {e.label for e in annotated_seeds[1].entities}:
        hex_colour = css.split(f".ent-{label} {{ background: #")[1][:6]
        assert int(hex_colour, 16) in colours, label


@needs_chromium
def test_malicious_report_renders_as_text_in_chromium(tmp_path, nlp):
    path = tmp_path / "evil.html"
    docs = [annotate(text, EVIL_ID, nlp) for text in MALICIOUS]
    path.write_text(render_page(docs, title=EVIL_ID), encoding="utf-8")
    page = dom(chromium(tmp_path, path.as_uri(), "--dump-dom"))
    body = page.find("body")[0]
    assert "data-pwned" not in body.attrs
    assert page.find("title")[0].text() == EVIL_ID
    assert not page.find("img") and not page.find("b") and len(page.find("script")) == 1
    assert [d.text() for d in page.find("div", "text")] == list(MALICIOUS)
