"""The one way code runs in this project: page blocks, snippet modules run alone, figures,
`python -m fieldguide outputs` and notebook cells all go through ``Run``.

A ``Run`` is one namespace with its scratch working directory and ``sys.argv``. Each piece
of code it executes is guarded the same way:

- output: everything written to ``sys.stdout`` (``print``, ``sys.stdout.write``, ``pprint``,
  prints inside functions) is kept under the top-level statement that was running, so the
  output rule (fieldguide.output_rule) can check it against the ``#>`` lines;
- time: a limit (``TimeLimit``) stops ``sleep`` and busy loops alike, naming the line;
- files: the code works in a scratch directory, removed when the run is closed, and any
  write into the repository tree fails, naming the file;
- network: connections go to loopback only (fieldguide.network), blamed on the code;
- global state: ``settle`` closes matplotlib's figures and puts torch's settings back after
  a page, a module or a test, reporting a change against the code that made it
  (fieldguide.isolation); ``close`` removes the scratch directory.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import isolation, network
from .layout import LANGS, ROOT, front_matter, pages, rel
from .output_rule import UNATTRIBUTED

# The default limit for one block or one snippet module: well above the slowest honest
# one (the digits CNN trains for about 17 s on 2 busy cores, longer under the slowest CPU
# kernels of `nox -s portability`), far below "the run hangs". A page that needs longer
# says so, with its reason (see ``TimeLimit.parse``).
DEFAULT_TIME_LIMIT = 120.0
SCRATCH_PREFIX = "fieldguide-run-"

# ------------------------------------------------------------------ scratch folders

_scratch: dict[str, Path] = {}


def scratch_dir(label: str = "run") -> Path:
    """A fresh directory for one run. In a test session it lies inside the session's
    scratch root, which the session removes at its end whatever happened; elsewhere (a
    build, `outputs`) it stands alone and the run removes it when it closes."""
    root = _scratch.get("root")
    if root is None:
        return Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{label}-"))
    root.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{label}-", dir=root))


def open_scratch_root() -> None:
    if "root" not in _scratch:
        _scratch["root"] = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))


def remove_scratch() -> None:
    root = _scratch.pop("root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------- time limits


@dataclass(frozen=True)
class TimeLimit:
    seconds: float = DEFAULT_TIME_LIMIT
    reason: str = ""

    @staticmethod
    def parse(text: str) -> TimeLimit:
        """``"120 s: trains three epochs"``: a number of seconds, then the reason."""
        number, sep, reason = str(text).partition(":")
        number = number.strip().removesuffix("s").strip()
        try:
            seconds = float(number)
        except ValueError:
            raise ValueError(
                f"time limit {text!r}: write it as '<seconds> s: <why this code needs longer>'"
            ) from None
        if not sep or not reason.strip():
            raise ValueError(
                f"time limit {text!r} needs its reason: '{number} s: <why this code needs "
                "longer than the default>'"
            )
        if seconds <= 0:
            raise ValueError(f"time limit {text!r}: seconds must be positive")
        return TimeLimit(seconds, reason.strip())

    def __str__(self) -> str:
        return f"{self.seconds:g} s" + (f" ({self.reason})" if self.reason else " (the default)")


class TimeLimitExceeded(Exception):
    pass


def page_time_limit(page: Path, root: Path = ROOT) -> TimeLimit:
    """The page's ``time_limit: "<seconds> s: <reason>"`` from its front matter, or the
    default. A limit without its reason is an error (ValueError naming the page)."""
    value = front_matter(page).get("time_limit")
    if value is None:
        return TimeLimit()
    try:
        return TimeLimit.parse(value)
    except ValueError as exc:
        raise ValueError(f"{rel(page, root)}: front matter: {exc}") from None


def module_time_limit(module: Path, root: Path = ROOT) -> TimeLimit:
    """A module run alone gets the longest limit of the pages that include it."""
    name = rel(module, root)
    limits = [
        page_time_limit(page, root)
        for lang in LANGS
        for page in pages(root, lang, suffixes=(".md",))
        if name in page.read_text("utf-8")
    ]
    return max(limits, key=lambda t: t.seconds, default=TimeLimit())


@contextlib.contextmanager
def _alarm(limit: TimeLimit, code, culprit: str):
    """Raise TimeLimitExceeded in this thread after ``limit.seconds``. SIGALRM interrupts
    ``time.sleep`` and pure-Python loops alike; a long torch kernel is stopped when it
    returns. Only the main thread can take signals: elsewhere there is no limit."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        line = _line_in(code, frame)
        raise TimeLimitExceeded(
            f"{culprit} ran past its time limit of {limit}"
            + (f", stopped at {line}" if line else "")
            + ". Make it faster (fewer steps, smaller data), or give the page a longer limit "
            'with its reason in the front matter: `time_limit: "120 s: <why>"`'
        )

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit.seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _line_in(code, frame) -> str | None:
    """``file:line`` where ``code`` was when it was interrupted (its own frame, not torch's)."""
    while frame is not None and frame.f_code is not code:
        frame = frame.f_back
    if frame is None:
        return None
    return f"{_shown_path(frame.f_code.co_filename)}:{frame.f_lineno}"


def _shown_path(filename: str) -> str:
    path = Path(filename)
    return rel(path) if path.is_absolute() and path.is_relative_to(ROOT) else filename


# ------------------------------------------------------------- writes into the tree


class RepositoryWrite(PermissionError):
    pass


# Inside the tree, only these may be written while code runs: the environment (bytecode
# caches of packages) and caches that are ours by design.
_WRITABLE = (".venv", ".cache", ".nox")
_guard: dict = {"root": None, "culprit": None}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def _audit(event: str, args: tuple) -> None:
    root = _guard["root"]
    if root is None:
        return
    if event == "open":
        path, mode, flags = args
        if mode is not None:
            writing = any(c in str(mode) for c in "wax+")
        else:
            writing = isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
    elif event in ("os.mkdir", "os.remove", "os.rmdir", "os.truncate"):
        path, writing = args[0], True
    elif event in ("os.rename", "shutil.move", "shutil.copyfile"):
        path, writing = args[1], True
    else:
        return
    if not writing or not isinstance(path, str | bytes | os.PathLike):
        return
    target = Path(os.path.abspath(os.fsdecode(path)))
    if not target.is_relative_to(root):
        return
    inside = target.relative_to(root).parts
    if inside and (inside[0] in _WRITABLE or "__pycache__" in inside):
        return
    raise RepositoryWrite(
        f"{_guard['culprit']} writes into the repository: {rel(target, root)}. Code on a page "
        "works in its own scratch directory: use a relative path (or tempfile), never a "
        "path into the project."
    )


_installed: list[bool] = []


def _install_guard() -> None:
    if not _installed:
        sys.addaudithook(_audit)  # hooks cannot be removed; _guard["root"] switches it
        _installed.append(True)


@contextlib.contextmanager
def _repository_guard(root: Path, culprit: str):
    _install_guard()
    saved = dict(_guard)
    _guard.update(root=Path(os.path.abspath(root)), culprit=culprit)
    try:
        yield
    finally:
        _guard.update(saved)


# ---------------------------------------------------------------------- output


class StatementOutput(io.TextIOBase):
    """``sys.stdout`` while code runs: each write is kept under the top-level statement of
    ``code`` that was running, found by walking the call stack (so prints inside functions
    count for the statement that called them)."""

    def __init__(self, code, spans: list[tuple[int, int]]):
        super().__init__()
        self.code, self.spans = code, spans
        self.parts: dict[int, list[str]] = {}

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.parts.setdefault(self._statement(), []).append(text)
        return len(text)

    def _statement(self) -> int:
        frame = sys._getframe(1)
        while frame is not None and frame.f_code is not self.code:
            frame = frame.f_back
        if frame is None:
            return UNATTRIBUTED
        line = frame.f_lineno
        for start, end in self.spans:
            if start <= line <= end:
                return end
        return line

    def printed(self) -> dict[int, list[str]]:
        return {key: "".join(parts).splitlines() for key, parts in self.parts.items()}


# ------------------------------------------------------------------------ the run


@dataclass
class Run:
    """One namespace, its scratch directory and argv; code executes in it in order."""

    culprit: str  # how failures name this run: "The block docs/zh/x.md:12", ...
    argv: list[str] = field(default_factory=list)
    namespace: dict = field(default_factory=lambda: {"__name__": "__main__"})
    root: Path = ROOT
    time_limit: TimeLimit = field(default_factory=TimeLimit)
    workdir: Path | None = None

    def __post_init__(self):
        if self.workdir is None:
            self.workdir = scratch_dir()
        self.namespace.setdefault("__builtins__", builtins)
        self.namespace.pop("print", None)  # the real print writes to the captured stdout

    def execute(self, source: str, filename: str, culprit: str | None = None):
        """exec ``source`` (compiled as ``filename``) in this run's namespace; return what
        each top-level statement printed, keyed by the statement's last line."""
        culprit = culprit or self.culprit
        tree = ast.parse(source, filename)  # parsed once: compiled, and its statements' spans
        code = compile(tree, filename, "exec", dont_inherit=True)
        spans = [(stmt.lineno, stmt.end_lineno) for stmt in tree.body]
        out = StatementOutput(code, spans)
        network.blame(culprit)
        old_cwd, old_argv, old_stdout = os.getcwd(), sys.argv, sys.stdout
        os.chdir(self.workdir)
        sys.argv = list(self.argv)
        sys.stdout = out
        try:
            with _repository_guard(self.root, culprit), _alarm(self.time_limit, code, culprit):
                exec(code, self.namespace)
        finally:
            sys.stdout = old_stdout
            sys.argv = old_argv
            os.chdir(old_cwd)
        if hosts := network.refused():
            raise network.NetworkBlocked(f"{culprit}: " + network.message(hosts))
        return out.printed()

    def close(self) -> None:
        """Remove the scratch directory (figures the run drew are stored before this)."""
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def settle(before: dict, culprit: str) -> None:
    """After a page, a module or a test: close matplotlib's figures (the next one starts
    with none) and put torch's global settings back, raising isolation.Leak naming
    ``culprit`` if it changed any."""
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    isolation.restore(before, culprit)


def run_in_subprocess(path: Path, limit: TimeLimit, culprit: str, root: Path = ROOT) -> str:
    """Run a file with a fresh interpreter (for code that starts processes, e.g. DDP) in a
    scratch directory; return its stdout."""
    workdir = scratch_dir("subprocess")
    try:
        result = subprocess.run(
            [sys.executable, str(path)],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=limit.seconds,
        )
    except subprocess.TimeoutExpired:
        raise TimeLimitExceeded(
            f"{culprit} ran past its time limit of {limit} in its own interpreter. Make it "
            'faster, or give it a longer limit with its reason: `time_limit: "120 s: <why>"`'
        ) from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if result.returncode != 0:
        raise AssertionError(f"{culprit}: exit {result.returncode}\n{result.stderr[-3000:]}")
    return result.stdout


def run_code(source: str, filename: str, namespace: dict) -> dict[int, list[str]]:
    """Run ``source`` once in ``namespace`` (in a scratch directory, guarded like any run);
    what each top-level statement printed, keyed by its last line."""
    run = Run(f"The code {filename}", namespace=namespace)
    try:
        return run.execute(source, filename)
    finally:
        run.close()
