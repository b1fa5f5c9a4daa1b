"""Score a number grammar on the case table (tests/lexicons/number_cases.jsonl): value span P/R/F1 and
the accuracy of the normalisation (value, value_high, unit, kind, approx) on the spans found right.

    python scripts/number_cases.py                     # the grammar of this checkout
    python scripts/number_cases.py --grammar OLD.py    # another numbers.py (e.g. from git show REV:PATH)
"""

import argparse
import importlib.util
import json
import sys
from pathlib import Path

from healthie.text.cleaning import clean

CASES = Path(__file__).resolve().parents[1] / "tests" / "lexicons" / "number_cases.jsonl"


def load_scanner(path: str | None):
    if path is None:
        from healthie.lexicons.numbers import scan_values
        return scan_values
    spec = importlib.util.spec_from_file_location("grammar_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return getattr(module, "scan_values", None) or module.find_values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grammar", help="a numbers.py to score instead of this checkout's")
    scan = load_scanner(parser.parse_args().grammar)
    correct = predicted = gold = normalised = 0
    for line in CASES.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        text, cursor, expected = case["text"], 0, {}
        for value in case["values"]:
            start = text.index(value["text"], cursor)
            cursor = start + len(value["text"])
            expected[(start, cursor)] = value
        cleaned = clean(text)
        found = {}
        for match in scan(cleaned.text):
            parsed = match.parsed
            found[cleaned.to_original(match.start, match.end)] = (
                parsed.value, getattr(parsed, "value_high", None), parsed.unit, parsed.kind, parsed.approx)
        predicted += len(found)
        gold += len(expected)
        for span, want in expected.items():
            if span in found:
                correct += 1
                got = found[span]
                normalised += (abs(got[0] - want["value"]) <= 1e-6 * max(1.0, abs(want["value"]))
                               and got[1:] == (want["value_high"], want["unit"], want["kind"], want["approx"]))
    p, r = correct / predicted, correct / gold
    print(f"cases {CASES.name}: gold values {gold}, predicted {predicted}, right spans {correct}")
    print(f"value span P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}; "
          f"normalisation right on right spans {normalised / correct:.3f} ({normalised}/{correct}); "
          f"values right end to end {normalised / gold:.3f}")


if __name__ == "__main__":
    main()
