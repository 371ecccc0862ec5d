"""Fixtures of the tests under tests/. The project's pytest machinery (pages as test files,
GPU skips, xdist groups, isolation, no network) is the fieldguide plugin
(fieldguide/plugin.py, registered in pyproject.toml)."""

import shutil
import socket
from pathlib import Path

import pytest

from fieldguide import shards
from fieldguide.building import BuildError, build_site


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


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_port, prebuilt_site) -> Path:
    """Both languages built strictly, as `nox -s docs` does, into a temporary site/,
    with absolute URLs for http://127.0.0.1:<site_port>/ (or a copy of the prebuilt one)."""
    out = tmp_path_factory.mktemp("build") / "site"
    if prebuilt_site is not None:
        return Path(shutil.copytree(prebuilt_site[0], out, symlinks=True))
    try:
        return build_site(out, f"http://127.0.0.1:{site_port}/")
    except BuildError as error:
        pytest.fail(str(error), pytrace=False)
