"""Fixtures of the tests under tests/. The project's pytest machinery (pages as test files,
GPU skips, xdist groups, isolation, no network) is the fieldguide plugin
(fieldguide/plugin.py, registered in pyproject.toml)."""

import socket
from pathlib import Path

import pytest

from fieldguide.building import BuildError, build_site


def pytest_configure(config):
    # Installed: its entry point "fieldguide"; not installed: `-p fieldguide.plugin`.
    if not any(config.pluginmanager.has_plugin(n) for n in ("fieldguide", "fieldguide.plugin")):
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
    try:
        return build_site(out, f"http://127.0.0.1:{site_port}/")
    except BuildError as error:
        pytest.fail(str(error), pytrace=False)
