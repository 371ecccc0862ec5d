"""Shared test setup: no display, no network, GPU tests skip cleanly without CUDA."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")  # figures render to files, never to a window
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from fieldguide import ROOT  # noqa: E402


def _cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def _xdist_group(item) -> str | None:
    """Keep together what shares state when the suite runs on several workers (-n 2):
    the blocks of one page (one namespace), the runs of one snippet module (cached
    namespace), and everything that uses the built site (one build)."""
    if "site" in getattr(item, "fixturenames", ()):
        return "site"
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "block" in callspec.params:
        return callspec.params["block"].page.relative_to(ROOT).as_posix()
    if callspec is not None and "module" in callspec.params:
        return callspec.params["module"].relative_to(ROOT).with_suffix("").as_posix()
    path = Path(str(item.fspath))
    if path.parent != ROOT / "tests" and path.name.startswith("test_"):
        return f"snippets/{path.parent.name}/{path.stem.removeprefix('test_')}"
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (pytest < 9, see pyproject)
def pytest_collection_modifyitems(config, items):
    for item in items:
        group = _xdist_group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
    gpu_items = [item for item in items if item.get_closest_marker("gpu")]
    if not gpu_items or _cuda_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device: torch.cuda.is_available() is False")
    for item in gpu_items:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


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
        assert result.returncode == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
        assert warnings == [], f"{config}: build printed warnings"
    return out
