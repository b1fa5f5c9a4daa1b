"""Write the README tutorial's inputs from the annotated table reports of corpus/tutorial/.

    python scripts/tutorial_export.py

- corpus/tutorial/raw/*.txt: the reports as a user receives them (the markup's plain text);
- corpus/tutorial/labelstudio-export.json: the gold markup of train/ standing in for the corrections a
  person makes in Label Studio: a task per document whose accepted annotation holds its entities and
  relations, in the shape of Label Studio's JSON export, so the tutorial can be followed without a server.
"""

from __future__ import annotations

import json
from pathlib import Path

from healthie.training.annotation import to_labelstudio_task
from healthie.training.corpus.build import normalise
from healthie.training.corpus.markup import read_markup

TUTORIAL = Path(__file__).resolve().parent.parent / "corpus" / "tutorial"


def export(markup_files: list[Path]) -> list[dict]:
    tasks = []
    for number, path in enumerate(markup_files, start=1):
        task = {"id": number, **to_labelstudio_task(normalise(read_markup(path)), "corrected")}
        result = task.pop("predictions")[0]["result"]
        task["annotations"] = [{"id": number, "result": result, "was_cancelled": False, "ground_truth": False}]
        tasks.append(task)
    return tasks


if __name__ == "__main__":
    (TUTORIAL / "raw").mkdir(exist_ok=True)
    for path in sorted(TUTORIAL.glob("t*/*.txt")):
        (TUTORIAL / "raw" / path.name).write_text(read_markup(path)["text"], encoding="utf-8")
    out = TUTORIAL / "labelstudio-export.json"
    out.write_text(json.dumps(export(sorted((TUTORIAL / "train").glob("*.txt"))), ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    print(f"wrote {out}")
