"""The README stands alone: its Python examples run as written, its command line reference is current."""

import os
import re
import subprocess
import sys

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def _spark_ready() -> bool:
    import importlib.util
    import shutil

    return importlib.util.find_spec("pyspark") is not None and bool(shutil.which("java") or os.environ.get("JAVA_HOME"))


def test_the_readme_has_python_examples():
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("code", BLOCKS, ids=[f"example{i}" for i in range(len(BLOCKS))])
def test_every_python_example_runs_as_written(code):
    if "healthie.io.distributed" in code and not _spark_ready():
        pytest.skip("Spark needs pyspark and Java")
    lines = code.rstrip("\n").split("\n")
    expected = []
    while lines and lines[-1].startswith("# "):  # trailing comment lines are the printed output
        expected.insert(0, lines.pop()[2:])
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    if expected:
        assert done.stdout.splitlines() == expected


def test_the_command_line_reference_is_current():
    from healthie.cli.reference import END, START, reference

    assert README.split(START)[1].split(END)[0] == "\n" + reference()
