"""Fixtures of the tests under tests/. The project's pytest machinery (pages as test files,
GPU skips, xdist groups, isolation, no network) is the fieldguide plugin
(fieldguide/plugin.py, registered in pyproject.toml)."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from fieldguide import ROOT


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("fieldguide"):
        raise pytest.UsageError(
            "the fieldguide pytest plugin is not installed: run `pip install -e . --no-deps` "
            "in the environment (any nox session does it)"
        )


@pytest.fixture(scope="session")
def site_port() -> int:
    """A free port on 127.0.0.1: the site is built for it and served on it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_port) -> Path:
    """Both languages built strictly, as `nox -s docs` does, into a temporary site/,
    with absolute URLs for http://127.0.0.1:<site_port>/."""
    out = tmp_path_factory.mktemp("build") / "site"
    base = f"http://127.0.0.1:{site_port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base, "SITE_URL_EN": base + "en/"}
    for config, target in (("mkdocs.yml", out), ("mkdocs.en.yml", out / "en")):
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(target)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
        )
        warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
        assert result.returncode == 0 and warnings == [], (
            f"{config}: the strict build failed:\n" + "\n".join(warnings or [result.stderr[-3000:]])
        )
    return out
