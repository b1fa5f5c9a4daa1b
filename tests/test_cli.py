import json
import subprocess
import sys

from healthie.cli import main

from .conftest import ROOT


def test_extract_seeds_jsonl(tmp_path, capsys):
    out = tmp_path / "claims.jsonl"
    assert main(["extract", str(ROOT / "seeds"), "--format", "jsonl", "-o", str(out), "--quiet"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 350
    assert {r["doc_id"] for r in records} == {p.name for p in (ROOT / "seeds").glob("*.txt")}


def test_failed_documents_give_exit_1_and_an_errors_file(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("全市出生人口数43417人。", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    code = main(["extract", str(tmp_path), "--format", "jsonl", "--errors", str(errors), "--region", "常德市"])
    captured = capsys.readouterr()
    assert code == 1
    assert "empty.txt: empty document" in captured.err
    assert json.loads(captured.out.splitlines()[0])["region"] == "常德市"
    assert json.loads(errors.read_text(encoding="utf-8").splitlines()[0]) == {"id": "empty.txt", "reason": "empty document"}


def test_usage_errors_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "healthie.cli", "extract"], capture_output=True, text=True)
    assert result.returncode == 2
    assert main([]) == 2
    assert main(["extract", str(ROOT / "seeds"), "--format", "parquet"]) == 2


def test_missing_model_is_a_clear_error(tmp_path, capsys):
    assert main(["extract", str(ROOT / "seeds"), "--model", str(tmp_path)]) == 2
    assert "healthie train" in capsys.readouterr().err


def test_evaluate_a_trained_model_on_given_documents(nlp, capsys):
    from healthie.cli import _corpus_records
    from healthie.training.evaluation import evaluate

    markup = str(ROOT / "corpus" / "seeds" / "001_799f06fbe66016c8.txt")
    assert main(["evaluate", "--on", markup]) == 0
    printed = capsys.readouterr().out
    scores = evaluate(nlp, _corpus_records([markup]))
    value = scores["entities"]["VALUE"]
    assert f"| VALUE | {value['p']:.3f} | {value['r']:.3f} | {value['f']:.3f} | {value['gold']} |" in printed
    full = scores["claims"]["value+metric+region"]
    assert f"| value+metric+region | {full['p']:.3f} | {full['r']:.3f} | {full['f']:.3f} |" in printed


def test_evaluate_on_nothing_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    assert main(["evaluate", "--on", str(tmp_path / "empty.jsonl")]) == 2
    assert "no documents" in capsys.readouterr().err


def test_version_and_python_dash_m():
    import subprocess
    import sys

    from healthie import __version__

    done = subprocess.run([sys.executable, "-m", "healthie", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"healthie {__version__}"
