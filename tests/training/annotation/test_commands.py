"""``healthie annotate`` and ``healthie corpus import``, and the file helpers behind them."""

import copy
import json

import pytest

from healthie import __version__
from healthie.training.annotation import corpus_clashes, detect_format, from_labelstudio_export, labeling_config, read_export
from healthie.cli import main
from healthie.training.corpus.validate import validate_corpus

from ...conftest import ROOT

SEED = ROOT / "seeds" / "001_799f06fbe66016c8.txt"
EMOJI = {"id": "emoji", "region": "常德市", "text": "🏥 全市出生人口数43417人，人口出生率6.79‰。"}


@pytest.fixture(scope="module")
def tasks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tasks")
    docs = folder / "docs.jsonl"
    docs.write_text(json.dumps(EMOJI, ensure_ascii=False) + "\n", encoding="utf-8")
    out, config = folder / "out" / "tasks.json", folder / "labelstudio.xml"
    assert main(["annotate", str(SEED), str(docs), "-o", str(out), "--config-out", str(config)]) == 0
    assert config.read_text(encoding="utf-8") == labeling_config()
    return json.loads(out.read_text(encoding="utf-8"))


def _accept(tasks: list[dict]) -> list[dict]:
    """An export in which each task's predictions were accepted as they are (copies: tests change them)."""
    return [{"id": i, "data": task["data"],
             "annotations": [{"id": i, "result": copy.deepcopy(task["predictions"][0]["result"])}]}
            for i, task in enumerate(tasks, start=1)]


def test_annotate_writes_labelstudio_tasks(tasks):
    assert [t["data"]["doc_id"] for t in tasks] == ["001_799f06fbe66016c8", "emoji"]
    assert tasks[1]["data"]["meta"] == {"home_region": "常德市"}
    text = tasks[1]["data"]["text"]
    values = [r["value"] for r in tasks[1]["predictions"][0]["result"] if r["type"] == "labels"]
    assert "43417人" in [v["text"] for v in values]
    assert all(text[v["start"]:v["end"]] == v["text"] for v in values)
    assert tasks[0]["predictions"][0]["model_version"] == f"healthie-{__version__}/healthie-zh"


def test_import_writes_the_valid_records_and_lists_the_rest(tasks, tmp_path, capsys):
    export = _accept(tasks)
    result = export[1]["annotations"][0]["result"]
    dropped = next(r for r in result if r["type"] == "relation" and r["labels"] == ["METRIC_OF"])
    result.remove(dropped)
    path, out = tmp_path / "export.json", tmp_path / "imported.jsonl"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert main(["corpus", "import", str(path), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    records, _ = from_labelstudio_export(export)
    invalid = validate_corpus(records)
    assert any("no METRIC_OF" in reason for reason in invalid["emoji"])
    assert sorted(captured.out.splitlines()) == sorted(f"{d}: {reason}" for d, reasons in invalid.items() for reason in reasons)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert written == [r for r in records if r["id"] not in invalid]
    assert all(r["source"] == "imported" for r in written)
    assert f"{len(invalid)} failing validation" in captured.err


def test_import_refusals_are_printed_as_doc_span_reason(tasks, tmp_path, capsys):
    export = _accept(tasks)[1:]
    labels = next(r for r in export[0]["annotations"][0]["result"] if r["type"] == "labels")
    labels["value"]["end"] = 10_000
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert main(["corpus", "import", str(path), "-o", str(tmp_path / "out.jsonl"), "--format", "labelstudio"]) == 1
    start = labels["value"]["start"]
    assert f"emoji: span {start}-10000: offsets outside the text" in capsys.readouterr().out


def test_doccano_round_trip_through_the_commands(tmp_path, capsys):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps(EMOJI, ensure_ascii=False) + "\n", encoding="utf-8")
    lines, out = tmp_path / "tasks.jsonl", tmp_path / "imported.jsonl"
    assert main(["annotate", str(docs), "-o", str(lines), "--format", "doccano"]) == 0
    line = json.loads(lines.read_text(encoding="utf-8"))
    value = next(e for e in line["entities"] if e["label"] == "VALUE")
    assert line["text"].encode("utf-16-le")[2 * value["start_offset"]:2 * value["end_offset"]].decode("utf-16-le") == "43417人"
    assert main(["corpus", "import", str(lines), "-o", str(out)]) == 0
    [record] = [json.loads(text) for text in out.read_text(encoding="utf-8").splitlines()]
    assert record["text"] == EMOJI["text"] and len(record["entities"]) == len(line["entities"])
    assert {e["label"] for e in record["entities"]} >= {"VALUE", "METRIC", "REGION"}


def test_failed_documents_and_usage_errors(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "tasks.json"
    assert main(["annotate", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    assert "missing.txt' does not exist" in capsys.readouterr().err and not out.exists()  # a usage error
    assert main(["annotate", str(tmp_path / "empty.txt"), "-o", str(out)]) == 1
    assert "empty.txt: empty document" in capsys.readouterr().err
    assert json.loads(out.read_text(encoding="utf-8")) == []
    assert main(["annotate", str(SEED), "-o", str(out), "--model", str(tmp_path)]) == 2
    (tmp_path / "object.json").write_text("{}", encoding="utf-8")
    assert main(["corpus", "import", str(tmp_path / "object.json"), "-o", str(tmp_path / "x.jsonl")]) == 2
    assert main(["corpus", "import", str(tmp_path / "absent.json"), "-o", str(tmp_path / "x.jsonl")]) == 2
    assert main(["corpus", "import", str(out), "-o", str(ROOT / "corpus" / "data" / "seeds.jsonl")]) == 2
    assert "rebuilt by `healthie corpus build`" in capsys.readouterr().err
    assert main(["annotate", str(SEED)]) == 2


def test_format_detection_and_reading(tmp_path):
    export = tmp_path / "export"
    export.write_text(" [ ]", encoding="utf-8")
    assert detect_format(export) == "labelstudio"
    assert detect_format(tmp_path / "x.jsonl") == "doccano" and detect_format(tmp_path / "x.json") == "labelstudio"
    assert read_export(export) == ([], [])
    (tmp_path / "broken.json").write_text("[", encoding="utf-8")
    with pytest.raises(ValueError, match="not JSON"):
        read_export(tmp_path / "broken.json")


def test_corpus_clashes_catch_reused_ids_and_seed_texts():
    corpus = [{"id": "seed_1", "source": "seed", "text": "种子"}, {"id": "a", "source": "authored", "text": "写的"}]
    imported = [{"id": "a", "text": "新的"}, {"id": "b", "text": "种子"}, {"id": "c", "text": "写的"}]
    assert [str(p) for p in corpus_clashes(imported, corpus)] == ["a: id already used in the corpus",
                                                                 "b: same text as seed seed_1"]


def test_a_document_with_anything_refused_is_left_out_whole_unless_kept_in_part(tasks, tmp_path, capsys):
    export = _accept(tasks)[1:]
    export[0]["annotations"][0]["result"].append(
        {"id": "bogus", "type": "labels", "value": {"start": 0, "end": 1, "text": "🏥", "labels": ["PLACE"]}})
    path, out = tmp_path / "export.json", tmp_path / "imported.jsonl"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert main(["corpus", "import", str(path), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["emoji: span 0-1: unknown label 'PLACE'",
                                         "emoji: left out whole, since something of it was refused (--keep-partial keeps the rest)"]
    assert out.read_text(encoding="utf-8") == "" and "1 documents left out for them" in captured.err
    assert main(["corpus", "import", str(path), "-o", str(out), "--keep-partial"]) == 1
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "emoji" and record["source"] == "imported-partial"
    assert "🏥" not in [record["text"][e["start"]:e["end"]] for e in record["entities"]]
    assert "emoji: kept without what was refused (source imported-partial)" in capsys.readouterr().out


def test_an_import_never_replaces_an_output_with_fewer_records_unasked(tasks, tmp_path, capsys):
    path, out = tmp_path / "export.json", tmp_path / "imported.jsonl"
    path.write_text(json.dumps(_accept(tasks)[1:], ensure_ascii=False), encoding="utf-8")
    out.write_text('{"id": "a"}\n{"id": "b"}\n', encoding="utf-8")
    assert main(["corpus", "import", str(path), "-o", str(out)]) == 2
    assert "holds 2 records and this import would write 1; give --overwrite" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == '{"id": "a"}\n{"id": "b"}\n'
    assert main(["corpus", "import", str(path), "-o", str(out), "--overwrite"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["emoji"]
    assert main(["corpus", "import", str(path), "-o", str(out)]) == 0  # as many records as before: replaced
