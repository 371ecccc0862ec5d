"""The GPU half of the pytest plugin (registered by fieldguide.plugin), and what the GPU run
selects.

- ``gpu``-marked items are skipped where CUDA is missing, or fail when
  ``FIELDGUIDE_REQUIRE_CUDA=1`` (so the GPU run cannot pass without running them).
- Items that run code using CUDA in any form without being marked ``gpu`` get the marker
  ``cuda_path`` at collection: the GPU run selects ``-m "gpu or cuda_path"``. "Using CUDA"
  is read from the code's tokens (:func:`cuda_uses`), never from comments or prose: the
  tests, snippet runs, page blocks and notebook cells of a snippet module that uses it, a
  page block whose own code uses it, and a test whose body does.
- Under ``FIELDGUIDE_REQUIRE_CUDA=1`` every skip, xfail and xpass of a gpu or cuda_path
  item is an error, wherever it is raised (a marker, a fixture, ``pytest.skip`` or
  ``pytest.xfail`` inside the test, a page's ``<!--pytest.mark.xfail-->``), and so is a
  file skipped at collection (``importorskip``): whatever it held is unverified. The one
  exception: a test that names a requirement this machine lacks (:func:`not_verified`,
  for example "needs 2 GPUs"), and the run of a module marked ``# gpus: 2`` (its CUDA
  path needs two GPUs) where fewer are visible. Those are listed at the end as NOT
  VERIFIED, and the run fails unless the requirement is allowed to be missing
  (``FIELDGUIDE_ALLOW_MISSING=multi-gpu``, or ``--allow-missing=multi-gpu``).
- ``FIELDGUIDE_GPU_RECORD=PATH`` writes each item's outcome and reason as JSON (what
  ``python -m fieldguide gpu`` turns into bench-report/gpu-run.json and .md).
- :func:`selection_files` is what the GPU run collects, and :func:`check_cuda_selected`
  the rule of ``python -m fieldguide check`` that every file using CUDA is among them: both
  live in fieldguide.gpu_selection, which imports no pytest (``check`` loads it alone).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import NoReturn

import pytest

from .gpu_selection import (  # noqa: F401 - re-exported: what the GPU run selects
    CPU_ONLY_RE,
    CPU_ONLY_TEST_RE,
    CUDA_PATH,
    MULTI_GPU_RE,
    check_cuda_selected,
    cuda_uses,
    has_cuda_branch,
    module_uses_cuda,
    modules_run_by,
    needs_two_gpus,
    notebook_module,
    page_inline_code,
    page_modules,
    page_uses_cuda,
    selection_files,
    takes_cuda_path,
)

REQUIRE_CUDA = "FIELDGUIDE_REQUIRE_CUDA"
ALLOW_MISSING = "FIELDGUIDE_ALLOW_MISSING"
RECORD = "FIELDGUIDE_GPU_RECORD"
NOT_VERIFIED = "NOT VERIFIED"
# What a test may declare missing instead of failing, and what each name means.
REQUIREMENTS = {
    "multi-gpu": "2 or more CUDA devices",
    "whole-gpu": "a whole GPU, not a MIG slice",
}
_NOT_VERIFIED_RE = re.compile(rf"{NOT_VERIFIED} \[([a-z-]+)\]: (.*)", re.S)

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
_RECORD = pytest.StashKey[dict]()  # nodeid -> {"outcome", "reason"} for FIELDGUIDE_GPU_RECORD


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"{CUDA_PATH}: runs code that uses CUDA where a GPU is visible, though it runs on the "
        "CPU too (set at collection; the GPU run runs these with the `gpu` ones)",
    )
    config.stash[_MISSING] = []
    config.stash[_RECORD] = {}
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


def _device_count() -> int:
    import torch

    return torch.cuda.device_count()


# ------------------------------------------------------------------ collection


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


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    if _required() and report.skipped and isinstance(collector, pytest.File):
        reason = _skip_reason(report)
        report.outcome = "failed"
        report.longrepr = (
            f"{REQUIRE_CUDA}=1: {collector.nodeid} was skipped while it was collected "
            f"({reason}), so none of its tests ran: a GPU run cannot pass without them. "
            "Install what it needs, or name the gap in a test with "
            "fieldguide.gpu.not_verified(requirement, reason)."
        )
    return report


# ------------------------------------------------------------------ running


def _is_gpu_item(item) -> bool:
    return bool(item.get_closest_marker("gpu") or item.get_closest_marker(CUDA_PATH))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if not _required() or cuda_available():
        return
    if item.get_closest_marker("gpu"):
        what = "this gpu test cannot run"
    elif item.get_closest_marker(CUDA_PATH):
        what = "this test would take its CPU path, leaving its CUDA path unverified"
    else:
        return
    raise pytest.fail.Exception(
        f"{REQUIRE_CUDA}=1 but CUDA is not available: torch.cuda.is_available() is False, "
        f"so {what} (run the GPU run on a machine with a CUDA device)",
        pytrace=False,
    )


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _fail(report, text: str) -> None:
    report.outcome = "failed"
    report.longrepr = text
    if hasattr(report, "wasxfail"):
        del report.wasxfail  # else the reports (terminal, JUnit) still read it as an xfail


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if not (_required() and _is_gpu_item(item)):
        return report
    if hasattr(report, "wasxfail"):  # xfailed (a skip) or xpassed (a pass), strict or not
        what = "passed unexpectedly (XPASS)" if report.passed else "was an expected failure"
        _fail(
            report,
            f"{REQUIRE_CUDA}=1: a test that takes a CUDA path {what} ({report.when}); "
            f"xfail reason: {report.wasxfail or 'none given'}. An xfail hides whether the "
            "CUDA path works, so a GPU run cannot pass with one: fix the code or the test.",
        )
        return report
    if report.skipped:
        reason = _skip_reason(report)
        if _NOT_VERIFIED_RE.match(reason):
            return report  # listed at the end, see pytest_terminal_summary
        _fail(
            report,
            f"{REQUIRE_CUDA}=1: a skip of a test that takes a CUDA path is an error, so "
            f"that a GPU run cannot pass without running it.\nSkipped ({report.when}): "
            f"{reason}\nIf the machine lacks something the test needs, name it with "
            "fieldguide.gpu.not_verified(requirement, reason) instead "
            f"(requirements: {', '.join(REQUIREMENTS)}).",
        )
        return report
    if report.when == "call" and report.passed:
        two = [m for m in modules_run_by(item) if needs_two_gpus(m)]
        found = _device_count() if two else 2
        if found < 2:
            names = ", ".join(m.relative_to(item.config.rootpath).as_posix() for m in two)
            report.user_properties.append(
                (
                    NOT_VERIFIED,
                    f"multi-gpu\n{names} needs 2 CUDA devices for its CUDA path, found "
                    f"{found}: it ran on fewer ranks or on the CPU",
                )
            )
    return report


def pytest_runtest_logreport(report):
    # Here, not in makereport: with pytest-xdist this runs where the results are gathered.
    config = _configs[-1] if _configs else None
    if config is None:
        return
    _record(config, report)
    if not _required():
        return
    found = None
    if report.skipped and not hasattr(report, "wasxfail"):
        found = _NOT_VERIFIED_RE.match(_skip_reason(report))
        found = found and (found[1], found[2].strip())
    for key, value in getattr(report, "user_properties", []):
        if key == NOT_VERIFIED:
            requirement, _, reason = str(value).partition("\n")
            found = (requirement, reason)
    if found:
        config.stash[_MISSING].append((found[0], report.nodeid, found[1]))


def pytest_collectreport(report):
    config = _configs[-1] if _configs else None
    if config is not None and not report.passed:
        _record(config, report)


def _first_line(report) -> str:
    if report.skipped:
        text = _skip_reason(report)
    else:
        text = getattr(report, "longreprtext", "") or str(report.longrepr or "")
        crash = getattr(getattr(report.longrepr, "reprcrash", None), "message", None)
        text = crash or text
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


def _record(config, report) -> None:
    if not os.environ.get(RECORD):
        return
    record = config.stash[_RECORD]
    entry = record.setdefault(report.nodeid, {"outcome": "passed", "reason": ""})
    if report.failed:
        if entry["outcome"] != "failed":
            when = getattr(report, "when", "collect")
            entry.update(outcome="failed", reason=f"{when}: {_first_line(report)}")
    elif report.skipped and entry["outcome"] == "passed":
        reason = _first_line(report)
        nv = _NOT_VERIFIED_RE.match(reason)
        outcome = "not verified" if nv and not hasattr(report, "wasxfail") else "skipped"
        entry.update(outcome=outcome, reason=reason)
    for key, value in getattr(report, "user_properties", []):
        if key == NOT_VERIFIED and entry["outcome"] == "passed":
            requirement, _, reason = str(value).partition("\n")
            entry.update(outcome="not verified", reason=f"{NOT_VERIFIED} [{requirement}]: {reason}")


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
    config = session.config
    failing, _ = _unverified(config)
    if failing and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    path = os.environ.get(RECORD)
    if path and not hasattr(config, "workerinput") and _RECORD in config.stash:
        items = [{"nodeid": k, **v} for k, v in config.stash[_RECORD].items()]
        data = {"exitstatus": int(session.exitstatus), "items": items}
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(data, indent=1) + "\n", "utf-8")
