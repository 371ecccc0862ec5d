"""The pytest plugin (registered as ``fieldguide`` in pyproject.toml's pytest11 entry points).

- Pages are test files: ``pytest docs/zh/tensors/creation.md`` runs that page's blocks in
  order, ``pytest docs/`` every page, and plain ``pytest`` (testpaths) everything. Each
  block that runs is an item named ``<page>.md:<fence line>``; a failure names the page's
  ``file:line`` and, for included code, the snippet's ``file:line``.
- Blocks of a page share one namespace, like notebook cells. Selecting one block (``-k``)
  replays the blocks before it first. After a failing block, the later blocks of that page
  are skipped ("not run: an earlier block failed") instead of failing again.
- Isolation: torch's global settings are checked after each page (and each other test);
  a change is undone and reported against the page (or test) that made it.
- No network: only loopback connections are allowed for the whole run.
- GPU: ``gpu``-marked items are skipped without CUDA, or fail when
  ``FIELDGUIDE_REQUIRE_CUDA=1`` (so ``nox -s gpu`` cannot pass without running them).
- pytest-xdist ``--dist loadgroup``: what shares state stays on one worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import gpu, isolation, network, running
from .codeblocks import Block, blocks
from .expansion import IncludeError, marker_problems
from .expansion import includes as page_includes
from .layout import ROOT, rel, site_root

def pytest_configure(config):
    config.pluginmanager.register(gpu, "fieldguide.gpu")
    os.environ.setdefault("MPLBACKEND", "Agg")  # figures render to files, never to a window
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    network.install()


def pytest_unconfigure(config):
    network.uninstall()


# ------------------------------------------------------------------- collection


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".md" and (root := site_root(file_path)) is not None:
        return PageFile.from_parent(parent, path=file_path, root=root)
    return None


@dataclass
class PageRun:
    """One run of a page: its namespace, scratch directory and how far it got."""

    workdir: Path
    namespace: dict = field(default_factory=lambda: {"__name__": "__main__"})
    next_index: int = 0
    failed: str | None = None  # the block that failed, e.g. docs/zh/x.md:12


class PageFile(pytest.File):
    def __init__(self, *, root: Path = ROOT, **kwargs):
        super().__init__(**kwargs)
        self.root = root
        self.run: PageRun | None = None
        self.state: dict = {}

    def collect(self):
        where = rel(self.path, self.root)
        try:
            found = blocks(self.path, self.root)
            problems = []
            for _line, target in page_includes(self.path):
                module = self.root / target.partition(":")[0]
                if module.suffix == ".py" and module.exists():
                    problems += marker_problems(module, self.root)
        except IncludeError as exc:  # a bad include fails this page only
            yield PageProblem.from_parent(self, name=f"{self.path.name}:includes", text=str(exc))
            return
        if problems:
            text = f"{where}: an included module has bad section markers\n" + "\n".join(
                dict.fromkeys(problems)
            )
            yield PageProblem.from_parent(self, name=f"{self.path.name}:markers", text=text)
            return
        for block in found:
            item = BlockItem.from_parent(self, name=f"{self.path.name}:{block.line}", block=block)
            for mark in block.marks:
                item.add_marker(eval(mark, {"pytest": pytest, "sys": sys}))
            yield item

    def setup(self):
        self.state = isolation.snapshot()

    def teardown(self):
        self.run = None
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        isolation.restore(self.state, f"The page {rel(self.path, self.root)}")


class PageProblem(pytest.Item):
    """A page that cannot be run (bad include, bad markers): one failing item."""

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


class BlockItem(pytest.Item):
    def __init__(self, *, block: Block, **kwargs):
        super().__init__(**kwargs)
        self.block = block

    @property
    def page(self) -> PageFile:
        return self.parent

    def reportinfo(self):
        return self.path, self.block.line - 1, self.block.where

    def runtest(self):
        page, block = self.page, self.block
        run = page.run
        if run is None or run.next_index != block.index:
            # First block of the page, or selected on its own: replay what comes before it.
            tmp = self.config._tmp_path_factory.mktemp("page")
            run = page.run = PageRun(tmp)
            for earlier in blocks(block.page, block.root)[: block.index]:
                if any("gpu" in mark for mark in earlier.marks):
                    continue
                try:
                    self._run(earlier, run)
                except running.OutputMismatch:
                    pass  # reported by its own item; the code ran
                except Exception:
                    run.failed = earlier.where
                    break
        if run.failed:
            run.next_index = block.index + 1
            raise pytest.skip.Exception(
                f"not run: an earlier block failed ({run.failed})", _use_item_location=True
            )
        try:
            self._run(block, run)
        except running.OutputMismatch:
            raise  # the code ran: later blocks can still run on its namespace
        except Exception:
            run.failed = block.where
            raise
        finally:
            run.next_index = block.index + 1

    def _run(self, block: Block, run: PageRun) -> None:
        network.blame(f"The block {block.where}")
        # Like `python page.py`: the code sees its own file name in sys.argv, not pytest's.
        with running.working_directory(run.workdir), running.argv(str(block.page)):
            if block.subprocess:
                script = run.workdir / f"block_{block.index}.py"
                script.write_text(block.code, "utf-8")
                running.run_in_subprocess(script, run.workdir)
            elif block.syntax == "python":
                filename, source = block.located_source()
                path = block.root / filename
                printed = running.run_code(
                    source, str(path) if path.exists() else filename, run.namespace
                )
                running.check_output(source, printed, filename)
            else:
                result = subprocess.run(
                    ["bash", "-c", block.code], capture_output=True, text=True, cwd=block.root
                )
                assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr}"
        if hosts := network.refused():
            raise network.NetworkBlocked(network.message(hosts))

    def repr_failure(self, excinfo):
        block = self.block
        exc = excinfo.value
        head = f"{block.where}: "
        if isinstance(exc, network.NetworkBlocked):
            return head + str(exc)
        if isinstance(exc, running.OutputMismatch):
            snippet = block.snippet
            if snippet is not None:
                text = running.with_outputs_command(str(exc), rel(snippet[0], block.root))
            else:
                text = f"{exc}\nThe code is written in the page: correct its `#>` lines there."
            return head + "printed output differs\n" + text
        if isinstance(exc, SyntaxError):
            return (
                f"{exc.filename and rel(Path(exc.filename), block.root)}:{exc.lineno}: "
                f"SyntaxError: {exc.msg}\n    {(exc.text or '').strip()}\n"
                f"(in the block at {block})"
            )
        if isinstance(exc, AssertionError) and block.syntax != "python":
            return head + str(exc)
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
    """Keep together what shares state when the suite runs on several workers (-n 2):
    the blocks of one page (one namespace), the runs of one snippet module (cached
    namespace), and everything that uses the built site (one build)."""
    if "site" in getattr(item, "fixturenames", ()):
        return "site"
    if isinstance(item, BlockItem | PageProblem):
        return rel(item.path, item.parent.root)
    callspec = getattr(item, "callspec", None)
    if callspec is not None and isinstance(callspec.params.get("module"), Path):
        return callspec.params["module"].relative_to(ROOT).with_suffix("").as_posix()
    path = Path(str(item.fspath))
    tests = ROOT / "tests"
    if path.is_relative_to(tests) and path.parent != tests and path.name.startswith("test_"):
        return f"snippets/{path.parent.name}/{path.stem.removeprefix('test_')}"
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (pytest < 9, see pyproject)
def pytest_collection_modifyitems(config, items):
    for item in items:
        group = xdist_group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    network.blame(f"The test {item.nodeid}")
    if not isinstance(item, BlockItem | PageProblem):
        item.stash[_STATE] = isolation.snapshot()


_STATE = pytest.StashKey[dict]()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    before = item.stash.get(_STATE, None)
    if before is not None:
        isolation.restore(before, f"The test {item.nodeid}")
