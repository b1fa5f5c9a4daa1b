import json
import re
import shutil
import subprocess
import sys

import pytest

import healthie
from healthie.pipeline import ModelNotFoundError, UncheckedModelWarning, check_manifest, model_path

from .conftest import ROOT


PICKLE_MAGIC = (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05")


def test_no_pickle_is_shipped():
    files = [p for p in (ROOT / "models").rglob("*") if p.is_file()]
    assert files
    named = [p for p in files if p.suffix in (".pkl", ".pickle", ".joblib")]
    by_content = [p for p in files if p.read_bytes()[:2] in PICKLE_MAGIC]
    assert named == [] and by_content == []


def test_npz_weights_hold_no_objects():
    import numpy as np

    for path in (ROOT / "models").rglob("*.npz"):
        with np.load(path, allow_pickle=False) as arrays:  # raises on object arrays
            assert all(arrays[name].dtype != object for name in arrays.files)


_NO_PICKLE = """
import pickle, sys
def refuse(*args, **kwargs):
    raise AssertionError("pickle used")
pickle.load = pickle.loads = refuse
pickle.Unpickler = refuse
import healthie
text = open(sys.argv[1], encoding="utf-8").read()
print(len(healthie.extract(text, nlp=healthie.load())))
"""


def test_loading_and_extracting_never_unpickle():
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    done = subprocess.run([sys.executable, "-c", _NO_PICKLE, str(seed)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) > 0


def test_a_corrupted_weights_file_is_named(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    weights = copy / "healthie_metric_ranker" / "metric_ranker.json"
    weights.write_bytes(weights.read_bytes()[:100])
    with pytest.raises(ModelNotFoundError, match="healthie_metric_ranker/metric_ranker.json is corrupted.*healthie train"):
        healthie.load(copy)


def test_a_model_without_manifest_loads_with_a_warning_and_fails_clearly_when_broken(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    (copy / "manifest.json").unlink()
    with pytest.warns(UncheckedModelWarning, match=f"^healthie model at {copy} has no manifest.json: the integrity"):
        assert healthie.load(copy).pipe_names
    (copy / "healthie_metric_ranker" / "metric_ranker.json").unlink()
    with pytest.raises(ModelNotFoundError, match="metric_ranker.json is missing.*healthie train"), \
            pytest.warns(UncheckedModelWarning):
        healthie.load(copy)


@pytest.mark.parametrize("manifest, problem", [
    ("[1, 2]", "is malformed: it holds a JSON array, not an object of file names to SHA-256 digests"),
    ('{"config.cfg": 5}', "is malformed: the digest of 'config.cfg' is 5, not a SHA-256 hex digest"),
    ('{"config.cfg": "abc"}', "is malformed: the digest of 'config.cfg' is 'abc', not a SHA-256 hex digest"),
    ('{"config.cfg": ', "is unreadable"),
])
def test_a_malformed_manifest_is_named_with_its_problem(tmp_path, manifest, problem):
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    (copy / "manifest.json").write_text(manifest, encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match=re.escape(f"{copy / 'manifest.json'} {problem}") + ".*healthie train"):
        healthie.load(copy)


def test_manifest_digests_are_read_in_either_case(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    manifest = copy / "manifest.json"
    digests = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({name: digest.upper() for name, digest in digests.items()}), encoding="utf-8")
    assert check_manifest(copy) == []


def test_models_stay_small():
    assert sum(p.stat().st_size for p in (ROOT / "models").rglob("*") if p.is_file()) < 20 * 2**20


def test_missing_file_is_named(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    (copy / "meta.json").unlink()
    with pytest.raises(ModelNotFoundError, match="meta.json is missing.*healthie train"):
        healthie.load(copy)


def test_corrupted_model_is_a_clear_error(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    (copy / "config.cfg").write_text("[nlp\\nbroken", encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="config.cfg is corrupted.*healthie train"):
        healthie.load(copy)
    (copy / "manifest.json").unlink()  # a pipeline trained elsewhere may have none
    with pytest.raises(ModelNotFoundError, match="(?s)cannot be loaded.*healthie train"), pytest.warns(UncheckedModelWarning):
        healthie.load(copy)


def test_environment_variable_chooses_the_model(monkeypatch, tmp_path):
    monkeypatch.setenv("HEALTHIE_MODEL", str(tmp_path / "nowhere"))
    assert model_path() == tmp_path / "nowhere"
    with pytest.raises(ModelNotFoundError):
        healthie.load()


@pytest.mark.parametrize("path", [5, b"models/healthie-zh", ["models"]])
def test_load_names_a_wrong_path(path):
    with pytest.raises(TypeError, match="^load: path must be a str, an os.PathLike or None, not "):
        healthie.load(path)
