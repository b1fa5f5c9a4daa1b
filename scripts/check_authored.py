"""A writer's check of marked-up corpus documents: markup, validation, stated arithmetic, counts.

    .venv/bin/python scripts/check_authored.py corpus/authored/e_01_*.txt
"""

import sys
from collections import Counter

from healthie.training.corpus.arithmetic import check_record
from healthie.training.corpus.markup import MarkupError, read_markup
from healthie.training.corpus.validate import validate_record

failed = False
for name in sys.argv[1:]:
    try:
        record = read_markup(name)
    except MarkupError as err:
        print(f"{name}: MARKUP ERROR {err}")
        failed = True
        continue
    problems = validate_record(record) + check_record(record)
    labels = Counter(e["label"] for e in record["entities"])
    constructions = Counter(e.get("construction", "plain") for e in record["entities"] if e["label"] == "VALUE")
    checks = len(record["meta"].get("checks", []))
    print(f"{name}: {len(record['text'])} chars, {dict(labels)}, constructions {dict(constructions)}, "
          f"{checks} checks, {len(problems)} problems")
    for problem in problems:
        print("   ", problem)
    failed = failed or bool(problems)
sys.exit(1 if failed else 0)
