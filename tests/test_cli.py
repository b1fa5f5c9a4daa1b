import json
import subprocess
import sys

import pytest

from healthie.cli import app, main
from healthie.pipeline import model_path

from .conftest import ROOT

MARKUP = ROOT / "corpus" / "seeds" / "001_799f06fbe66016c8.txt"


def test_extract_seeds_jsonl(tmp_path, capsys):
    out = tmp_path / "claims.jsonl"
    assert main(["extract", str(ROOT / "seeds"), "--format", "jsonl", "-o", str(out), "--quiet"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 350
    assert {r["doc_id"] for r in records} == {p.name for p in (ROOT / "seeds").glob("*.txt")}
    assert not list(tmp_path.glob(".*partial"))


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


@pytest.mark.parametrize("args", [
    [],
    ["extract"],
    ["extract", "{missing}"],
    ["extract", "{seed}", "--format", "parquet"],
    ["extract", "{seed}", "--n-process", "0"],
    ["extract", "{seed}", "--n-process", "-5"],
    ["extract", "{seed}", "--n-process", "two"],
    ["extract", "{seed}", "--format", "xml"],
    ["extract", "{seed}", "-o", "{seed}"],
    ["extract", "{seeds}", "-o", "{seeds}/claims.txt"],
    ["extract", "{seed}", "-o", "{tmp}"],
    ["extract", "{seed}", "--errors", "{seed}"],
    ["extract", "{seed}", "--model", "{tmp}"],
    ["render", "{seed}", "--model", "{tmp}"],
    ["annotate", "{seed}"],
    ["crossval", "--variant", "rules"],
    ["benchmark", "--size", "0"],
    ["evaluate", "{tmp}"],
    ["train", "{seed}"],
    ["train", "--nonsense", "1"],
    ["corpus", "agreement", "{markup}"],
])
def test_usage_errors_exit_2_and_write_nothing(args, tmp_path, capsys):
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    names = {"missing": tmp_path / "missing.txt", "seed": seed, "seeds": ROOT / "seeds", "tmp": tmp_path,
             "markup": MARKUP}
    argv = [a.format(**names) for a in args]
    before = sorted(tmp_path.iterdir())
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip()
    assert sorted(tmp_path.iterdir()) == before


def test_python_dash_m_gives_usage_errors_and_the_version():
    from healthie import __version__

    done = subprocess.run([sys.executable, "-m", "healthie.cli", "extract"], capture_output=True, text=True)
    assert done.returncode == 2 and "Missing argument" in done.stderr
    done = subprocess.run([sys.executable, "-m", "healthie", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"healthie {__version__}"


def test_an_unknown_region_hint_is_named(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("全市出生人口数43417人。", encoding="utf-8")
    assert main(["extract", str(tmp_path), "--format", "jsonl", "--region", "霍格沃茨市"]) == 0
    captured = capsys.readouterr()
    assert "霍格沃茨市 is no known division" in captured.err
    assert json.loads(captured.out)["region_code"] is None


def test_every_command_writes_with_dash_o_and_shows_its_defaults(capsys):
    import typer

    command = typer.main.get_command(app)
    leaves = []
    for name, sub in command.commands.items():
        leaves += [(f"{name} {n}", c) for n, c in getattr(sub, "commands", {}).items()] or [(name, sub)]
    for name, leaf in leaves:
        options = {opt for param in leaf.params for opt in getattr(param, "opts", [])}
        assert "--out" not in options, name
        if any(opt in options for opt in ("--output", "-o")):
            assert {"-o", "--output"} <= options, name
    assert main(["extract", "--help"]) == 0
    assert "[default: table]" in capsys.readouterr().out


def test_missing_model_is_a_clear_error(tmp_path, capsys):
    assert main(["extract", str(ROOT / "seeds"), "--model", str(tmp_path)]) == 2
    assert "healthie train" in capsys.readouterr().err


def test_evaluate_a_trained_model_on_given_documents(nlp, tmp_path, capsys):
    from healthie.cli._util import corpus_records
    from healthie.training.evaluation import evaluate

    scores_file = tmp_path / "scores.json"
    assert main(["evaluate", str(model_path()), str(MARKUP), "-o", str(scores_file)]) == 0
    printed = capsys.readouterr().out
    scores = evaluate(nlp, corpus_records([MARKUP]))
    value = scores["entities"]["VALUE"]
    assert f"| VALUE | {value['p']:.3f} | {value['r']:.3f} | {value['f']:.3f} | {value['gold']} |" in printed
    full = scores["claims"]["value+metric+region"]
    assert f"| value+metric+region | {full['p']:.3f} | {full['r']:.3f} | {full['f']:.3f} |" in printed
    assert json.loads(scores_file.read_text(encoding="utf-8"))["claims"]["value+metric+region"]["f"] == full["f"]


def test_evaluate_on_nothing_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    assert main(["evaluate", str(model_path()), str(tmp_path / "empty.jsonl")]) == 2
    assert "no documents" in capsys.readouterr().err


def test_train_takes_a_config_and_dotted_overrides(tmp_path, capsys):
    """A small corpus: the pipeline of the config, with the overrides in its config and a real meta."""
    lines = (ROOT / "corpus" / "data" / "authored.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "authored.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    assert main(["train", str(ROOT / "configs" / "healthie-zh.cfg"), "-o", str(out), "--quiet",
                 "--paths.corpus", str(tmp_path / "data"),
                 "--components.healthie_metric_ranker.threshold", "0.2"]) == 0
    import healthie

    nlp = healthie.load(out)
    assert nlp.pipe_names == healthie.load().pipe_names
    assert nlp.get_pipe("healthie_metric_ranker").threshold == 0.2
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "healthie" and meta["license"] == "MIT" and meta["requirements"][0].startswith("healthie>=")
    assert healthie.extract("2020年，全市出生人口数43417人。", region="常德市", nlp=nlp)[0].value == 43417
