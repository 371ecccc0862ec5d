"""The GPU half of the pytest plugin (registered by fieldguide.plugin).

- ``gpu``-marked items are skipped where CUDA is missing, or fail when
  ``FIELDGUIDE_REQUIRE_CUDA=1`` (so ``nox -s gpu`` cannot pass without running them).
- Items that take a CUDA path without being marked ``gpu`` (the tests, snippet runs and
  page blocks of a snippet module that branches on ``torch.cuda.is_available()`` and the
  like) get the marker ``cuda_path`` at collection: ``nox -s gpu`` selects
  ``-m "gpu or cuda_path"``, so everything that behaves differently on a GPU runs there.
- Under ``FIELDGUIDE_REQUIRE_CUDA=1`` every skip of a gpu or cuda_path item is an error,
  wherever it is raised (a marker, a fixture, ``pytest.skip`` inside the test, a page
  block that could not run), with one exception: a test that names a requirement this
  machine lacks (:func:`not_verified`, for example "needs 2 GPUs"). Those are listed at the
  end as NOT VERIFIED, and the run fails unless the requirement is allowed to be missing
  (``FIELDGUIDE_ALLOW_MISSING=multi-gpu``, or ``--allow-missing=multi-gpu`` where the
  option is registered, see :func:`add_options`).
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE_CUDA = "FIELDGUIDE_REQUIRE_CUDA"
ALLOW_MISSING = "FIELDGUIDE_ALLOW_MISSING"
NOT_VERIFIED = "NOT VERIFIED"
# What a test may declare missing instead of failing, and what each name means.
REQUIREMENTS = {
    "multi-gpu": "2 or more CUDA devices",
    "whole-gpu": "a whole GPU, not a MIG slice",
}
_NOT_VERIFIED_RE = re.compile(rf"{NOT_VERIFIED} \[([a-z-]+)\]: (.*)", re.S)
# Code that chooses between CUDA and the CPU at run time (comments are stripped first).
CUDA_BRANCH_RE = re.compile(
    r"torch\.cuda\.is_available\(\)|torch\.accelerator\.is_available\(\)"
    r"|torch\.cuda\.device_count\(\)|torch\.accelerator\.device_count\(\)"
)
CUDA_PATH = "cuda_path"


# ------------------------------------------------------------------ for the tests


def not_verified(requirement: str, reason: str) -> NoReturn:
    """Skip the test because this machine lacks ``requirement`` (a key of REQUIREMENTS).

    Unlike a plain skip, this one is not turned into an error by FIELDGUIDE_REQUIRE_CUDA=1:
    the run lists it as NOT VERIFIED at the end and fails unless it is allowed missing."""
    if requirement not in REQUIREMENTS:
        raise ValueError(f"unknown requirement {requirement!r}: one of {sorted(REQUIREMENTS)}")
    pytest.skip(f"{NOT_VERIFIED} [{requirement}]: {reason}")


def require_devices(count: int) -> None:
    """Skip as NOT VERIFIED [multi-gpu] unless at least ``count`` CUDA devices are visible."""
    import torch

    found = torch.cuda.device_count()
    if found < count:
        not_verified("multi-gpu", f"needs {count} CUDA devices, found {found}")


def is_mig(index: int = 0) -> bool:
    """True when CUDA device ``index`` is a MIG slice of a GPU, not a whole GPU."""
    import torch

    return "MIG" in torch.cuda.get_device_name(index)


# ------------------------------------------------------------------ configuration


def add_options(parser) -> None:
    """``--allow-missing``: call from a plugin's ``pytest_addoption`` (options must exist
    before the command line is read, which is before this module is registered)."""
    parser.addoption(
        "--allow-missing",
        action="append",
        default=[],
        metavar="REQUIREMENT[,...]",
        help=f"under {REQUIRE_CUDA}=1, do not fail the run when a test could not be "
        f"verified for lack of these ({', '.join(REQUIREMENTS)})",
    )


def allowed_missing(config) -> set[str]:
    given = [os.environ.get(ALLOW_MISSING, "")]
    try:
        given += config.getoption("allow_missing") or []
    except ValueError:  # the option is not registered: the environment variable only
        pass
    names = {n.strip() for text in given for n in text.split(",") if n.strip()}
    unknown = names - set(REQUIREMENTS)
    if unknown:
        raise pytest.UsageError(
            f"--allow-missing / {ALLOW_MISSING}: unknown {sorted(unknown)}; "
            f"known: {', '.join(REQUIREMENTS)}"
        )
    return names


def _required() -> bool:
    return os.environ.get(REQUIRE_CUDA) == "1"


_MISSING = pytest.StashKey[list]()  # (requirement, nodeid, reason) of each NOT VERIFIED item


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"{CUDA_PATH}: takes a CUDA path where a GPU is visible, though it runs on the CPU "
        "too (set at collection; `nox -s gpu` runs these with the `gpu` ones)",
    )
    config.stash[_MISSING] = []
    allowed_missing(config)  # an unknown name is a usage error before anything runs
    _configs.append(config)


def pytest_unconfigure(config):
    if config in _configs:
        _configs.remove(config)


# The configs of the runs in progress, innermost last (pytester runs pytest inside pytest);
# pytest_runtest_logreport is given no config.
_configs: list = []


def cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


# ------------------------------------------------------------------ collection


@cache
def has_cuda_branch(module: Path) -> bool:
    """Does this snippet module choose between CUDA and the CPU while it runs?"""
    try:
        text = module.read_text("utf-8")
    except OSError:
        return False
    from .running import CUDA_MODULE_RE

    if CUDA_MODULE_RE.search(text):
        return False  # `# requires: cuda`: CUDA only, no CPU branch (its items are `gpu`)
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    return CUDA_BRANCH_RE.search(code) is not None


def takes_cuda_path(item) -> bool:
    """Whether ``item`` runs code with a CUDA branch: a test of such a snippet module, the
    run of the module itself (tests/test_snippets.py), or a block of a page including it."""
    callspec = getattr(item, "callspec", None)
    if getattr(item, "originalname", None) == "test_snippet_runs_alone" and callspec:
        return has_cuda_branch(callspec.params["module"])
    path = Path(str(item.fspath))
    if path.suffix == ".md":  # any block of the page: they share one namespace, one device
        blocks = getattr(item.parent, "blocks", [])
        return any(b.snippet and has_cuda_branch(b.snippet[0]) for b in blocks)
    from .running import topic_of

    root = item.config.rootpath
    topic = topic_of(path, root) if path.is_relative_to(root / "tests") else None
    return topic is not None and has_cuda_branch(root / "snippets" / f"{topic}.py")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if not item.get_closest_marker("gpu") and takes_cuda_path(item):
            item.add_marker(CUDA_PATH)
    gpu_items = [item for item in items if item.get_closest_marker("gpu")]
    if not gpu_items or cuda_available():
        return
    if _required():
        return  # they fail in setup, see pytest_runtest_setup
    skip = pytest.mark.skip(reason="needs a CUDA device: torch.cuda.is_available() is False")
    for item in gpu_items:
        item.add_marker(skip)


# ------------------------------------------------------------------ running


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if not _required() or cuda_available():
        return
    if item.get_closest_marker("gpu"):
        what = "this gpu test cannot run"
    elif item.get_closest_marker(CUDA_PATH):
        what = "this test would take its CPU path, leaving its CUDA branch unverified"
    else:
        return
    raise pytest.fail.Exception(
        f"{REQUIRE_CUDA}=1 but CUDA is not available: torch.cuda.is_available() is False, "
        f"so {what} (run `nox -s gpu` on a machine with a CUDA device)",
        pytrace=False,
    )


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if not (_required() and report.skipped) or hasattr(report, "wasxfail"):
        return report
    if not (item.get_closest_marker("gpu") or item.get_closest_marker(CUDA_PATH)):
        return report
    reason = _skip_reason(report)
    if _NOT_VERIFIED_RE.match(reason):
        return report  # listed at the end, see pytest_terminal_summary
    report.outcome = "failed"
    report.longrepr = (
        f"{REQUIRE_CUDA}=1: a skip of a test that takes a CUDA path is an error, so that a GPU "
        f"run cannot pass without running it.\nSkipped ({report.when}): {reason}\n"
        "If the machine lacks something the test needs, name it with "
        "fieldguide.gpu.not_verified(requirement, reason) instead "
        f"(requirements: {', '.join(REQUIREMENTS)})."
    )
    return report


def pytest_runtest_logreport(report):
    # Here, not in makereport: with pytest-xdist this runs where the results are gathered.
    if not (_required() and report.skipped) or hasattr(report, "wasxfail"):
        return
    found = _NOT_VERIFIED_RE.match(_skip_reason(report))
    if found and _configs:
        _configs[-1].stash[_MISSING].append((found[1], report.nodeid, found[2].strip()))


def _unverified(config) -> tuple[list, list]:
    missing = config.stash.get(_MISSING, [])
    allowed = allowed_missing(config)
    return (
        [m for m in missing if m[0] not in allowed],
        [m for m in missing if m[0] in allowed],
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    failing, allowed = _unverified(config)
    if not (failing or allowed):
        return
    write = terminalreporter.write_line
    terminalreporter.section(NOT_VERIFIED, sep="=", red=bool(failing), yellow=not failing)
    for requirement, nodeid, reason in failing + allowed:
        note = " (allowed missing)" if (requirement, nodeid, reason) in allowed else ""
        write(f"{NOT_VERIFIED} [{requirement}]{note} {nodeid}: {reason}")
    if failing:
        names = sorted({m[0] for m in failing})
        lacking = "; ".join(f"{n}: {REQUIREMENTS[n]}" for n in names)
        write(
            f"This machine lacks what the tests above need ({lacking}), so the run fails. "
            f"Run them where it is present, or accept the gap with --allow-missing="
            f"{','.join(names)} (or {ALLOW_MISSING}={','.join(names)})."
        )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    failing, _ = _unverified(session.config)
    if failing and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
