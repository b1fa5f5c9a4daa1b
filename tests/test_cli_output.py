"""``healthie extract``'s output: nothing lost, skipped or dropped in silence. Records go out a document
at a time, an interrupt stops every process and keeps what is finished, --resume completes a run,
--region is a default, CSV is safe for spreadsheets, an unchecked model is said."""

import codecs
import csv
import io
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import healthie
from healthie.cli import main
from healthie.io.progress import Progress
from healthie.pipeline import model_path

from .conftest import SEEDS

TEXTS = {"0.txt": "", "a.txt": "2020年，全市出生人口数43417人，人口出生率6.79‰。", "b.txt": "没有数字的一段话。",
         "c.txt": "全省卫生技术人员12.3万人。", "d.txt": "床位4.86万张，其中医院3.79万张。"}


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _crash_at(monkeypatch, count: int) -> None:
    """The run crashes right after the ``count``-th document it finishes."""
    steps = []

    def step(self, message=""):
        steps.append(message)
        if len(steps) == count:
            raise RuntimeError("crash")

    monkeypatch.setattr(Progress, "step", step)


def _doc_ids(text: str) -> list[str]:
    return [json.loads(line)["doc_id"] for line in text.splitlines()]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_crash_keeps_the_finished_documents_and_resume_completes_the_file(reports, tmp_path, monkeypatch,
                                                                            capsys, fmt):
    whole, out, errors = tmp_path / f"whole.{fmt}", tmp_path / f"claims.{fmt}", tmp_path / "errors.jsonl"
    args = ["extract", str(reports), "-f", fmt, "--region", "常德市", "-q", "--errors", str(errors)]
    assert main(args + ["-o", str(whole)]) == 1  # 0.txt is empty
    out.write_text("older", encoding="utf-8")
    with monkeypatch.context() as patch:
        _crash_at(patch, 3)
        with pytest.raises(RuntimeError, match="crash"):
            main(args + ["-o", str(out)])
    partial = tmp_path / f".claims.{fmt}.partial"
    assert f"stopped by an error; 3 finished document(s) kept in {partial}" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "older"
    assert len(partial.read_bytes()) > 100 and whole.read_bytes().startswith(partial.read_bytes())
    assert json.loads(errors.read_text(encoding="utf-8")) == {"id": "0.txt", "reason": "empty document"}
    errors.unlink()
    assert main(args + ["-o", str(out), "--resume"]) == 1
    assert "resuming: 3 documents already in the output are skipped" in capsys.readouterr().err  # a, b (no claims), c
    assert out.read_bytes() == whole.read_bytes()
    assert errors.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["reports", whole.name, out.name, errors.name])


def test_standard_output_gets_each_document_as_it_finishes(reports, monkeypatch, capsys):
    _crash_at(monkeypatch, 3)
    with pytest.raises(RuntimeError, match="crash"):
        main(["extract", str(reports), "-f", "jsonl", "-q"])
    assert set(_doc_ids(capsys.readouterr().out)) == {"a.txt", "c.txt"}


def test_a_run_without_resume_starts_over_and_says_so(reports, tmp_path, monkeypatch, capsys):
    out = tmp_path / "claims.jsonl"
    with monkeypatch.context() as patch:
        _crash_at(patch, 2)
        with pytest.raises(RuntimeError, match="crash"):
            main(["extract", str(reports), "-f", "jsonl", "-o", str(out)])
    capsys.readouterr()
    assert main(["extract", str(reports), "-f", "jsonl", "-o", str(out)]) == 1
    assert f"started over; the unfinished run in {tmp_path / '.claims.jsonl.partial'} was dropped" in capsys.readouterr().err
    assert _doc_ids(out.read_text(encoding="utf-8")) == ["a.txt", "a.txt", "c.txt", "d.txt", "d.txt"]


def test_resume_skips_the_documents_of_a_complete_output(reports, tmp_path, capsys):
    out = tmp_path / "claims.jsonl"
    assert main(["extract", str(reports / "a.txt"), str(reports / "b.txt"), "-f", "jsonl", "-o", str(out)]) == 0
    before = out.read_text(encoding="utf-8")
    assert main(["extract", str(reports / "a.txt"), str(reports / "c.txt"), "-f", "jsonl", "-o", str(out), "--resume"]) == 0
    assert "resuming: 1 documents already in the output are skipped" in capsys.readouterr().err
    after = out.read_text(encoding="utf-8")
    assert after.startswith(before) and _doc_ids(after) == ["a.txt", "a.txt", "c.txt"]


@pytest.mark.parametrize("args", [
    ["--resume"],
    ["--resume", "-f", "parquet", "-o", "{tmp}/c.parquet"],
    ["--resume", "-f", "table", "-o", "{tmp}/c.txt"],
    ["--excel", "-f", "jsonl"],
    ["--resume", "-f", "csv", "-o", "{tmp}/journal.jsonl"],
    ["--resume", "-f", "jsonl", "-o", "{tmp}/not-records.jsonl"],
])
def test_output_options_that_cannot_work_are_usage_errors(args, reports, tmp_path, capsys):
    (tmp_path / "not-records.jsonl").write_text("a line\n", encoding="utf-8")
    (tmp_path / ".journal.jsonl.partial").write_text("", encoding="utf-8")
    (tmp_path / ".journal.jsonl.done").write_text('{"format": "jsonl", "start": 0}\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert main(["extract", str(reports / "a.txt"), *(a.format(tmp=tmp_path) for a in args)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and ("--resume" in captured.err or "--excel" in captured.err)
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_region_is_a_default_for_the_documents_that_give_none(tmp_path, capsys):
    text = "全市出生人口数43417人。"
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in [
        {"id": "own", "text": text, "region": "株洲市"}, {"id": "none", "text": text}, {"id": "blank", "text": text, "region": ""}]),
        encoding="utf-8")
    assert main(["extract", str(docs), "-f", "jsonl", "--region", "常德市"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["doc_id"]: r["region"] for r in records} == {"own": "株洲市", "none": "常德市", "blank": "常德市"}


def test_csv_for_excel_has_a_bom_and_no_cell_a_spreadsheet_would_run(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("=SUM(A1).txt", "@cmd.txt"):
        (reports / name).write_text("全市出生人口数43417人，下降-2.1%。", encoding="utf-8")
    out = tmp_path / "claims.csv"
    assert main(["extract", str(reports), "-f", "csv", "--excel", "-o", str(out), "--region", "常德市"]) == 0
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["doc_id"] for r in rows} == {"'=SUM(A1).txt", "'@cmd.txt"}
    assert sorted(r["value_text"] for r in rows) == ["-2.1%", "-2.1%", "43417人", "43417人"]
    assert {r["metric_name"] for r in rows} >= {"出生人口数"} and {r["region"] for r in rows} == {"常德市"}


def test_a_model_without_manifest_is_said_on_stderr(reports, tmp_path, capsys):
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    (copy / "manifest.json").unlink()
    assert main(["extract", str(reports / "a.txt"), "--model", str(copy), "-f", "jsonl"]) == 0
    assert (f"healthie: warning: healthie model at {copy} has no manifest.json: the integrity of its files was "
            f"not checked") in capsys.readouterr().err


def _children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_an_interrupt_stops_every_process_at_once_and_resume_completes_the_run(tmp_path, nlp, capsys):
    seed = SEEDS[1]
    reports = tmp_path / "reports"
    reports.mkdir()
    names = [f"r{i:02}.txt" for i in range(30)]
    for name in names:
        shutil.copy(seed, reports / name)
    out, partial = tmp_path / "claims.jsonl", tmp_path / ".claims.jsonl.partial"
    args = ["extract", str(reports), "-f", "jsonl", "-o", str(out), "-q"]
    run = subprocess.Popen([sys.executable, "-m", "healthie", *args, "-n", "2"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (partial.exists() and b"\n" in partial.read_bytes()):
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    workers = _children(run.pid)
    run.send_signal(signal.SIGINT)
    sent = time.monotonic()
    stderr = run.communicate(timeout=30)[1]
    assert run.returncode == 130 and time.monotonic() - sent < 5, stderr
    assert len(workers) == 2 and not any(_alive(pid) for pid in workers)
    assert "interrupted; " in stderr and f"finished document(s) kept in {partial}" in stderr
    claims = [claim.to_dict() for claim in healthie.extract(seed.read_text(encoding="utf-8"), nlp=nlp)]
    expected = [{**claim, "doc_id": name} for name in names for claim in claims]
    kept = [json.loads(line) for line in partial.read_text(encoding="utf-8").splitlines()]  # whole lines
    assert kept == expected[:len(kept)] and len(kept) % len(claims) == 0 and len(kept) < len(expected)
    assert main(args + ["--resume"]) == 0
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == expected
