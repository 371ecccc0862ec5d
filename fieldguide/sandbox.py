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
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from . import isolation, network
from .layout import ROOT, front_matter, rel
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
    from .topics import catalog

    limits = [page_time_limit(root / page, root) for page in catalog(root).pages_using(module)]
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


# ------------------------------------------------- warnings, files, threads, processes

# A warning that says the API is deprecated fails the code, whatever its class: torch
# warns with a plain UserWarning for some (torch.range, ...), while the suite's filters
# (pyproject.toml) make DeprecationWarning and FutureWarning errors.
DEPRECATED_RE = re.compile(r"deprecat", re.I)


class DeprecatedCall(UserWarning):
    pass


@contextlib.contextmanager
def _deprecations_fail():
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"(?is).*deprecat", category=UserWarning)
        yield


def _at(code, tb) -> str:
    """`` at file:line``: the line of ``code`` a traceback went through last."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code is code:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f" at {_shown_path(code.co_filename)}:{line}" if line else ""


def _in_scratch(exc: FileNotFoundError, workdir: Path) -> FileNotFoundError:
    """A relative path that is not there: say where the code runs."""
    name = exc.filename
    if not isinstance(name, str) or os.path.isabs(name):
        return exc.with_traceback(exc.__traceback__)
    hint = FileNotFoundError(
        exc.errno,
        f"{exc.strerror} (the code runs in an empty scratch folder of its own, not in the "
        "repository: a file it reads must be written by the code first, or built in "
        "memory)",
        name,
    )
    return hint.with_traceback(exc.__traceback__)


class LeftRunning(AssertionError):
    pass


# Threads left running by code: reported, and never waited for when the process exits.
_abandoned: list[threading.Thread] = []
_exit_status = {"code": 1}


def set_exit_status(code: int) -> None:
    """The status to exit with if threads that code left running are still alive at exit
    (a test session sets its own; the default is failure)."""
    _exit_status["code"] = int(code) or 1  # a thread left running fails the run


def _exit_without_waiting() -> None:
    """Called by Python before it joins the remaining non-daemon threads at exit: if a
    thread that code left running is still alive, exit now rather than wait for it."""
    if any(t.is_alive() for t in _abandoned):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(_exit_status["code"])


def _children() -> set:
    import multiprocessing

    return set(multiprocessing.active_children()) if "multiprocessing" in sys.modules else set()


def _describe(thread: threading.Thread) -> str:
    target = getattr(thread, "_target", None)
    code = getattr(target, "__code__", None)
    if code is None:
        return repr(thread.name)
    return (
        f"{thread.name!r} (running {target.__name__}, {_shown_path(code.co_filename)}:"
        f"{code.co_firstlineno})"
    )


def _pool_worker(thread: threading.Thread) -> bool:
    """An idle worker of a ``concurrent.futures`` pool (torch.compile keeps one on some
    versions and Pythons): the interpreter shuts such pools down at exit, so it never holds
    a script open."""
    target = getattr(thread, "_target", None)
    return getattr(target, "__module__", "") == "concurrent.futures.thread"


def _abandon(threads: set) -> None:
    """Never wait at exit for the non-daemon threads started since ``threads``."""
    left = [t for t in threading.enumerate() if t not in threads and not t.daemon]
    if left and not _abandoned:
        threading._register_atexit(_exit_without_waiting)
    _abandoned.extend(t for t in left if t not in _abandoned)


def _left_alive(threads: set, children: set, culprit: str) -> None:
    """Fail when code leaves a non-daemon thread or child process running: a reader's
    script would not end while it runs, and the next block would share the machine with
    it. A short grace lets ones that are just finishing end."""
    deadline = time.monotonic() + 1.0
    left = [
        t
        for t in threading.enumerate()
        if t not in threads and not t.daemon and not _pool_worker(t)
    ]
    for thread in left:
        thread.join(max(0.0, deadline - time.monotonic()))
    left = [t for t in left if t.is_alive()]
    procs = [p for p in _children() - children if not p.daemon]
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
    procs = [p for p in procs if p.is_alive()]
    if not left and not procs:
        return
    _abandon(threads)
    for proc in procs:
        proc.kill()
    named = [f"thread {_describe(t)}" for t in left]
    named += [f"process {p.name!r} (pid {p.pid}, killed now)" for p in procs]
    raise LeftRunning(
        f"{culprit} left {', '.join(named)} running after it ended. Join what you start "
        "before the code ends (`t.join()`, `p.join()`, or a `with` block such as "
        "ThreadPoolExecutor), or make it a daemon (`daemon=True`) if it may be abandoned."
    )


# Which code last changed each of torch's global settings (named when the page or module
# that ran it leaves the setting changed).
_changed_by: dict[str, str] = {}


def _record_changes(before: dict, culprit: str) -> None:
    after = isolation.snapshot()
    for name, value in before.items():
        if name in after and after[name] != value:
            _changed_by[name] = culprit


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
        threads, children = set(threading.enumerate()), _children()
        state = isolation.snapshot()
        old_cwd, old_argv, old_stdout = os.getcwd(), sys.argv, sys.stdout
        os.chdir(self.workdir)
        sys.argv = list(self.argv)
        sys.stdout = out
        network.install()
        finished = False
        try:
            with (
                _repository_guard(self.root, culprit),
                _alarm(self.time_limit, code, culprit),
                _deprecations_fail(),
            ):
                exec(code, self.namespace)
            finished = True
        except UserWarning as warning:
            if not DEPRECATED_RE.search(str(warning)):
                raise
            raise DeprecatedCall(
                f"{culprit}{_at(code, warning.__traceback__)}: calls a deprecated API, which "
                f"warns: UserWarning: {warning}\nTeach the current API instead (see the warning). "
                "To show the warning itself, call it inside `warnings.catch_warnings("
                'record=True)` with `warnings.simplefilter("always")` and print it.'
            ).with_traceback(warning.__traceback__) from None
        except FileNotFoundError as exc:
            raise _in_scratch(exc, self.workdir) from None
        finally:
            network.uninstall()
            sys.stdout = old_stdout
            sys.argv = old_argv
            os.chdir(old_cwd)
            _record_changes(state, culprit)
            if not finished:  # its own error is reported; never wait for its threads
                _abandon(threads)
        if hosts := network.refused():
            raise network.NetworkBlocked(f"{culprit}: " + network.message(hosts))
        _left_alive(threads, children, culprit)
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
    changed_by = dict(_changed_by)
    _changed_by.clear()
    try:
        isolation.restore(before, culprit)
    except isolation.Leak as leak:
        names = [name for name, *_ in leak.changes if name in changed_by]
        leak.changed_by = {name: changed_by[name] for name in names}
        raise


# ------------------------------------------------------------ a module run alone


def module_run(module: Path, root: Path = ROOT, purpose: str = "") -> Run:
    """The run of a snippet module alone, as `python snippets/<part>/<topic>.py` would run
    it: its own name as argv and ``__file__``, run as ``__main__`` in a scratch directory,
    under the longest time limit of the pages that include it. (The checked run, the
    figures of a build and `outputs` all start a module this way.)"""
    run = Run(
        f"The snippet module {rel(module, root)}{purpose}",
        [str(module)],
        root=root,
        time_limit=module_time_limit(module, root),
    )
    run.namespace["__file__"] = str(module)
    return run


def run_module(module: Path, root: Path = ROOT, purpose: str = "", keep=None):
    """Run ``module`` alone once (``module_run``), then put torch's settings back
    (``settle``); ``keep(run)`` is called before the run closes (to store its figures).
    Returns what each statement printed."""
    before = isolation.snapshot()
    run = module_run(module, root, purpose)
    try:
        printed = run.execute(Path(module).read_text("utf-8"), str(module))
        if keep is not None:
            keep(run)
        return printed
    finally:
        run.close()
        settle(before, run.culprit)


def printed_in_fresh_process(module: Path, hash_seed: str, root: Path = ROOT) -> dict:
    """``run_module`` in a new interpreter with ``PYTHONHASHSEED=hash_seed``: what each
    statement printed. Two such runs differ where output depends on the process (the
    order of a set of strings, ids, addresses), which one process can never show.
    Raises ModuleFailed with the module's own error."""
    import json

    out = scratch_dir("printed") / "printed.json"
    code = (
        "import sys\nfrom pathlib import Path\nfrom fieldguide import sandbox\n"
        "sandbox._write_printed(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "MPLBACKEND": "Agg"}
    try:
        result = _group_run(
            [sys.executable, "-c", code, str(module), str(root), str(out)],
            env,
            module_time_limit(module, root),
            f"The snippet module {rel(module, root)}",
            cwd=out.parent,
        )
        if result.returncode != 0 or not out.exists():
            raise ModuleFailed(result.stderr.strip().splitlines()[-1] if result.stderr else "")
        return {int(k): v for k, v in json.loads(out.read_text("utf-8")).items()}
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


class ModuleFailed(Exception):
    pass


def _write_printed(module: Path, root: Path, out: Path) -> None:
    import json

    os.environ.setdefault("MPLBACKEND", "Agg")
    out.write_text(json.dumps(run_module(module, root)), "utf-8")


def _group_run(argv, env, limit: TimeLimit, culprit: str, cwd: Path):
    """Run ``argv`` as the leader of a new process group; at the time limit, or once it
    has exited, kill whatever of the group is still alive (workers it started, their
    children). Returns the CompletedProcess; raises TimeLimitExceeded."""
    # Files, not pipes: a process it leaves behind would hold a pipe open, and reading to
    # its end would wait for that process instead of the one we started.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=out, stderr=err, text=True, start_new_session=True
        )
        try:
            proc.wait(timeout=limit.seconds)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            proc.wait()
            raise TimeLimitExceeded(
                f"{culprit} ran past its time limit of {limit} in its own interpreter (it and "
                "every process it started were stopped). Make it faster, or give it a longer "
                'limit with its reason: `time_limit: "120 s: <why>"`'
            ) from None
        # A short grace for what is just finishing: multiprocessing's resource tracker
        # ends on its own once its parent has gone, a moment after it.
        deadline = time.monotonic() + 2.0
        left = _group_members(proc.pid)
        while left and time.monotonic() < deadline:
            time.sleep(0.05)
            left = _group_members(proc.pid)
        _kill_group(proc.pid)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(argv, proc.returncode, out.read(), err.read())
    result.left_alive = left
    return result


def _group_members(pgid: int) -> list[str]:
    """``pid command`` of each process still alive in the group (Linux's /proc; elsewhere
    none are seen)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                found.append(f"{stat.parent.name} {cmd.strip()[:80]}")
        except (OSError, IndexError, ValueError):
            continue
    return found


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


# A file run as `python <file>` would run it, under the same guards as a run in-process:
# loopback only, no writes into the tree, deprecations fail. (Processes it starts itself,
# mp.spawn's workers, run unguarded; the process-group kill still stops them.)
_GUARDED_SCRIPT = """\
import os, runpy, sys
from pathlib import Path
from fieldguide import network, sandbox
path, root, culprit = sys.argv[1:4]
sys.argv = [path]
sys.path[0] = os.path.dirname(os.path.abspath(path))
network.install()
network.blame(culprit)
with sandbox._repository_guard(Path(root), culprit), sandbox._deprecations_fail():
    runpy.run_path(path, run_name="__main__")
"""


def run_in_subprocess(path: Path, limit: TimeLimit, culprit: str, root: Path = ROOT) -> str:
    """Run a file with a fresh interpreter (for code that starts processes, e.g. DDP) in a
    scratch directory; return its stdout."""
    workdir = scratch_dir("subprocess")
    argv = [sys.executable, "-c", _GUARDED_SCRIPT, str(path), str(root), culprit]
    try:
        result = _group_run(argv, {**os.environ, "MPLBACKEND": "Agg"}, limit, culprit, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if result.returncode != 0:
        raise AssertionError(f"{culprit}: exit {result.returncode}\n{result.stderr[-3000:]}")
    if result.left_alive:
        raise LeftRunning(
            f"{culprit} left processes running after it exited (killed now): "
            + "; ".join(result.left_alive)
            + ". Join or terminate what it starts before it ends."
        )
    return result.stdout


def run_code(source: str, filename: str, namespace: dict) -> dict[int, list[str]]:
    """Run ``source`` once in ``namespace`` (in a scratch directory, guarded like any run);
    what each top-level statement printed, keyed by its last line."""
    run = Run(f"The code {filename}", namespace=namespace)
    try:
        return run.execute(source, filename)
    finally:
        run.close()
