import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI gives the same verdict on every run: the property tests draw the same examples there (a failure
# found by a local run's fresh draws becomes a test of its own)
settings.register_profile("ci", derandomize=True)
if os.environ.get("HEALTHIE_REQUIRE_TOOLS") or os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# tests that drive a real outside tool (Chromium, a Label Studio server, Spark, the WenQuanYi font) and skip without it
TOOL_TESTS = {"test_rendering.py", "test_labelstudio_roundtrip.py", "test_distributed.py", "test_readme.py", "test_archive.py",
              "test_documents.py"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With HEALTHIE_REQUIRE_TOOLS set (as .ci/run does), a tool test that skips fails instead."""
    report = (yield).get_result()
    if report.skipped and os.environ.get("HEALTHIE_REQUIRE_TOOLS") and item.path.name in TOOL_TESTS:
        report.outcome = "failed"
        report.longrepr = f"skipped although HEALTHIE_REQUIRE_TOOLS is set: {report.longrepr}"


def load_script(name: str):
    """A script of scripts/ imported as a module (its functions tested without running it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def nlp():
    import healthie

    return healthie.load()


@pytest.fixture(scope="session")
def seed_texts():
    return {p.name: p.read_text(encoding="utf-8") for p in SEEDS}


@pytest.fixture(scope="session")
def seed_claims(nlp, seed_texts):
    import healthie

    return {name: healthie.extract(text, doc_id=name, nlp=nlp) for name, text in seed_texts.items()}


@pytest.fixture
def fragile_value_ruler(monkeypatch):
    """The value ruler raises on any Doc containing 坏: a document the pipeline fails on."""
    from healthie.components import value_ruler

    original = value_ruler.ValueRuler.__call__

    def fragile(self, doc):
        if "坏" in doc.text:
            raise ValueError("cannot parse")
        return original(self, doc)

    monkeypatch.setattr(value_ruler.ValueRuler, "__call__", fragile)
