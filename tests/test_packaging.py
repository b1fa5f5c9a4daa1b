"""Install as a user would: a wheel with its model, outside the checkout; a light core whose missing
extras name themselves; the complete config that describes the shipped pipeline."""

import json
import os
import subprocess
import sys

from .conftest import ROOT, SEEDS


def _run(code: str, cwd, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_a_wheel_installed_outside_the_checkout_extracts_with_its_own_model(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("healthie-*.whl"))
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(tmp_path / "site"),
                              str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k != "HEALTHIE_MODEL"} | {"PYTHONPATH": str(tmp_path / "site")}
    done = _run("import healthie, json\nfrom healthie.pipeline import model_path\n"
                "claims = healthie.extract('2020年，全市出生人口数43417人。', region='常德市')\n"
                "print(json.dumps([healthie.__file__, str(model_path()), [c.to_dict() for c in claims]], ensure_ascii=False))",
                cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    module, model, records = json.loads(done.stdout)
    assert module.startswith(str(tmp_path / "site")) and model.startswith(str(tmp_path / "site"))
    assert [(r["value"], r["metric_name"], r["region_code"], r["year"]) for r in records] == [(43417, "出生人口数", "430700", 2020)]


def test_a_missing_extra_names_itself(tmp_path):
    code = ("import sys\nsys.modules['pyarrow'] = None\nsys.modules['sklearn'] = None\n"
            "from healthie.cli import main\n"
            f"status = main(['extract', {str(SEEDS[0])!r}, '--format', 'parquet', '-o', 'x.parquet'])\n"
            "assert status == 2, status\n"
            "try:\n    import healthie.linking.softmax_classifier\nexcept ImportError as err:\n    print(err)\n")
    done = _run(code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "healthie[parquet]" in done.stderr and not (tmp_path / "x.parquet").exists()
    assert "fitting the linkers needs sklearn, which comes with healthie's [train] extra" in done.stdout


def test_spacy_debug_config_passes_on_the_shipped_config():
    done = subprocess.run([sys.executable, "-m", "spacy", "debug", "config", str(ROOT / "configs" / "healthie-zh.cfg")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "Config is valid" in done.stdout


def test_the_shipped_meta_is_a_real_package_meta():
    from healthie import __version__
    from healthie.pipeline import model_path

    meta = json.loads((model_path() / "meta.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["version"], meta["license"]) == ("healthie", __version__, "MIT")
    assert meta["description"] and meta["requirements"] == [f"healthie>={__version__}"]
    assert meta["pipeline"] == __import__("spacy").util.load_config(ROOT / "configs" / "healthie-zh.cfg")["nlp"]["pipeline"]
