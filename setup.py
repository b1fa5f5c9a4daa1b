"""Packaging: pyproject.toml holds the metadata; this adds the trained pipeline to the built package.

The pipeline lives in models/healthie-zh/ of the repository (where `healthie train` writes it); a
wheel carries a copy as healthie/models/healthie-zh/, which `healthie.load()` finds when installed.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MODEL = Path("models") / "healthie-zh"


class BuildWithModel(build_py):
    """build_py, then the shipped pipeline copied into the package."""

    def run(self):
        super().run()
        if not (MODEL / "config.cfg").exists():
            raise FileNotFoundError(f"{MODEL} is missing: run `healthie train` before building")
        target = Path(self.build_lib) / "healthie" / "models" / MODEL.name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(MODEL, target)


setup(cmdclass={"build_py": BuildWithModel})
