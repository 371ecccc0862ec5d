"""The pytest plugin (registered as ``fieldguide`` in pyproject.toml's pytest11 entry points).

- Pages are test files: ``pytest docs/zh/tensors/creation.md`` runs that page's blocks in
  order, ``pytest docs/`` every page, and plain ``pytest`` (testpaths) everything. Each
  block that runs is an item named ``<page>.md:<fence line>``; a failure names the page's
  ``file:line`` and, for included code, the snippet's ``file:line``.
- Blocks of a page share one namespace, like notebook cells. Selecting one block (``-k``)
  replays the blocks before it first; if one of those (not selected) raises, the selected
  block fails naming it. After a block raises, the later blocks of that page are skipped
  ("not run: an earlier block failed") instead of failing again; after a block whose output
  differs from its ``#>`` lines, they still run (the code itself ran).
- Code runs once: the zh and en pages of a topic run the same code, so the second reuses
  the first's outcome and checks its own lines against it (fieldguide.executions).
- Every block runs under fieldguide.sandbox: a time limit, a scratch directory, no writes
  into the repository, all of stdout checked.
- Isolation: torch's global settings are checked after each page (and each other test);
  a change is undone and reported against the page (or test) that made it.
- No network: only loopback connections are allowed for the whole run.
- GPU: ``gpu``-marked items are skipped without CUDA, or fail when
  ``FIELDGUIDE_REQUIRE_CUDA=1`` (so ``nox -s gpu`` cannot pass without running them).
- pytest-xdist ``--dist loadgroup``: what shares state stays on one worker.
- CI: ``--shard K/N`` runs whole topics (and the site's tests) per machine (fieldguide.shards).
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from pathlib import Path

import pytest

from . import drift, environments, executions, gpu, isolation, network, sandbox, shards, topics
from .codeblocks import Block, blocks
from .expansion import IncludeError, marker_problems
from .expansion import includes as page_includes
from .layout import ROOT, rel, site_root
from .output_rule import (
    NOT_REPRODUCIBLE,
    REWRITE_ADVICE,
    OutputMismatch,
    check_output,
    check_whole_output,
    with_outputs_command,
)


def pytest_addoption(parser):
    gpu.add_options(parser)
    shards.add_options(parser)  # --shard K/N: whole topics per CI machine
    parser.addoption(
        "--changed",
        nargs="?",
        const="main",
        default=None,
        metavar="REF",
        help="run only what the changes against REF (default: main) can affect: the pages, "
        "snippets, notebooks and tests they touch; everything when the machinery changed",
    )
    parser.addoption(
        "--drift-report",
        default=None,
        metavar="PATH",
        help="write each block's outcome (same, changed, fails, warnings) as JSON to PATH "
        "(nox -s drift)",
    )


def pytest_load_initial_conftests(early_config, parser, args):
    """``--changed``: put the affected tests in place of the paths given (or testpaths)."""
    known, _ = parser.parse_known_and_unknown_args(list(args))
    base = getattr(known, "changed", None)
    if base is None:
        return
    from . import changes

    files = changes.changed_files(base)
    targets = changes.tests_for(files, base=base)
    if targets is None:
        forced = changes.forcing_file(files, base=base)
        print(
            f"--changed: {forced} changed against {base}, and it can affect any result: "
            "running everything"
        )
        return
    if not targets:
        print(f"--changed: nothing to check against {base} ({len(files)} changed file(s))")
        args.append("--co")  # collect nothing, run nothing, say so
        args.append("tests/test_readme.py")
        return
    print(f"--changed against {base}: {len(files)} file(s) -> " + " ".join(targets))
    args.extend(targets)


_GENERATION = pytest.StashKey[int]()


def pytest_configure(config):
    config.pluginmanager.register(gpu, "fieldguide.gpu")
    config.pluginmanager.register(shards, "fieldguide.shards")
    os.environ.setdefault("MPLBACKEND", "Agg")  # figures render to files, never to a window
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    network.install()
    config.stash[_GENERATION] = executions.begin_session()
    if executions.outermost():
        # Collecting imports torch and every test module and makes thousands of items, all
        # kept for the session: the garbage collector's full passes over them, again and
        # again while they grow, cost each process ~1.3 s of CPU. Off until collected.
        gc.disable()
    path = config.getoption("drift_report", None)
    if path and not hasattr(config, "workerinput"):  # the controller writes the report
        config.pluginmanager.register(drift.ReportWriter(path), "fieldguide.drift-report")


def pytest_report_header(config):
    """The versions found beside the pins: under others, a mismatch is version drift."""
    return environments.header_lines()


def pytest_unconfigure(config):
    gc.enable()  # where collection stopped early
    network.uninstall()
    if _GENERATION in config.stash:  # not when configuring stopped early (a usage error)
        executions.end_session(config.stash[_GENERATION])


# ------------------------------------------------------------------- collection


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".md" and (root := site_root(file_path)) is not None:
        return PageFile.from_parent(parent, path=file_path, root=root)
    return None


class PageFile(pytest.File):
    def __init__(self, *, root: Path = ROOT, **kwargs):
        super().__init__(**kwargs)
        self.root = root
        self.blocks: list[Block] = []
        self.time_limit = sandbox.TimeLimit()
        self.state: dict = {}

    def collect(self):
        where = rel(self.path, self.root)
        try:
            self.blocks = blocks(self.path, self.root)
            self.time_limit = sandbox.page_time_limit(self.path, self.root)
            problems = []
            for _line, target in page_includes(self.path):
                module = self.root / target.partition(":")[0]
                if module.suffix == ".py" and module.exists():
                    problems += marker_problems(module, self.root)
        except (IncludeError, ValueError) as exc:  # a bad include fails this page only
            yield PageProblem.from_parent(self, name=f"{self.path.name}:includes", text=str(exc))
            return
        if problems:
            text = f"{where}: an included module has bad section markers\n" + "\n".join(
                dict.fromkeys(problems)
            )
            yield PageProblem.from_parent(self, name=f"{self.path.name}:markers", text=text)
            return
        for block in self.blocks:
            item = BlockItem.from_parent(self, name=f"{self.path.name}:{block.line}", block=block)
            for mark in block.marks:
                item.add_marker(eval(mark, {"pytest": pytest, "sys": sys}))
            yield item

    def new_run(self) -> sandbox.Run:
        return executions.page_run(self.path, self.root)

    def setup(self):
        self.state = isolation.snapshot()

    def teardown(self):
        try:
            sandbox.settle(self.state, f"The page {rel(self.path, self.root)}")
            return
        except isolation.Leak as leak:
            message = str(leak)
        pytest.fail(message, pytrace=False)  # its own words, not pytest's machinery around them


class PageProblem(pytest.Item):
    """A page that cannot be run (bad include, bad markers, bad time limit): one failing
    item."""

    def __init__(self, *, text: str, **kwargs):
        super().__init__(**kwargs)
        self.text = text

    def runtest(self):
        raise IncludeError(self.text)

    def repr_failure(self, excinfo):
        return self.text

    def reportinfo(self):
        return self.path, 0, self.name


class EarlierBlockFailed(Exception):
    pass


_SELECTED = pytest.StashKey[set]()


class BlockItem(pytest.Item):
    def __init__(self, *, block: Block, **kwargs):
        super().__init__(**kwargs)
        self.block = block

    @property
    def page(self) -> PageFile:
        return self.parent

    def reportinfo(self):
        return self.path, self.block.line - 1, self.block.where

    def _chunks(self) -> tuple[list[Block], list[tuple[str, str]], list[str]]:
        """The blocks that run up to and including this one, their code and their names
        (blocks that run in their own interpreter share nothing with the others)."""
        return executions.page_chunks(self.page.blocks, self.block.index)

    def runtest(self):
        page, block = self.page, self.block
        if block.subprocess:  # its own interpreter: no namespace shared with the page
            self._run_subprocess()
            return
        upto, chunks, culprits = self._chunks()
        key = executions.group_key(page.path, page.root)
        ex = executions.execution(key, chunks, culprits, page.new_run)
        failed = ex.first_failure(len(chunks) - 1)
        if failed is not None:
            earlier = upto[failed]
            error = ex.outcomes[failed].error
            if self._was_selected(earlier) or error is None:
                raise pytest.skip.Exception(
                    f"not run: an earlier block failed ({earlier.where})", _use_item_location=True
                )
            raise EarlierBlockFailed(
                f"{block.where}: the earlier block {earlier.where}, run first because this "
                f"block needs its namespace (it was not selected itself), raised "
                f"{type(error).__name__}: {error}"
            ) from error
        outcome = ex.outcomes[len(chunks) - 1]
        if outcome.error is not None:
            raise outcome.error
        filename, source = chunks[-1]
        try:
            check_output(source, outcome.printed, filename)
        except OutputMismatch as exc:
            again = executions.rerun_printed(chunks, culprits, page.new_run)
            if again is not None and again != outcome.printed:
                raise OutputMismatch(
                    f"{exc}\n{NOT_REPRODUCIBLE} (a second run printed something else again)"
                ) from None
            if not drift.tolerate(exc):
                raise

    def _was_selected(self, block: Block) -> bool:
        selected = self.config.stash.get(_SELECTED, set())
        return (str(block.page), block.index) in selected

    def _run_subprocess(self) -> None:
        block, page = self.block, self.page
        stdout = executions.subprocess_stdout(
            executions.group_key(page.path, page.root),
            block.code,
            page.time_limit,
            f"The block {block.where}",
            block.root,
        )
        try:
            check_whole_output(block.code, stdout, str(block))
        except OutputMismatch as exc:
            if not drift.tolerate(exc):
                raise

    def repr_failure(self, excinfo):
        block = self.block
        exc = excinfo.value
        head = f"{block.where}: "
        if isinstance(
            exc,
            network.NetworkBlocked
            | sandbox.TimeLimitExceeded
            | sandbox.RepositoryWrite
            | sandbox.LeftRunning
            | sandbox.DeprecatedCall
            | EarlierBlockFailed,
        ):
            return str(exc) if str(block) in str(exc) else head + str(exc)
        if isinstance(exc, OutputMismatch):
            snippet = block.snippet
            if snippet is not None:
                text = with_outputs_command(str(exc), rel(snippet[0], block.root))
            else:
                text = str(exc).replace(
                    REWRITE_ADVICE,
                    "(numbers with decimals may differ by one unit of their last digit; the "
                    "code is written in the page: if the new output is right, correct its `#>` "
                    "lines there)",
                )
            return head + "printed output differs\n" + text
        if isinstance(exc, SyntaxError):
            return (
                f"{exc.filename and rel(Path(exc.filename), block.root)}:{exc.lineno}: "
                f"SyntaxError: {exc.msg}\n    {(exc.text or '').strip()}\n"
                f"(in the block at {block})"
            )
        filename, _ = block.located_source()
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if Path(f.filename).name == Path(filename).name or f.filename == filename
        ]
        if not frames:
            return super().repr_failure(excinfo)
        lines = [f"{block.where}: {type(exc).__name__}: {exc}", "Traceback (the page's code):"]
        for f in frames:
            lines.append(f"  {rel(Path(f.filename), block.root)}:{f.lineno}, in {f.name}")
            if f.line:
                lines.append(f"    {f.line}")
        lines.append(f"{type(exc).__name__}: {exc}")
        return "\n".join(lines)


# ------------------------------------------------------------ items of all kinds


def xdist_group(item) -> str | None:
    """Keep together what shares state when the suite runs on several workers (-n 2): a
    topic's pages (zh and en), its test, its module's run and its notebook (one topic,
    fieldguide.topics), and everything that uses the built site (one build)."""
    if "site" in getattr(item, "fixturenames", ()):
        return "site"
    if isinstance(item, BlockItem | PageProblem):
        return topics.group_key(item.path, item.parent.root)
    callspec = getattr(item, "callspec", None)
    for name in ("module", "source"):  # a snippet module's run, a notebook's cells
        if callspec is not None and isinstance(callspec.params.get(name), Path):
            return topics.group_key(callspec.params[name])
    topic = topics.of(Path(str(item.fspath)))
    return topic.key if topic is not None else None  # tests/<part>/test_<topic>.py


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (pytest < 9, see pyproject)
def pytest_collection_modifyitems(config, items):
    for item in items:
        group = xdist_group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


def pytest_collection_finish(session):
    session.config.stash[_SELECTED] = {
        (str(item.block.page), item.block.index)
        for item in session.items
        if isinstance(item, BlockItem)
    }
    # What is alive now (torch, every imported module, thousands of collected items) lives
    # as long as the session: the garbage collector need not walk it again on every full
    # collection of the run (what the tests create is collected as before). This took 27 s
    # of CPU off the suite. Not in a session inside a test (pytester): that would keep the
    # test's own objects from ever being collected.
    if executions.outermost():
        gc.freeze()
        gc.enable()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    network.blame(f"The test {item.nodeid}")
    if item.config.getoption("drift_report", None) and (ident := _identity(item)) is not None:
        item.user_properties.append(("fieldguide_id", ident))  # on each of its reports
    if not isinstance(item, BlockItem | PageProblem):
        item.stash[_STATE] = isolation.snapshot()


_STATE = pytest.StashKey[dict]()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    before = item.stash.get(_STATE, None)
    if before is not None:
        sandbox.settle(before, f"The test {item.nodeid}")
    elif "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


# ------------------------------------------------------------------ version drift


def _identity(item) -> dict | None:
    """The block an item runs, with the hash of its code (the drift report's key)."""
    if isinstance(item, BlockItem):
        return drift.block_identity(item.block)
    params = getattr(getattr(item, "callspec", None), "params", {})
    name = getattr(item, "originalname", "")
    if name == "test_snippet_runs_alone" and isinstance(params.get("module"), Path):
        return drift.module_identity(params["module"])
    if name == "test_notebook_cells_run_and_match_stored_outputs" and "source" in params:
        return drift.notebook_identity(params["source"])
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A test's drift records go on its report (the controller counts and lists them)."""
    outcome = yield
    report = outcome.get_result()
    if call.when == "call" and (records := drift.take()):
        report.user_properties = [*report.user_properties, ("fieldguide_drift", records)]


def pytest_report_teststatus(report, config):
    if (
        report.when == "call"
        and report.passed
        and dict(report.user_properties).get("fieldguide_drift")
    ):
        return "drift", "D", "DRIFT"
    return None


def _drift_summary(terminalreporter) -> None:
    reports = terminalreporter.stats.get("drift", [])
    if not reports:
        return
    terminalreporter.section("version drift (expected -> got)", sep="=")
    for report in reports:
        for record in dict(report.user_properties)["fieldguide_drift"]:
            terminalreporter.write_line(drift.show(record))
    terminalreporter.write_line(
        f"{len(reports)} test(s) print something else under these versions: that is drift, "
        "not a failure (under the pinned versions it fails)"
    )


# ----------------------------------------------------------- how much code ran


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: report to the controller
        workeroutput["fieldguide_counts"] = dict(
            executions.counts(session.config.stash[_GENERATION])
        )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    counts = executions.counts(node.config.stash[_GENERATION])
    counts.update(getattr(node, "workeroutput", {}).get("fieldguide_counts", {}))


def pytest_terminal_summary(terminalreporter):
    _drift_summary(terminalreporter)
    if _GENERATION not in terminalreporter.config.stash:
        return
    counts = executions.counts(terminalreporter.config.stash[_GENERATION])
    if counts:
        terminalreporter.write_line(
            f"fieldguide: {counts['executed']} pieces of code executed, "
            f"{counts['reused']} outcomes reused (pages, snippet modules, notebooks)"
        )
