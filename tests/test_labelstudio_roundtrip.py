"""The Label Studio round trip against a real server (scripts/labelstudio_roundtrip.py)."""

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

EXECUTABLE = os.environ.get("HEALTHIE_LABEL_STUDIO")
SERVER = os.environ.get("HEALTHIE_LABEL_STUDIO_URL") and os.environ.get("HEALTHIE_LABEL_STUDIO_TOKEN")


@pytest.mark.slow
@pytest.mark.skipif(not (EXECUTABLE or SERVER),
                    reason="no Label Studio: set HEALTHIE_LABEL_STUDIO=/path/to/label-studio (pip install "
                           "label-studio==1.23.2 in its own virtualenv), or HEALTHIE_LABEL_STUDIO_URL and _TOKEN")
def test_labelstudio_round_trip_changes_nothing():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "labelstudio_roundtrip.py")],
                            capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "round trip passed" in result.stderr
    assert result.stderr.count(" identical") == 4
