import json
import subprocess
import sys

from healthie.training.fuzzing import GENERATORS, generate, seed_texts

from ..conftest import ROOT, load_script

SCRIPT = ROOT / "scripts" / "fuzz.py"


def _script():
    return load_script("fuzz")


def test_a_small_fuzz_run_has_no_crash_and_loses_nothing(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--budget", "200", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    report = json.loads((tmp_path / "fuzz.json").read_text(encoding="utf-8"))
    assert result.returncode == 0, report
    assert report["inputs"] == 200 and report["documents"] + report["errors"] >= 200
    assert (report["crashes"], report["lost"], report["counted_twice"], report["bad_offsets"], report["misdecoded"]) == (0,) * 5
    assert report["records"] > 0 and len(report["by_kind"]) >= 8
    assert "| crashes | 0 |" in (tmp_path / "fuzz.md").read_text(encoding="utf-8")


def test_inputs_depend_only_on_seed_and_index():
    texts = seed_texts()
    assert [generate(i, 3, texts) for i in range(30)] == [generate(i, 3, texts) for i in range(30)]
    assert [generate(i, 3, texts) for i in range(30)] != [generate(i, 4, texts) for i in range(30)]
    assert {generate(i, 0, texts).kind for i in range(300)} >= set(GENERATORS) - {"huge_line", "many_lines"}


def test_the_checks_catch_a_crash_and_a_lost_document(monkeypatch):
    fuzz = _script()
    real = fuzz.iter_documents

    def crashing(paths):
        for item in real(paths):
            if item.id.startswith("000003"):
                raise RuntimeError("boom")
            yield item

    monkeypatch.setattr(fuzz, "iter_documents", crashing)
    report = fuzz.fuzz(budget=6, seed=0)
    assert report["crashes"] == 1 and report["crash_examples"][0]["input"] == 3 and report["lost"] == 0
    assert fuzz.failed_checks(report) == ["crashes"]

    monkeypatch.setattr(fuzz, "iter_documents", lambda paths: (i for i in real(paths) if not i.id.startswith("000002")))
    report = fuzz.fuzz(budget=6, seed=0)
    assert (report["crashes"], report["lost"], report["lost_inputs"]) == (0, 1, [2])
