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
  the rule of ``python -m fieldguide check`` that every file using CUDA is among them.
"""

from __future__ import annotations

import io
import json
import os
import re
import tokenize
from functools import cache
from pathlib import Path
from typing import NoReturn

import pytest

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
CUDA_PATH = "cuda_path"
# A module whose CUDA path needs two GPUs (it falls back to one rank, or to the CPU).
MULTI_GPU_RE = re.compile(r"^# gpus: 2\s*$", re.M)
# A file under tests/ that mentions CUDA for the CPU's sake (fakes, planted faults) and
# is deliberately not run by the GPU run says why on a line of its own.
CPU_ONLY_RE = re.compile(r"^# gpu run: not selected: \S.*$", re.M)
# The same line inside one test function opts out that test alone.
CPU_ONLY_TEST_RE = re.compile(r"^\s*# gpu run: not selected: \S.*$", re.M)

# ------------------------------------------------------------------ CUDA use in code

# Names that only matter where CUDA is: torch.cuda, .cuda(), torch.backends.cuda/cudnn,
# torch.accelerator.current_accelerator(), pin_memory (a DataLoader's or a tensor's).
_CUDA_NAMES = {"cuda", "cudnn", "current_accelerator", "pin_memory"}
# String constants that name a CUDA device or backend: "cuda", "cuda:1", "nccl".
_CUDA_STRING_RE = re.compile(r"(?:cuda(?::\d+)?|nccl)\Z")
# For code that does not tokenize: a plain word search, which selects more, never less.
_CUDA_WORD_RE = re.compile(
    r"\b(?:cuda|cudnn|current_accelerator|pin_memory|nccl)\b|\.accelerator\b"
)


def cuda_uses(code: str) -> list[tuple[int, str]]:
    """(line, token) of each use of CUDA in Python ``code``: the names above, the attribute
    ``torch.accelerator``, and device strings. Comments, docstrings and other prose do not
    count (a ``#`` inside a string is not a comment). A fake for the CPU's sake,
    ``monkeypatch.setattr(torch.cuda, ...)``, is not a use."""
    found: list[tuple[int, str]] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return [
            (code.count("\n", 0, m.start()) + 1, m.group().lstrip("."))
            for m in _CUDA_WORD_RE.finditer(code)
        ]
    depth_skip = None  # paren depth at which a monkeypatch.setattr(...) call ends
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
            if depth_skip is not None and depth < depth_skip:
                depth_skip = None
        if depth_skip is not None:
            continue
        previous = tokens[i - 1].string if i else ""
        if tok.type == tokenize.NAME:
            owner = tokens[i - 2].string if i >= 2 else ""
            if tok.string == "setattr" and previous == "." and owner == "monkeypatch":
                depth_skip = depth + 1
            elif tok.string in _CUDA_NAMES or (tok.string == "accelerator" and previous == "."):
                found.append((tok.start[0], tok.string))
        elif tok.type == tokenize.STRING:
            try:
                import ast

                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, str) and _CUDA_STRING_RE.match(value):
                found.append((tok.start[0], repr(value)))
    return found


@cache
def module_uses_cuda(module: Path) -> bool:
    """Does this snippet module use CUDA in any form (CUDA only, or CUDA where present)?"""
    try:
        return bool(cuda_uses(module.read_text("utf-8")))
    except OSError:
        return False


# The name the tests of tests/gpu/test_workflow.py and older callers know it by.
has_cuda_branch = module_uses_cuda


@cache
def needs_two_gpus(module: Path) -> bool:
    """A ``# gpus: 2`` module: its CUDA path needs two GPUs (with fewer it runs one rank,
    or on the CPU)."""
    try:
        return bool(MULTI_GPU_RE.search(module.read_text("utf-8")))
    except OSError:
        return False


def page_modules(page: Path, root: Path) -> list[Path]:
    """The snippet modules a page includes."""
    from .reader import includes

    found = []
    for _, target in includes(page.read_text("utf-8")):
        module = root / target.partition(":")[0]
        if module.suffix == ".py" and module not in found:
            found.append(module)
    return found


def page_inline_code(page: Path) -> str:
    """The code written in a page's Python fences that run (includes left out)."""
    from .reader import INCLUDE_RE, fences

    lines = page.read_text("utf-8").split("\n")
    code = []
    for fence in fences("\n".join(lines)):
        if fence.language != "python" or fence.norun is not None or fence.end is None:
            continue
        body = [line for line in lines[fence.line : fence.end - 1] if not INCLUDE_RE.match(line)]
        code.append("\n".join(body))
    return "\n".join(code)


def page_uses_cuda(page: Path, root: Path) -> bool:
    return any(module_uses_cuda(m) for m in page_modules(page, root)) or bool(
        cuda_uses(page_inline_code(page))
    )


def notebook_module(source: Path, root: Path) -> Path | None:
    """The snippet module a notebook is built from (its front matter's ``source``)."""
    from .reader import split_front_matter

    try:
        meta, _ = split_front_matter(Path(source).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    target = meta.get("source") if isinstance(meta, dict) else None
    return root / target if isinstance(target, str) else None


def _test_source_uses_cuda(source: str) -> bool:
    return bool(cuda_uses(source)) and not CPU_ONLY_TEST_RE.search(source)


@cache
def _function_uses_cuda(function) -> bool:
    import inspect

    try:
        return _test_source_uses_cuda(inspect.getsource(function))
    except (OSError, TypeError):
        return False


def _marks_gpu(code: str) -> bool:
    """``pytest.mark.gpu`` in the code itself (not in a string or comment)."""
    try:
        names = [t.string for t in tokenize.generate_tokens(io.StringIO(code).readline)]
    except (tokenize.TokenError, SyntaxError):
        return "pytest.mark.gpu" in code
    return any(names[i : i + 5] == ["pytest", ".", "mark", ".", "gpu"] for i in range(len(names)))


def _test_functions(code: str) -> list[str]:
    """The source of each ``test_*`` function (top level or in a class) of a test file."""
    import ast

    try:
        tree = ast.parse(code)
    except SyntaxError:
        return [code]
    return [
        ast.get_source_segment(code, node) or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    ]


def modules_run_by(item) -> list[Path]:
    """The snippet modules whose code ``item`` runs: a module run alone, a page's included
    modules, a notebook's source module."""
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec else {}
    root = item.config.rootpath
    if getattr(item, "originalname", None) == "test_snippet_runs_alone" and "module" in params:
        return [Path(params["module"])]
    if isinstance(params.get("source"), Path):
        module = notebook_module(params["source"], root)
        return [module] if module is not None else []
    if Path(str(item.fspath)).suffix == ".md":
        blocks = getattr(item.parent, "blocks", [])
        return list(dict.fromkeys(b.snippet[0] for b in blocks if b.snippet))
    return []


def _cpu_only(path: Path) -> bool:
    try:
        return bool(CPU_ONLY_RE.search(path.read_text("utf-8")))
    except OSError:
        return False


def takes_cuda_path(item) -> bool:
    """Whether ``item`` runs code that uses CUDA: a snippet module's run, a page block or
    notebook cell of a module that uses it, a page block whose own code uses it, a test of
    such a module (tests/<part>/test_<topic>.py), or a test whose body uses it."""
    if any(module_uses_cuda(m) for m in modules_run_by(item)):
        return True
    path = Path(str(item.fspath))
    if path.suffix == ".md":  # any block of the page: they share one namespace, one device
        return any(cuda_uses(b.code) for b in getattr(item.parent, "blocks", []))
    from .running import topic_of

    root = item.config.rootpath
    if not path.is_relative_to(root / "tests") or _cpu_only(path):
        return False
    topic = topic_of(path, root)
    if topic is not None and module_uses_cuda(root / "snippets" / f"{topic}.py"):
        return True
    function = getattr(item, "function", None)
    return function is not None and _function_uses_cuda(function)


# ------------------------------------------------------------------ what the run collects


def _test_file_uses_cuda(path: Path, root: Path) -> bool:
    from .running import topic_of

    text = path.read_text("utf-8")
    if CPU_ONLY_RE.search(text):
        return False
    if _marks_gpu(text) or any(_test_source_uses_cuda(f) for f in _test_functions(text)):
        return True
    topic = topic_of(path, root)
    return topic is not None and module_uses_cuda(root / "snippets" / f"{topic}.py")


def selection_files(root: Path) -> list[str]:
    """The files the GPU run collects (then ``-m "gpu or cuda_path"`` picks the items): the
    test files that are gpu-marked, test a module that uses CUDA or use it themselves; the
    snippet runs and notebook cells where any module or notebook uses it; every page whose
    code or included modules use it. Relative to ``root``, sorted."""
    root = Path(root)
    found = set()
    for path in sorted((root / "tests").rglob("test_*.py")):
        if _test_file_uses_cuda(path, root):
            found.add(path)
    modules = sorted((root / "snippets").rglob("*.py"))
    if any(module_uses_cuda(m) for m in modules):
        found.add(root / "tests" / "test_snippets.py")
    sources = sorted((root / "notebooks").rglob("*.md")) if (root / "notebooks").exists() else []
    if any((m := notebook_module(s, root)) is not None and module_uses_cuda(m) for s in sources):
        found.add(root / "tests" / "test_notebooks.py")
    for page in sorted((root / "docs").rglob("*.md")):
        if page_uses_cuda(page, root):
            found.add(page)
    return sorted(p.relative_to(root).as_posix() for p in found if p.exists())


def check_cuda_selected(root: Path) -> list[str]:
    """Rule for ``python -m fieldguide check``: every module or page that uses CUDA in any
    form is run by the GPU run. Snippet modules, pages and test files are selected by
    :func:`selection_files`; a helper module under tests/ that uses CUDA must be run by a
    selected test (named in it), or say ``# gpu run: not selected: <why>``."""
    root = Path(root)
    selected = set(selection_files(root))
    problems = []
    for module in sorted((root / "snippets").rglob("*.py")):
        uses = cuda_uses(module.read_text("utf-8"))
        if uses and "tests/test_snippets.py" not in selected:
            problems.append(_problem(root, module, uses, "tests/test_snippets.py is not collected"))
    for page in sorted((root / "docs").rglob("*.md")):
        uses = cuda_uses(page_inline_code(page))
        if uses and page.relative_to(root).as_posix() not in selected:
            problems.append(_problem(root, page, uses, "the page is not collected"))
    texts = [(root / p).read_text("utf-8") for p in selected if p.endswith(".py")]
    for helper in sorted((root / "tests").rglob("*.py")):
        name = helper.relative_to(root).as_posix()
        if helper.name.startswith("test_") or helper.name == "conftest.py" or name in selected:
            continue
        text = helper.read_text("utf-8")
        uses = cuda_uses(text)
        if not uses or CPU_ONLY_RE.search(text):
            continue
        if not any(helper.name in t for t in texts):
            problems.append(_problem(root, helper, uses, "no selected test runs it"))
    return problems


def _problem(root: Path, path: Path, uses: list[tuple[int, str]], why: str) -> str:
    line, token = uses[0]
    return (
        f"{path.relative_to(root).as_posix()}:{line}: uses CUDA ({token}) but the GPU run "
        f"does not run it: {why}"
    )


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
