"""Score the shipped pipeline on the red-team passages against the claims a helper marked by hand.

    python reports/redteam/compare.py

The passages (`written_for_project_<k>.txt`) were written for this project by helpers who marked
each claim (`gold_<k>.tsv`: value_text, metric, region, year; `#n` after a value: its n-th occurrence
in the text; `\n`: a line break inside the value) before running healthie. A
metric (its cleaned `metric_name`: simplified, on one line) counts as right when the two phrases share at
least half the characters of either one; the helper's stricter reading by hand is in the README
(Results); "metric exact" counts the records whose metric, as written or cleaned, is the marked phrase. A year marked `none` (or left empty) is a record with no year.
"""

import csv
import re
from pathlib import Path

import healthie

HERE = Path(__file__).parent


def shared(a: str | None, b: str) -> float:
    """The larger share of either phrase's characters found in the other."""
    if not a or not b:
        return 0.0
    return max(sum(ch in b for ch in a) / len(a), sum(ch in a for ch in b) / len(b))


def main() -> None:
    nlp = healthie.load()
    for path in sorted(HERE.glob("written_for_project_*.txt")):
        text = path.read_text(encoding="utf-8")
        gold = list(csv.DictReader(open(HERE / f"gold_{path.stem.removeprefix('written_for_project_')}.tsv", encoding="utf-8"), delimiter="\t"))
        claims = healthie.extract(text, nlp=nlp)
        unmatched, used, counts = list(claims), set(), {"found": 0, "metric": 0, "metric exact": 0, "region": 0, "year": 0}
        for row in gold:  # each marked value at its n-th place, else its first place not taken by an earlier one
            nth = re.search(r"#(\d+)$", row["value_text"])
            row["value_text"] = row["value_text"][:nth.start()] if nth else row["value_text"]
            row["value_text"] = row["value_text"].replace("\\n", "\n")
            ends_in_digit = row["value_text"][-1:].isdigit()  # 23种18.64万例: a unit ends the value before a digit
            pattern = re.compile(r"(?<![0-9.])" + re.escape(row["value_text"]) + (r"(?![0-9.])" if ends_in_digit else ""))
            places = [m.start() for m in pattern.finditer(text)]
            at = places[int(nth.group(1)) - 1] if nth else next(p for p in places if p not in used)
            used.add(at)
            claim = next((c for c in unmatched if c.value_start <= at < c.value_end), None)
            if claim is None:
                print(f"{path.stem}: missed {row['value_text']!r}")
                continue
            unmatched.remove(claim)
            right = {"metric": max(shared(claim.metric_text, row["metric"]), shared(claim.metric_name, row["metric"])) >= 0.5, "region": claim.region == row["region"],
                     "year": str(claim.year or "none") == (row["year"] or "none")}
            counts["found"] += 1
            counts["metric exact"] += row["metric"] in {"".join((claim.metric_text or "").split()), claim.metric_name,
                                                        (claim.metric_name or "").replace("(", "（").replace(")", "）")}
            for key, ok in right.items():
                counts[key] += ok
            if not all(right.values()):
                print(f"{path.stem}: {claim.value_text!r} -> {claim.metric_name!r} / {claim.region} / {claim.year}; "
                      f"marked {row['metric']} / {row['region']} / {row['year']}")
        spurious = [c.value_text for c in unmatched]
        print(f"{path.stem}: {len(gold)} marked, {counts}, spurious {spurious}")


if __name__ == "__main__":
    main()
