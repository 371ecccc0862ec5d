"""Fixtures of the tests under tests/. The project's pytest machinery (pages as test files,
GPU skips, xdist groups, isolation, no network) is the fieldguide plugin
(fieldguide/plugin.py, registered in pyproject.toml)."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from fieldguide import ROOT, shards

# The environment of uv.lock's `docs` group alone (no pytest), kept between runs (a fresh
# one each run would compile every module of MkDocs, Material, torch... again), one per
# Python version (the suite runs under several: `nox -s portability`).
DOCS_VENV = ROOT / ".cache" / f"docs-venv-py{sys.version_info[0]}.{sys.version_info[1]}"


def pytest_configure(config):
    # Installed: its entry point "fieldguide"; not installed: `-p fieldguide.plugin`.
    if not any(config.pluginmanager.has_plugin(n) for n in ("fieldguide", "fieldguide.plugin")):
        raise pytest.UsageError(
            "the fieldguide pytest plugin is not installed: run `pip install -e . --no-deps` "
            "in the environment (any nox session does it)"
        )


@pytest.fixture(scope="session")
def prebuilt_site() -> tuple[Path, int] | None:
    """The site built once for every CI shard (FIELDGUIDE_PREBUILT_SITE, fieldguide.shards)
    and its port, where it was built from this very tree and the port is free; else None
    (with a warning saying why, when the variable is set)."""
    return shards.prebuilt_site()


@pytest.fixture(scope="session")
def site_port(prebuilt_site) -> int:
    """A free port on 127.0.0.1: the site is built for it and served on it."""
    if prebuilt_site is not None:
        return prebuilt_site[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def uv() -> str | None:
    """uv beside this interpreter (the README installs it beside nox), else on PATH."""
    return shutil.which("uv", path=os.path.dirname(sys.executable)) or shutil.which("uv")


@pytest.fixture(scope="session")
def docs_env() -> tuple[Path | None, str]:
    """(the interpreter of an environment holding only the `docs` group of uv.lock, in
    DOCS_VENV, else None; why there is none). `uv sync --offline` makes it exactly that
    group again each session (hard links from uv's cache; nothing to do when the lock is
    unchanged)."""
    if (found := uv()) is None:
        return None, "needs uv (the README installs it beside nox)"
    env = {**os.environ, "VIRTUAL_ENV": str(DOCS_VENV), "UV_PROJECT_ENVIRONMENT": str(DOCS_VENV)}
    sync = [found, "sync", "--locked", "--offline", "--no-default-groups", "--group", "docs"]
    result = subprocess.run(
        [*sync, "-q", "--python", sys.executable],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        return None, f"{' '.join(sync)}:\n{result.stderr[-3000:]}"
    return DOCS_VENV / "bin" / "python", ""


@pytest.fixture(scope="session")
def site_python(request, prebuilt_site) -> Path | None:
    """The interpreter that builds the `site`: the docs group's alone where there is one
    (so the suite's one build also proves the site needs nothing else:
    tests/test_light_import.py), else this one; None for a prebuilt site."""
    if prebuilt_site is not None:
        return None
    return request.getfixturevalue("docs_env")[0] or Path(sys.executable)


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_port, prebuilt_site, site_python) -> Path:
    """Every edition built strictly, as `nox -s docs` does (`python -m fieldguide.building`,
    run by ``site_python``), into a temporary site/, with absolute URLs for
    http://127.0.0.1:<site_port>/ (or a copy of the prebuilt one)."""
    out = tmp_path_factory.mktemp("build") / "site"
    if prebuilt_site is not None:
        return Path(shutil.copytree(prebuilt_site[0], out, symlinks=True))
    url = f"http://127.0.0.1:{site_port}/"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # only its own packages
    command = [site_python, "-m", "fieldguide.building", "--site", out, "--url", url]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"{site_python}: the site's build failed:\n{result.stderr}", pytrace=False)
    return out
