"""Render the seeds as HTML, open each page in headless Chromium, and check what the browser shows.

    python scripts/render_check.py [--out render-check] [--chromium /usr/bin/chromium]

For every seed: the page (DIR/<seed>.html), a 1280x2000 screenshot (DIR/<seed>.png), and the DOM after
the page's script ran, checked against the pipeline's output: one table row per claim, one highlight per
entity and label, the report text unchanged. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import healthie
from healthie.io.rendering import annotate, page_name, render_index, render_page

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


class PageCounts(HTMLParser):
    """Claim rows, highlights per label, and the report text, from a dumped DOM."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.rows, self.labels, self.text, self.in_text, self.in_body = 0, Counter(), [], 0, False
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows += 1
        elif tag == "div" and (self.in_text or "text" in classes):
            self.in_text += 1
        elif tag == "mark" and self.in_text:
            self.labels[attrs["data-label"]] += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "div" and self.in_text:
            self.in_text -= 1

    def handle_data(self, data):
        if self.in_text:
            self.text.append(data)


def chromium(binary: str, profile: str, url: str, *args: str) -> str:
    result = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args, url],
                            capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="render-check", help="folder for the pages and screenshots")
    parser.add_argument("--chromium",
                        default=os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"no Chromium at {args.chromium} (apt-get install chromium)", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    nlp = healthie.load()
    failures, entries, taken = 0, [], {"index.html"}
    print(f"{'seed':28} {'claims':>6} {'rows':>5} {'entities':>8} {'marks':>6}  text  screenshot")
    with tempfile.TemporaryDirectory() as profile:
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            doc = annotate(seed.read_text(encoding="utf-8"), seed.name, nlp)
            page = out / page_name(seed.name, taken)
            page.write_text(render_page([doc], title=seed.name), encoding="utf-8")
            entries.append((page.name, seed.name, len(doc.claims)))
            shown = PageCounts(chromium(args.chromium, profile, page.resolve().as_uri(), "--dump-dom"))
            png = page.with_suffix(".png")
            chromium(args.chromium, profile, page.resolve().as_uri(), f"--screenshot={png.resolve()}",
                     "--window-size=1280,2000")
            expected = Counter(e.label for e in doc.entities)
            same_text = "".join(shown.text) == doc.text
            good = shown.rows == len(doc.claims) and shown.labels == expected and same_text and png.exists()
            failures += not good
            print(f"{seed.name:28} {len(doc.claims):6} {shown.rows:5} {sum(expected.values()):8} "
                  f"{sum(shown.labels.values()):6}  {'same' if same_text else 'DIFF'}  {png}"
                  + ("" if good else "  FAILED"))
    (out / "index.html").write_text(render_index(entries), encoding="utf-8")
    print(f"{len(entries) - failures} of {len(entries)} pages as expected; index: {out / 'index.html'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
