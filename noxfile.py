"""Sessions for the PyTorch Field Guide.

All sessions share one environment, ``.venv`` at the repository root, holding every
dependency group of pyproject.toml (torch alone is ~6 GB; one copy is plenty). It is
(re)installed with pip only when pyproject.toml's groups change, so re-running a
session is fast. Start with:  python3.11 -m venv .venv && .venv/bin/pip install nox
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".fieldguide-deps"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")

nox.options.default_venv_backend = "none"
nox.options.sessions = ["tests"]
nox.needs_version = ">=2024.10.9"


def _python() -> str:
    """An interpreter to create .venv with: Python 3.11, as the project requires."""
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if found is None:
        raise SystemExit("the field guide needs Python 3.11 (python3.11 not found)")
    return found


def install(session: nox.Session) -> None:
    """Create or update the shared .venv with every dependency group, then use it."""
    deps = nox.project.dependency_groups(PYPROJECT, "dev")
    wanted = hashlib.sha256(json.dumps(deps).encode()).hexdigest()
    if not (BIN / "python").exists():
        session.run(_python(), "-m", "venv", str(VENV), external=True)
    if not STAMP.exists() or STAMP.read_text() != wanted:
        session.run(str(BIN / "python"), "-m", "pip", "install", "-q", *deps, external=True)
        STAMP.write_text(wanted)
    session.env["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    session.env["VIRTUAL_ENV"] = str(VENV)
    session.env["NO_MKDOCS_2_WARNING"] = "1"
    session.env["MPLBACKEND"] = "Agg"


def run(session: nox.Session, *args: str, **kwargs) -> None:
    session.run(str(BIN / args[0]), *args[1:], external=True, **kwargs)


def build_site(session: nox.Session, port: str = "8000") -> None:
    # Absolute URLs point at the local preview unless SITE_URL says otherwise (deployment).
    base = os.environ.get("SITE_URL", f"http://127.0.0.1:{port}/")
    env = {"SITE_URL": base, "SITE_URL_EN": os.environ.get("SITE_URL_EN", base + "en/")}
    # The Chinese build cleans site/, so it goes first; English lands in site/en/.
    run(session, "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml", env=env)
    run(session, "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.en.yml", env=env)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite: every page block, snippet, notebook and integrity rule."""
    install(session)
    # Two workers, one thread each: on 2 cores this beats one process with 2 threads.
    # Pages, snippet modules and the built site each stay on one worker (tests/conftest.py).
    run(
        session,
        "python",
        "-m",
        "pytest",
        "-n",
        "2",
        "--dist",
        "loadgroup",
        *session.posargs,
        env={"OMP_NUM_THREADS": "1"},
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build both languages strictly into site/ (zh at the root, en under /en/)."""
    install(session)
    build_site(session)


@nox.session
def serve(session: nox.Session) -> None:
    """Build both languages and serve them on http://127.0.0.1:8000 (pass a port to change)."""
    install(session)
    port = session.posargs[0] if session.posargs else "8000"
    build_site(session, port)
    session.log(f"Serving the bilingual site on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    run(session, "python", "-m", "http.server", port, "--bind", "127.0.0.1", "-d", "site")


@nox.session
def gpu(session: nox.Session) -> None:
    """Run the tests marked `gpu` on a CUDA device; fail clearly where there is none."""
    install(session)
    probe = "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)"
    if subprocess.run([str(BIN / "python"), "-c", probe]).returncode != 0:
        session.error("nox -s gpu needs a CUDA device: torch.cuda.is_available() is False here")
    run(session, "python", "-m", "pytest", "-m", "gpu", *session.posargs)
    # A report, not a test: bandwidth and GPU-vs-CPU step time.
    run(session, "python", "benchmarks/gpu.py", "--json", "bench-report/gpu.json")


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and common bugs with ruff."""
    install(session)
    run(session, "ruff", "check", ".")
    run(session, "ruff", "format", "--check", ".")


@nox.session(default=False)
def outputs(session: nox.Session) -> None:
    """Rewrite the `#>` comments of snippet modules from a real run (review with git diff)."""
    install(session)
    run(session, "python", "tools/update_outputs.py", *session.posargs)


@nox.session(default=False)
def notebooks(session: nox.Session) -> None:
    """Rebuild and execute the notebooks under docs/ from notebooks/ and snippets/."""
    install(session)
    run(session, "python", "tools/notebooks.py", *session.posargs)


@nox.session(default=False)
def translations(session: nox.Session) -> None:
    """Show which language of each page changed last (`-- --strict` fails when one is behind)."""
    install(session)
    run(session, "python", "tools/translations.py", *session.posargs)


@nox.session(default=False)
def new_page(session: nox.Session) -> None:
    """Scaffold a topic: `nox -s new_page -- <part>/<topic>` (pages, snippet, test, nav)."""
    install(session)
    if len(session.posargs) != 1:
        session.error("usage: nox -s new_page -- <part>/<topic>")
    run(session, "python", "tools/new_page.py", *session.posargs)


@nox.session(default=False)
def browser(session: nox.Session) -> None:
    """Only the browser tests (headless Debian Chromium against the built site)."""
    install(session)
    run(session, "python", "-m", "pytest", "-m", "browser", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure the site's quality numbers and write bench-report/report.md."""
    install(session)
    run(session, "python", "benchmarks/site.py", *session.posargs)


@nox.session(default=False)
def offline(session: nox.Session) -> None:
    """Run the whole suite with the network cut (a Linux network namespace, loopback only)."""
    install(session)
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        session.error("nox -s offline needs Linux and `unshare` (util-linux)")
    # Root can create a network namespace directly; others map themselves to root first.
    flags = ["--net"] if os.geteuid() == 0 else ["--net", "--map-root-user"]
    pytest = f"{BIN / 'python'} -m pytest -n 2 --dist loadgroup " + " ".join(session.posargs)
    session.run(
        unshare,
        *flags,
        "sh",
        "-c",
        f"ip link set lo up && {pytest}",
        external=True,
        env={"OMP_NUM_THREADS": "1"},
    )
