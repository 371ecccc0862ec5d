"""What runs, and how often: the executions shared by a topic's pages (zh and en), its
topic test and its snippet module's own check, so that identical code runs once per suite.

- A page's blocks run in order in one ``Run`` (fieldguide.sandbox). Each block is a chunk of
  code: its source laid out at the snippet module's line numbers, and that file's name.
- The zh and en pages of a topic include the same sections, so their chunks are usually
  byte-identical: the second page reuses the first page's outcome for each chunk and checks
  its own ``#>`` lines against it (the check is pure: fieldguide.output_rule). Where a
  chunk differs, the second page runs its own code from the start.
- A snippet module run alone is the same code again when a page runs every line of it in
  order and the module has nothing of its own to show (no ``__main__`` block, no figures):
  then its check and its topic test reuse the page's run ("covered"). Otherwise the module
  runs alone, once, and its topic test reads that run's namespace.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import drift, figures, isolation, topics
from .figures import declared_figures
from .layout import ROOT, rel
from .output_rule import OutputMismatch, check_output, check_whole_output, with_outputs_command
from .sandbox import (
    Run,
    module_run,
    module_time_limit,
    open_scratch_root,
    page_time_limit,
    remove_scratch,
    run_in_subprocess,
    scratch_dir,
    settle,
)

SUBPROCESS_MODULE_RE = re.compile(r"^# run: subprocess\s*$", re.M)
CUDA_MODULE_RE = re.compile(r"^# requires: cuda\s*$", re.M)


def needs_cuda(module: Path) -> bool:
    """A module with a ``# requires: cuda`` line runs only where CUDA is available."""
    return bool(CUDA_MODULE_RE.search(module.read_text("utf-8")))


# How many chunks of code each session (by generation) executed, and how many outcomes
# it reused.
_COUNTS: dict[int, Counter] = {}


def counts(generation: int | None = None) -> Counter:
    """The counts of ``generation`` (the session in progress by default)."""
    return _COUNTS.setdefault(_SESSIONS[-1] if generation is None else generation, Counter())


@dataclass
class Outcome:
    printed: dict[int, list[str]] | None = None  # None: the chunk did not run
    error: BaseException | None = None

    @property
    def failed(self) -> bool:
        """It raised, or it did not run because an earlier chunk failed."""
        return self.error is not None or self.printed is None


@dataclass
class Execution:
    """Chunks of code run in order in one Run, with the outcome of each."""

    run: Run
    chunks: list[tuple[str, str]] = field(default_factory=list)  # (filename, source)
    outcomes: list[Outcome] = field(default_factory=list)

    def step(self, chunk: tuple[str, str], culprit: str) -> Outcome:
        if self.first_failure(len(self.outcomes)) is not None:
            outcome = Outcome()  # an earlier chunk failed: this namespace is not trustworthy
        else:
            counts()["executed"] += 1
            filename, source = chunk
            try:
                outcome = Outcome(printed=self.run.execute(source, filename, culprit))
            except Exception as exc:  # noqa: BLE001 - every failure is the chunk's outcome
                outcome = Outcome(error=exc)
        self.chunks.append(chunk)
        self.outcomes.append(outcome)
        return outcome

    def first_failure(self, before: int) -> int | None:
        """Index of the first chunk before ``before`` that raised or did not run."""
        return next((i for i, o in enumerate(self.outcomes[:before]) if o.failed), None)


_EXECUTIONS: dict[tuple[int, str], Execution] = {}
# One entry per test session in progress: a session started inside another (pytester, in
# the tests of this plugin) shares nothing with it, and ends without touching its runs.
_SESSIONS: list[int] = [0]
_GENERATIONS = itertools.count(1)


def begin_session() -> int:
    """A new generation of runs and counts for a test session; returns its number."""
    open_scratch_root()
    topics.forget()  # the tree is read again, once, for this session
    generation = next(_GENERATIONS)
    _SESSIONS.append(generation)
    return generation


def outermost() -> bool:
    """Is the session in progress the outermost one (not one a test started inside it)?"""
    return len(_SESSIONS) == 2


def end_session(generation: int) -> None:
    """Close the runs of the session that ends (their scratch directories go); the
    outermost one also removes the scratch root."""
    if generation in _SESSIONS:
        _SESSIONS.remove(generation)
    _COUNTS.pop(generation, None)
    for key in [k for k in _EXECUTIONS if k[0] == generation]:
        _EXECUTIONS.pop(key).run.close()
    for key in [k for k in _SUBPROCESS_RUNS if k[0] == generation]:
        del _SUBPROCESS_RUNS[key]
    if _SESSIONS == [0]:
        remove_scratch()


def execution(
    key: str,
    chunks: list[tuple[str, str]],
    culprits: list[str],
    new_run,
) -> Execution:
    """The execution of ``key`` that has run ``chunks`` (in order), reusing what it can:
    outcomes already there are not run again. ``new_run()`` makes a fresh Run when the
    code differs from what ran before (then everything runs from the start)."""
    key = (_SESSIONS[-1], key)
    ex = _EXECUTIONS.get(key)
    n = len(chunks)
    if ex is not None and ex.chunks[:n] == chunks:
        counts()["reused"] += 1
        return ex
    if ex is None or ex.chunks != chunks[:-1]:
        if ex is not None:
            ex.run.close()
        ex = _EXECUTIONS[key] = Execution(new_run())
        for chunk, culprit in zip(chunks[:-1], culprits[:-1], strict=True):
            ex.step(chunk, culprit)
    ex.step(chunks[-1], culprits[-1])
    return ex


def rerun_printed(chunks, culprits, new_run) -> dict | None:
    """Run ``chunks`` again from the start in a fresh run (nothing shared); what the last
    one printed, or None if something raised. Used to tell a wrong `#>` line from output
    that changes from run to run."""
    run = new_run()
    try:
        for (filename, source), culprit in zip(chunks, culprits, strict=True):
            printed = run.execute(source, filename, culprit)
    except Exception:  # noqa: BLE001 - a failing rerun proves nothing either way
        return None
    finally:
        run.close()
    return printed


def group_key(path: Path, root: Path = ROOT) -> str:
    """What a page, test or module shares its run with: its topic's key,
    ``snippets/<part>/<topic>`` (fieldguide.topics)."""
    return topics.group_key(path, root)


# ------------------------------------------------------------------ snippet modules


def module_code_lines(module: Path) -> list[int]:
    """The lines of a module that are code: not blank, not comments or section markers, not
    the docstring, not output lines."""
    source = module.read_text("utf-8")
    tree = ast.parse(source)
    doc = set()
    if (
        tree.body
        and isinstance(tree.body[0], ast.Expr)
        and isinstance(getattr(tree.body[0], "value", None), ast.Constant)
    ):
        doc = set(range(tree.body[0].lineno, tree.body[0].end_lineno + 1))
    return [
        number
        for number, line in enumerate(source.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#") and number not in doc
    ]


def covered_by(module: Path, chunks: list[tuple[str, str]], root: Path = ROOT) -> bool:
    """Does running ``chunks`` (a page's blocks, in order) run every code line of
    ``module`` in file order, with nothing else in between, and has the module nothing of
    its own to run (no ``__main__`` block)? Then running the module alone would run the
    same code again: the figures it draws are in the page's run too (its folder)."""
    text = module.read_text("utf-8")
    if SUBPROCESS_MODULE_RE.search(text) or CUDA_MODULE_RE.search(text) or "__main__" in text:
        return False
    return _runs_every_line(module, chunks, root)


def _runs_every_line(
    module: Path, chunks: list[tuple[str, str]], root: Path, ignoring: frozenset[int] = frozenset()
) -> bool:
    name = rel(module, root)
    seen: list[int] = []
    for filename, source in chunks:
        if filename != name:
            return False
        seen += [n for n, line in enumerate(source.splitlines(), start=1) if line.strip()]
    code = module_code_lines(module)
    return seen == sorted(set(seen)) and set(code) - ignoring <= set(seen)


def plain_definitions(module: Path) -> frozenset[int]:
    """The lines of ``module``'s top-level function definitions that run nothing when the
    module runs: no decorators, default values or annotations, so the ``def`` only binds a
    name (it cannot print or raise)."""
    lines: set[int] = set()
    for node in ast.parse(module.read_text("utf-8")).body:
        if not isinstance(node, ast.FunctionDef) or node.decorator_list or node.returns:
            continue
        args = node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        if args.defaults or any(args.kw_defaults) or any(a.annotation for a in every if a):
            continue
        lines.update(range(node.lineno, node.end_lineno + 1))
    return frozenset(lines)


def _topic_pages(module: Path, root: Path):
    """(page, its blocks) for the zh, then the en page of ``module``'s topic; a page that
    cannot be read is left out (it fails on its own)."""
    from .codeblocks import blocks  # the page reader: only needed for these questions
    from .expansion import IncludeError

    topic = topics.of(module, root)
    for page in topic.pages.values() if topic is not None else ():
        try:
            yield page, blocks(page, root)
        except IncludeError:
            continue


def subprocess_cover(module: Path, root: Path = ROOT):
    """For a ``# run: subprocess`` module: the page and its one block that runs all of the
    module as a script of its own (then running the module alone prints the same), if any.
    Plain function definitions the block leaves out (``plain_definitions``: a helper the
    page shows in a block of its own) change nothing the module prints."""
    text = module.read_text("utf-8")
    if declared_figures(module) or CUDA_MODULE_RE.search(text):
        return None
    defs = plain_definitions(module)
    for page, found in _topic_pages(module, root):
        for block in found:
            if block.subprocess and _runs_every_line(module, [block.located_source()], root, defs):
                return page, block
    return None


_SUBPROCESS_RUNS: dict[tuple[int, str, str], str | BaseException] = {}


def subprocess_stdout(key: str, code: str, limit, culprit: str, root: Path = ROOT, path=None):
    """Run ``code`` (or the file ``path``, which holds it) in a fresh interpreter and return
    its stdout; the same code under the same ``key`` runs once per session (the zh and en
    pages of a topic, and the module alone where a page runs all of it)."""
    k = (_SESSIONS[-1], key, code)
    if k in _SUBPROCESS_RUNS:
        counts()["reused"] += 1
    else:
        counts()["executed"] += 1
        if path is None:
            path = scratch_dir("script") / "block.py"
            path.write_text(code, "utf-8")
        try:
            _SUBPROCESS_RUNS[k] = run_in_subprocess(path, limit, culprit, root)
        except Exception as exc:  # noqa: BLE001 - every page that runs it fails the same way
            _SUBPROCESS_RUNS[k] = exc
    out = _SUBPROCESS_RUNS[k]
    if isinstance(out, BaseException):
        raise out
    return out


def covering_page(module: Path, root: Path = ROOT) -> tuple[Path, list] | None:
    """The page (zh first) whose blocks run all of ``module``, with its blocks, if any."""
    for page, found in _topic_pages(module, root):
        if found and covered_by(module, page_chunks(found)[1], root):
            return page, found
    return None


def runs_in_page_namespace(block) -> bool:
    """Does ``block`` run in its page's shared namespace here? Not a block that runs in
    its own interpreter (``<!-- run: subprocess -->``), nor a gpu-marked block where there
    is no CUDA (the later blocks run without it)."""
    if block.subprocess:
        return False
    if any("gpu" in mark for mark in block.marks):
        from .gpu import cuda_available

        return cuda_available()
    return True


def page_chunks(found: list, upto: int | None = None):
    """What a page runs, in order, up to and including block ``upto`` (all by default):
    (its blocks, their code chunks, their names). The one definition: the page's own
    tests and a module covered by the page both run exactly this."""
    last = found[upto] if upto is not None else None
    chosen = [
        b
        for b in (found[: upto + 1] if upto is not None else found)
        if b is last or runs_in_page_namespace(b)
    ]
    return chosen, [b.located_source() for b in chosen], [f"The block {b.where}" for b in chosen]


def page_run(page: Path, root: Path = ROOT) -> Run:
    """A fresh run for the blocks of ``page``: argv is the page, like `python page.py`."""
    limit = page_time_limit(page, root)
    return Run(f"The page {rel(page, root)}", [str(page)], root=root, time_limit=limit)


def page_execution(page: Path, found: list, root: Path = ROOT) -> Execution:
    """Run (or reuse) every block of ``page`` (its ``found`` blocks) in order."""
    _, chunks, culprits = page_chunks(found)
    return execution(group_key(page, root), chunks, culprits, lambda: page_run(page, root))


def notebook_key(source: Path) -> str:
    """Both languages of a notebook run the same cells: ``notebook:<part>/<topic>``."""
    topic = source.name.removesuffix(".md").rsplit(".", 1)[0]
    return f"notebook:{source.parent.name}/{topic}"


def notebook_execution(source: Path, cells: list[str], root: Path = ROOT) -> Execution:
    """Run (or reuse) a stored notebook's code cells in order, in one run."""
    key = notebook_key(source)
    chunks = [(f"{key} cell {n}", cell) for n, cell in enumerate(cells, start=1)]
    culprits = [f"The notebook {rel(source, root)} cell {n}" for n in range(1, len(cells) + 1)]
    ex = None
    for n in range(1, len(chunks) + 1):
        ex = execution(
            key,
            chunks[:n],
            culprits[:n],
            lambda: Run(f"The notebook {rel(source, root)}", [str(source)], root=root),
        )
    return ex


def check_snippet(path: Path, root: Path = ROOT) -> dict:
    """Fail unless ``path`` run alone prints exactly its ``#>`` comments, writes every
    figure it declares and leaves torch's global settings as it found them; return its
    namespace (empty for ``# run: subprocess`` modules). A module a page runs in full is
    not run again: its outcome on that page is checked against its own lines."""
    where = rel(path, root)
    source = path.read_text("utf-8")
    covering = covering_page(path, root)
    if covering is not None:
        # The page ran every code line of the module, at the module's own line numbers:
        # what its blocks printed, put together, is what the module alone prints. Checked
        # against the whole module, as a run alone is (a stray `#>` outside every section
        # fails here too).
        ex = page_execution(*covering, root)
        printed: dict[int, list[str]] = {}
        for outcome in ex.outcomes:
            if outcome.error is not None:
                raise outcome.error
            for key, lines in (outcome.printed or {}).items():
                printed.setdefault(key, []).extend(lines)
        _check(Outcome(printed=printed), source, where, where)
        _figures_written(path, ex.run.workdir, where, root)
        return ex.run.namespace
    if SUBPROCESS_MODULE_RE.search(source):
        cover = subprocess_cover(path, root)
        if cover is not None:
            page, block = cover
            limit, culprit = page_time_limit(page, root), f"The block {block.where}"
            stdout = subprocess_stdout(group_key(page, root), block.code, limit, culprit, root)
        else:
            limit, culprit = module_time_limit(path, root), f"The snippet module {where}"
            stdout = subprocess_stdout(f"module:{path}", source, limit, culprit, root, path)
        try:
            check_whole_output(source, stdout, where)
        except OutputMismatch as exc:
            if not drift.tolerate(exc):
                raise
        return {}
    key = (_SESSIONS[-1], f"module:{path.resolve()}:{hash(source)}")  # edited: run again
    ex = _EXECUTIONS.get(key)
    if ex is None:
        before = isolation.snapshot()
        run = module_run(path, root)
        ex = _EXECUTIONS[key] = Execution(run)
        try:
            ex.step((str(path), source), run.culprit)
            figures.store(path, run.workdir, root)  # the build reuses them
        finally:
            settle(before, f"The snippet module {where}")
    _check(ex.outcomes[0], source, where, where)
    _figures_written(path, None, where, root)
    return ex.run.namespace


def _figures_written(path: Path, workdir: Path | None, where: str, root: Path) -> None:
    """Keep the figures a checked run wrote in ``workdir`` (the build reuses them), and
    fail unless every figure the module declares is kept."""
    if workdir is not None:
        figures.store(path, workdir, root)
    for name in declared_figures(path):
        if not figures.cache_dir(path, root).joinpath(name).is_file():
            raise AssertionError(f"{where}:1: declares figure {name} but did not write it")


def _check(outcome: Outcome, source: str, filename: str, module: str) -> None:
    """Raise what the code raised, or a mismatch naming ``filename:line`` and the command
    that rewrites ``module``'s output lines."""
    if outcome.error is not None:
        raise outcome.error
    try:
        check_output(source, outcome.printed, filename)
    except OutputMismatch as exc:
        if not drift.tolerate(exc):  # under other versions: drift, recorded
            if exc.printed is None and str(exc).startswith("line "):  # a comment rule broken
                raise exc.reworded(f"{filename}:{str(exc).removeprefix('line ')}") from None
            raise exc.reworded(with_outputs_command(str(exc), module)) from None


def snippet_namespace(module: str) -> dict:
    """The globals of ``snippets/<module>.py`` after a checked run (tests/<part>/
    test_<topic>.py assert on them): the page's run when a page runs all of it, else the
    module's own run; either runs once per test session."""
    return check_snippet(ROOT / "snippets" / f"{module}.py")
