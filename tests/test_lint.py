"""ruff is part of the suite, so CI enforces it too (same checks as `nox -s lint`)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fieldguide

RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=" ".join)
def test_ruff(args):
    assert RUFF is not None, "ruff is not installed (it is in the lint dependency group)"
    result = subprocess.run([RUFF, *args], cwd=fieldguide.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
