"""Sessions for the PyTorch Field Guide.

All sessions share one environment, ``.venv`` at the repository root, holding every
package of uv.lock (torch alone is ~6 GB; one copy is plenty). `uv sync` installs it,
with hard links from uv's cache, only when the lock changes, so re-running a session is
fast. Start with:  python3 -m venv .venv && .venv/bin/pip install nox uv
(Python 3.11, 3.12 or 3.13). `--python PATH` runs a session in an interpreter that
already exists instead (tests, gpu, drift): nothing is installed.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".fieldguide-deps"
LOCK = ROOT / "uv.lock"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
sys.path.insert(0, str(ROOT))  # fieldguide, for the sessions that run it in nox's process

# The Python versions the lock resolves for (pyproject.toml's requires-python).
PYTHONS = ("3.11", "3.12", "3.13")
if f"{sys.version_info[0]}.{sys.version_info[1]}" not in PYTHONS:
    sys.exit(
        f"The field guide needs Python {', '.join(PYTHONS[:-1])} or {PYTHONS[-1]}; this is "
        f"Python {sys.version.split()[0]} ({sys.executable}). Create .venv with one of them, "
        "e.g. `rm -rf .venv && python3.12 -m venv .venv`."
    )

nox.options.default_venv_backend = "none"
nox.options.sessions = ["tests"]
nox.needs_version = ">=2024.10.9"


def _python() -> str:
    """An interpreter to create .venv with: the one running nox (3.11-3.13, checked above)."""
    return sys.executable


def own_python(session: nox.Session) -> str | None:
    """``--python PATH`` among the session's arguments: removed from them and returned
    (then the session runs in that interpreter as it is and installs nothing)."""
    args = list(session.posargs)
    if "--python" not in args:
        return None
    at = args.index("--python")
    if at + 1 >= len(args):
        session.error("--python needs the path of an interpreter, e.g. --python /usr/bin/python3")
    python = args[at + 1]
    del args[at : at + 2]
    session.posargs[:] = args
    found = shutil.which(python)
    if found is None:
        session.error(f"--python {python}: no such interpreter")
    return found


def run_in_own_python(session: nox.Session, python: str, *args: str, env=None) -> None:
    """pytest with the field guide's plugin in ``python``: the versions found first."""
    from fieldguide import environments

    try:
        info = environments.check_interpreter(python)
    except SystemExit as exc:
        session.error(str(exc))
    pytest_env = environments.pytest_env(python, {**os.environ, **(env or {})})
    session.run(python, "-m", "fieldguide", "versions", env=pytest_env, external=True)
    workers = [*SUITE[2:]] if info.get("pytest-xdist") else []
    session.run(
        *environments.pytest_command(python), *workers, *args, env=pytest_env, external=True
    )


def _uv(session: nox.Session) -> str:
    """uv, installed beside nox (README), on PATH, or into .venv now."""
    found = shutil.which("uv", path=str(BIN)) or shutil.which("uv")
    if found is None:
        session.run(str(BIN / "python"), "-m", "pip", "install", "-q", "uv", external=True)
        found = str(BIN / "uv")
    return found


def install(session: nox.Session) -> None:
    """Create or update the shared .venv from uv.lock (every package pinned, with hashes;
    the fieldguide package itself in editable mode), then use it. Syncs only when the lock
    or pyproject.toml changed."""
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not (BIN / "python").exists():
        session.run(_python(), "-m", "venv", str(VENV), external=True)
    if not STAMP.exists() or STAMP.read_text() != wanted:
        sync(session, VENV)
        STAMP.write_text(wanted)
    session.env.update(environment_of(VENV))


def sync(session: nox.Session, venv: Path) -> None:
    """Install uv.lock into ``venv``. --locked: fail if the lock does not match
    pyproject.toml (run `nox -s lock`); --inexact: keep what is not in the lock, above all
    the nox running this."""
    session.run(
        _uv(session), "sync", "--locked", "--inexact", "--quiet",
        env={"UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON": str(venv / BIN.name / "python")},
        external=True,
    )  # fmt: skip


def environment_of(venv: Path) -> dict[str, str | None]:
    """The variables a session sets to run in ``venv`` (None: removed). Bytecode is kept
    even where the environment forbids writing it beside the sources: otherwise every
    fresh interpreter the suite starts compiles torch again (fieldguide.environments)."""
    from fieldguide.environments import bytecode_kept

    return {
        "PATH": f"{venv / BIN.name}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "NO_MKDOCS_2_WARNING": "1",
        "MPLBACKEND": "Agg",
        **bytecode_kept(os.environ),
    }


def run(session: nox.Session, *args: str, **kwargs) -> None:
    session.run(str(BIN / args[0]), *args[1:], external=True, **kwargs)


def build_site(session: nox.Session, *args: str) -> None:
    """Both languages, strictly, into site/ (fieldguide.building: the one build there is)."""
    run(session, "python", "-m", "fieldguide.building", *args)


# The whole suite, as `nox -s tests` runs it (and `portability`, `offline`): three workers,
# one thread each (OMP_NUM_THREADS=1). Much of the suite waits on other processes (builds,
# browsers, DDP ranks, fresh interpreters), so on 2 cores three workers finished in 163 s
# where two took 232 s (four: no faster). A topic, the built site and each other unit stay
# on one worker, the longest handed out first (fieldguide/plugin.py, fieldguide/shards.py).
SUITE = ("-m", "pytest", "-n", "3", "--dist", "loadgroup")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite: every page block, snippet, notebook and integrity rule.

    `-- --python PATH [selection]` runs it in an interpreter that exists (its own torch):
    the versions found are printed first, and under other versions a `#>` line that no
    longer matches is reported as version drift (expected -> got), not as a failure."""
    python = own_python(session)
    if python is not None:
        run_in_own_python(session, python, *session.posargs, env={"OMP_NUM_THREADS": "1"})
        return
    install(session)
    run(session, "python", *SUITE, *session.posargs, env={"OMP_NUM_THREADS": "1"})


@nox.session
def docs(session: nox.Session) -> None:
    """Build both languages strictly into site/ (zh at the root, en under /en/)."""
    install(session)
    build_site(session, *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Serve both languages on http://127.0.0.1:8000, reloaded as you save (pass a port)."""
    install(session)
    run(session, "python", "-m", "fieldguide.serving", *session.posargs)


@nox.session
def gpu(session: nox.Session) -> None:
    """Everything that runs code using CUDA, then the GPU benchmark, into
    bench-report/gpu-run.md; fails naming each item it could not verify. The run itself is
    `python -m fieldguide gpu` (fieldguide/gpu_run.py), which a machine without nox runs
    alike. `-- --python PATH` runs it in an interpreter that exists (its own CUDA torch;
    nothing is installed); `-- --allow-missing=multi-gpu` accepts a one-GPU machine."""
    python = own_python(session)
    if python is None:
        # The driver check before the install: uv.lock's torch needs a driver for its CUDA.
        from fieldguide import gpu_run

        problem = gpu_run.lock_driver_problem()
        if problem:
            session.error(problem)
        install(session)
        python = str(BIN / "python")
    session.run(python, "-m", "fieldguide", "gpu", *session.posargs, external=True)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and common bugs with ruff."""
    install(session)
    run(session, "ruff", "check", ".")
    run(session, "ruff", "format", "--check", ".")


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    return {flag for line in text.splitlines() if line.startswith("flags") for flag in line.split()}


@nox.session(default=False)
def portability(session: nox.Session) -> None:
    """The whole suite under each set of CPU kernels and thread count this machine can run:
    every checked output must hold on any machine, not just this one."""
    install(session)
    flags = _cpu_flags()
    kernels = ["default"] + [
        k for k, flag in (("avx2", "avx2"), ("avx512", "avx512f")) if flag in flags
    ]
    if len(kernels) < 2:
        session.warn(f"this CPU offers only {kernels}: run this session on an x86-64 machine too")
    report = ROOT / "bench-report"
    report.mkdir(exist_ok=True)
    rows, failed = [], []
    for kernel in kernels:
        for threads in ("1", "4"):
            name = f"{kernel}-{threads}"
            junit = report / f"portability-{name}.xml"
            env = {
                "ATEN_CPU_CAPABILITY": kernel,
                "OMP_NUM_THREADS": threads,
                "MKL_NUM_THREADS": threads,
                # More threads than cores: idle OpenMP threads sleep instead of spinning.
                "OMP_WAIT_POLICY": "PASSIVE",
                # Inductor's cache does not key on the kernel set: one cache per set.
                "TORCHINDUCTOR_CACHE_DIR": str(ROOT / ".cache" / f"inductor-{kernel}"),
            }
            start = time.monotonic()
            # Exit 1 (tests failed) does not stop the loop: every configuration is reported,
            # and the JUnit report says which failed (nox returns True for any success code).
            junit.unlink(missing_ok=True)
            session.run(
                str(BIN / "python"), *SUITE, "-q", "-p", "no:cacheprovider",
                f"--junitxml={junit}", *session.posargs,
                env=env, external=True, success_codes=[0, 1],
            )  # fmt: skip
            seconds = time.monotonic() - start
            counts = _junit_counts(junit)
            result = ", ".join(f"{n} {key}" for key, n in counts.items()) if counts else "no report"
            rows.append(f"| {kernel} | {threads} | {result} | {seconds:.0f} s |")
            if counts is None or counts["failed"] or counts["errors"]:
                failed.append(name)
    table = "\n".join(
        ["| ATEN_CPU_CAPABILITY | threads | result | time |", "| --- | --- | --- | --- |", *rows]
    )
    (report / "portability.md").write_text(table + "\n", "utf-8")
    session.log("\n" + table)
    if failed:
        session.error(f"outputs do not hold under: {', '.join(failed)}")


@nox.session(default=False)
def pythons(session: nox.Session) -> None:
    """The whole suite under each Python the lock supports (3.11, 3.12, 3.13) found on this
    machine, each in its own environment from uv.lock (.nox/suite-py3.X): a printed line
    that differs between Python versions shows here. `-- 3.12` runs one."""
    from fieldguide.environments import find_python

    wanted = [a for a in session.posargs if a in PYTHONS] or list(PYTHONS)
    args = [a for a in session.posargs if a not in PYTHONS]
    rows, failed = [], []
    for version in wanted:
        python = find_python(version)
        if python is None:
            session.warn(f"python{version} not found: skipped (install it to cover it here)")
            rows.append(f"| {version} | not found | |")
            continue
        env_dir = ROOT / ".nox" / f"suite-py{version}"
        if not (env_dir / "bin" / "python").exists():
            session.run(python, "-m", "venv", str(env_dir), external=True)
        sync(session, env_dir)
        junit = ROOT / "bench-report" / f"python-{version}.xml"
        junit.parent.mkdir(exist_ok=True)
        junit.unlink(missing_ok=True)
        start = time.monotonic()
        session.run(
            str(env_dir / "bin" / "python"), *SUITE, "-q", "-p", "no:cacheprovider",
            f"--junitxml={junit}", *args,
            env={**environment_of(env_dir), "OMP_NUM_THREADS": "1",
                 "TORCHINDUCTOR_CACHE_DIR": str(env_dir / "inductor")},
            external=True, success_codes=[0, 1],
        )  # fmt: skip
        counts = _junit_counts(junit)
        result = ", ".join(f"{n} {key}" for key, n in counts.items()) if counts else "no report"
        rows.append(f"| {version} | {result} | {time.monotonic() - start:.0f} s |")
        if counts is None or counts["failed"] or counts["errors"]:
            failed.append(version)
    table = "\n".join(["| Python | result | time |", "| --- | --- | --- |", *rows])
    (ROOT / "bench-report" / "pythons.md").write_text(table + "\n", "utf-8")
    session.log("\n" + table)
    if failed:
        session.error(f"the suite fails under Python {', '.join(failed)}")


@nox.session(default=False)
def drift(session: nox.Session) -> None:
    """What every block prints under other versions: `-- torch==X torchvision==Y
    [python==3.12] [--record]` in a side environment built from uv.lock with those two
    replaced (.cache/drift-envs/; .venv is never touched), or `-- --python PATH` in an
    interpreter that exists. Writes bench-report/drift/<pair>.json and .md; `--record`
    also updates docs/drift/, the data of the page "Running on other PyTorch versions"."""
    install(session)
    run(session, "python", "-m", "fieldguide", "drift", *session.posargs)


def _junit_counts(path: Path) -> dict[str, int] | None:
    """Passed, failed, errors and skipped from a pytest JUnit report; None if none was written."""
    import xml.etree.ElementTree as ET

    if not path.exists():
        return None
    suite = ET.parse(path).getroot()
    suite = suite.find("testsuite") if suite.tag == "testsuites" else suite
    counts = {key: int(suite.get(attr, 0)) for key, attr in
              (("failed", "failures"), ("errors", "errors"), ("skipped", "skipped"))}  # fmt: skip
    return {"passed": int(suite.get("tests", 0)) - sum(counts.values()), **counts}


@nox.session(default=False)
def lock(session: nox.Session) -> None:
    """Re-resolve uv.lock from pyproject.toml's groups, newest versions within their ranges
    (`nox -s lock -- --no-upgrade` only adds what pyproject.toml changed)."""
    args = [a for a in session.posargs if a != "--no-upgrade"]
    upgrade = [] if "--no-upgrade" in session.posargs else ["--upgrade"]
    session.run(_uv(session), "lock", *upgrade, *args, external=True)


@nox.session(default=False)
def outputs(session: nox.Session) -> None:
    """Rewrite the `#>` comments of snippet modules from a real run (review with git diff)."""
    install(session)
    run(session, "python", "-m", "fieldguide", "outputs", *session.posargs)


@nox.session(default=False)
def notebooks(session: nox.Session) -> None:
    """Rebuild and execute the notebooks under docs/ from notebooks/ and snippets/."""
    install(session)
    run(session, "python", "-m", "fieldguide", "notebooks", *session.posargs)


@nox.session(default=False)
def translations(session: nox.Session) -> None:
    """Show which language of each page changed last (`-- --strict` fails when one is behind)."""
    install(session)
    run(session, "python", "-m", "fieldguide", "translations", *session.posargs)


@nox.session(default=False)
def new_page(session: nox.Session) -> None:
    """Scaffold a topic: `nox -s new_page -- <part>/<topic>` (pages, snippet, test, nav)."""
    install(session)
    if len(session.posargs) != 1:
        session.error("usage: nox -s new_page -- <part>/<topic>")
    run(session, "python", "-m", "fieldguide", "new_page", *session.posargs)


@nox.session(default=False)
def new_exercise(session: nox.Session) -> None:
    """Scaffold an exercise: `nox -s new_exercise -- <part>/<name>` (solution, starter, pages)."""
    install(session)
    if len(session.posargs) != 1:
        session.error("usage: nox -s new_exercise -- <part>/<name>")
    run(session, "python", "-m", "fieldguide", "new_exercise", *session.posargs)


@nox.session(default=False)
def new_question(session: nox.Session) -> None:
    """Scaffold a "what does this print?" question: `nox -s new_question -- <part>/<id>`."""
    install(session)
    if len(session.posargs) != 1:
        session.error("usage: nox -s new_question -- <part>/<id>")
    run(session, "python", "-m", "fieldguide", "questions", "--new", *session.posargs)


@nox.session(default=False)
def browser(session: nox.Session) -> None:
    """Only the browser tests (headless Debian Chromium against the built site)."""
    install(session)
    run(session, "python", "-m", "pytest", "-m", "browser", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure the site's quality numbers (Lighthouse mobile, gzip) into bench-report/.

    `nox -s bench -- --only-lighthouse` measures the six pages alone (no test-suite runs).
    `nox -s bench -- --loops [--cold-cache]` measures the contributor loops instead, from a
    fresh clone: setup, the full suite, clone to green, changed-only runs
    (benchmarks/loops.py, into bench-report/loops.md).
    """
    install(session)
    if "--loops" in session.posargs:
        args = [a for a in session.posargs if a != "--loops"]
        run(session, "python", "benchmarks/loops.py", *args)
        return
    run(session, "python", "benchmarks/site.py", *session.posargs)


@nox.session(default=False)
def publish(session: nox.Session) -> None:
    """Build the deployable site (both languages and both PDF books) for SITE_URL.

    SITE_URL is the public URL of the Chinese home page; SITE_URL_EN defaults to
    SITE_URL + "en/". `nox -s publish -- --no-pdf` skips the books.
    """
    url = os.environ.get("SITE_URL", "").strip()
    if not url:
        session.error(
            "nox -s publish needs SITE_URL, the public URL of the site's root, e.g. "
            "SITE_URL=https://pytorch-field-guide.github.io/field-guide/ nox -s publish"
        )
    local = ("127.0.0.1", "localhost", "0.0.0.0", "[::1]")
    if not url.startswith(("https://", "http://")) or any(host in url for host in local):
        session.error(f"SITE_URL must be the public http(s) URL of the site, not {url!r}")
    url = url if url.endswith("/") else url + "/"
    session.env["SITE_URL"] = url
    install(session)
    books = "--no-pdf" not in session.posargs
    build_site(session, "--url", url, *(["--pdf-books"] if books else []))
    if books:
        run(session, "python", "-m", "fieldguide", "pdf", "--site", "site")
    # What must never reach a deployed page: URLs of the machine that built it.
    build_site(session, "--local-urls")
    session.log(f"site/ is ready to deploy to {url}")


@nox.session(default=False)
def pdf(session: nox.Session) -> None:
    """Print one PDF book per language into site/pdf/ and site/en/pdf/ (headless Chromium),
    then read both books back (tests/test_pdf.py)."""
    install(session)
    build_site(session, "--pdf-books")  # the home pages link the books printed next
    run(session, "python", "-m", "fieldguide", "pdf", "--site", "site", *session.posargs)
    run(session, "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_pdf.py",
        env={"FIELDGUIDE_PDF_SITE": str(ROOT / "site")})  # fmt: skip


@nox.session(default=False)
def offline(session: nox.Session) -> None:
    """Run the whole suite with the network cut (a Linux network namespace, loopback only)."""
    install(session)
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        session.error("nox -s offline needs Linux and `unshare` (util-linux)")
    # Root can create a network namespace directly; others map themselves to root first.
    flags = ["--net"] if os.geteuid() == 0 else ["--net", "--map-root-user"]
    pytest = shlex.join([str(BIN / "python"), *SUITE, *session.posargs])
    session.run(
        unshare,
        *flags,
        "sh",
        "-c",
        f"ip link set lo up && {pytest}",
        external=True,
        env={"OMP_NUM_THREADS": "1"},
    )
