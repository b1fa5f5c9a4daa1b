import shutil

import pytest

import healthie
from healthie.pipeline import ModelNotFoundError, model_path

from .conftest import ROOT


def test_no_pickle_is_shipped():
    shipped = [p for p in (ROOT / "models").rglob("*") if p.suffix in (".pkl", ".pickle", ".joblib")]
    assert shipped == []


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
    with pytest.raises(ModelNotFoundError, match="(?s)cannot be loaded.*healthie train"):
        healthie.load(copy)


def test_environment_variable_chooses_the_model(monkeypatch, tmp_path):
    monkeypatch.setenv("HEALTHIE_MODEL", str(tmp_path / "nowhere"))
    assert model_path() == tmp_path / "nowhere"
    with pytest.raises(ModelNotFoundError):
        healthie.load()
