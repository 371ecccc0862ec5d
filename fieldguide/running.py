"""Running code with its printed output checked (the output rule), snippet modules run
alone, and the namespaces the topic tests assert on."""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import figures, isolation
from .figures import declared_figures
from .layout import ROOT, rel

OUTPUT_PREFIX = "#>"
SUBPROCESS_MODULE_RE = re.compile(r"^# run: subprocess\s*$", re.M)
CUDA_MODULE_RE = re.compile(r"^# requires: cuda\s*$", re.M)


def needs_cuda(module: Path) -> bool:
    """A module with a ``# requires: cuda`` line runs only where CUDA is available."""
    return bool(CUDA_MODULE_RE.search(module.read_text("utf-8")))


class OutputMismatch(AssertionError):
    pass


# ---------------------------------------------------------------- the output rule
#
# `#>` lines are checked output. Text must match exactly (runs of spaces count as one,
# so a minus sign that shifts a tensor's column padding is not a difference). A number
# written with decimals matches within one unit of its last written digit: `9.4238`
# accepts 9.4237 to 9.4239 and nothing else. Whole numbers (`3`, `3.`, `1e+03`) must be
# equal. The rule holds for numbers anywhere in a line: tensors, lists, f-strings.
#
# `#~` lines are one run's example output (training results, timings): the words and
# layout are checked exactly, the numbers are free. The statement they follow needs a
# `# varies: <reason>` comment right above it, and the topic's test asserts the property
# that matters.

EXAMPLE_PREFIX = "#~"
VARIES_RE = re.compile(r"^\s*#\s*varies:\s*(?P<reason>\S.*)$")
NUMBER_RE = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")


@dataclass(frozen=True)
class Shown:
    """One `#>` (checked) or `#~` (example) line as written under a statement."""

    text: str
    example: bool = False

    def __str__(self) -> str:
        return f"{EXAMPLE_PREFIX if self.example else OUTPUT_PREFIX} {self.text}".rstrip()


def _split_numbers(text: str) -> tuple[list[str], list[str]]:
    """The text between numbers (spaces collapsed) and the numbers, in order."""
    words = [re.sub(r"\s+", " ", part).strip() for part in NUMBER_RE.split(text)]
    return words, NUMBER_RE.findall(text)


def number_matches(want: str, got: str) -> bool:
    """Within one unit of the last written digit of ``want``; whole numbers exactly."""
    try:
        a, b = Decimal(want), Decimal(got)
    except InvalidOperation:
        return want == got
    mantissa = re.split(r"[eE]", want)[0]
    if "." not in mantissa or mantissa.endswith("."):
        return a == b
    return abs(a - b) <= Decimal(1).scaleb(a.as_tuple().exponent)


def line_matches(shown: Shown | str, got: str) -> bool:
    """Does a printed line satisfy the line shown under its statement?"""
    if isinstance(shown, str):
        shown = Shown(shown)
    want, got = shown.text.rstrip(), got.rstrip()
    if want == got:
        return True
    (want_words, want_numbers), (got_words, got_numbers) = _split_numbers(want), _split_numbers(got)
    if want_words != got_words or len(want_numbers) != len(got_numbers):
        return False
    return shown.example or all(map(number_matches, want_numbers, got_numbers))


def lines_match(shown: list[Shown], got: list[str]) -> bool:
    return len(shown) == len(got) and all(map(line_matches, shown, got))


def expected_output(source: str) -> dict[int, list[Shown]]:
    """Map each top-level statement's last line to the ``#>``/``#~`` lines right under it.
    Raise OutputMismatch for an output line that follows no top-level statement, and for
    example output without a ``# varies: <reason>`` comment above its statement."""
    lines = source.splitlines()
    tree = ast.parse(source)
    starts = {stmt.end_lineno: stmt.lineno for stmt in tree.body}
    expected: dict[int, list[Shown]] = {}
    claimed: set[int] = set()
    for end, start in starts.items():
        out, n = [], end  # n is 0-based index of the line after the statement
        while n < len(lines) and (marker := _marker(lines[n])):
            text = lines[n].strip()[len(marker) :]
            out.append(Shown(text[1:] if text.startswith(" ") else text, marker == EXAMPLE_PREFIX))
            claimed.add(n + 1)
            n += 1
        if out:
            expected[end] = out
        if any(s.example for s in out) and not _varies_reason(lines, start):
            raise OutputMismatch(
                f"line {end + 1}: '#~' example output needs its reason: put a comment "
                f"'# varies: <why these numbers change between machines>' above line {start}"
            )
    for number, line in enumerate(lines, start=1):
        if _marker(line) and number not in claimed:
            raise OutputMismatch(
                f"line {number}: '{_marker(line)}' output comment does not follow a "
                "top-level statement"
            )
    return expected


def is_output_line(line: str) -> bool:
    return _marker(line) is not None


def _marker(line: str) -> str | None:
    stripped = line.strip()
    for marker in (OUTPUT_PREFIX, EXAMPLE_PREFIX):
        if stripped.startswith(marker):
            return marker
    return None


def _varies_reason(lines: list[str], start: int) -> str | None:
    """The reason in a ``# varies:`` comment among the comment lines right above line
    ``start`` (1-based), if any."""
    n = start - 2
    while n >= 0 and lines[n].strip().startswith("#") and not _marker(lines[n]):
        if m := VARIES_RE.match(lines[n]):
            return m["reason"]
        n -= 1
    return None


def run_code(source: str, filename: str, namespace: dict) -> dict[int, list[str]]:
    """exec ``source`` in ``namespace``; return what each top-level statement printed,
    keyed by the statement's last line."""
    code = compile(source, filename, "exec", dont_inherit=True)
    tree = ast.parse(source)
    spans = [(stmt.lineno, stmt.end_lineno) for stmt in tree.body]
    printed: dict[int, io.StringIO] = {}

    def statement_end(line: int) -> int:
        for start, end in spans:
            if start <= line <= end:
                return end
        return line

    def tracking_print(*args, sep=" ", end="\n", file=None, flush=False):
        if file not in (None, sys.stdout):
            return builtins.print(*args, sep=sep, end=end, file=file, flush=flush)
        frame = sys._getframe(1)
        while frame is not None and frame.f_code is not code:
            frame = frame.f_back
        key = statement_end(frame.f_lineno) if frame is not None else -1
        buffer = printed.setdefault(key, io.StringIO())
        builtins.print(*args, sep=sep, end=end, file=buffer)

    namespace.setdefault("__builtins__", builtins)
    namespace["print"] = tracking_print
    exec(code, namespace)
    return {key: buffer.getvalue().splitlines() for key, buffer in printed.items()}


def check_output(source: str, printed: dict[int, list[str]], where: str) -> None:
    """Raise OutputMismatch naming the line when printed text and the ``#>``/``#~``
    comments differ under the output rule."""
    expected = expected_output(source)
    lines = source.splitlines()
    for key in sorted(set(expected) | set(printed)):
        want, got = expected.get(key, []), [s.rstrip() for s in printed.get(key, [])]
        if not lines_match(want, got):
            statement = lines[key - 1].strip() if 0 < key <= len(lines) else "?"
            raise OutputMismatch(
                f"{where}:{key}: printed output differs from its '#>' comments after "
                f"`{statement}`\n--- shown on the page\n"
                + "\n".join(str(s) for s in want)
                + "\n--- printed\n"
                + "\n".join(got)
                + "\n(numbers with decimals may differ by one unit of their last digit; "
                "if the new output is right, rewrite the comments with `nox -s outputs -- "
                "<snippet file>` and review git diff)"
            )


def run_in_subprocess(path: Path, workdir: Path, timeout: float = 300) -> None:
    """Run a file with a fresh interpreter (for code that spawns processes, e.g. DDP) and
    compare its whole stdout with all of its ``#>`` lines, in order."""
    result = subprocess.run(
        [sys.executable, str(path)], cwd=workdir, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise AssertionError(f"{rel(path)}: exit {result.returncode}\n{result.stderr[-3000:]}")
    expected = expected_output(path.read_text("utf-8"))
    want = [shown for key in sorted(expected) for shown in expected[key]]
    got = [line.rstrip() for line in result.stdout.splitlines()]
    if not lines_match(want, got):
        raise OutputMismatch(
            f"{rel(path)}: printed output differs from its '#>' comments\n--- shown\n"
            + "\n".join(str(s) for s in want)
            + "\n--- printed\n"
            + "\n".join(got)
        )


# ------------------------------------------------------------------ snippet modules


@contextlib.contextmanager
def working_directory(path: Path):
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@contextlib.contextmanager
def argv(*args: str):
    old = sys.argv
    sys.argv = list(args)
    try:
        yield
    finally:
        sys.argv = old


def run_snippet(path: Path, workdir: Path, namespace: dict | None = None) -> dict[int, list[str]]:
    """Run a snippet module as __main__ in ``workdir``, in this process, with its
    output tracked; returns what each top-level statement printed."""
    if namespace is None:
        namespace = {}
    namespace.update({"__name__": "__main__", "__file__": str(path)})
    with working_directory(workdir), argv(str(path)):
        return run_code(path.read_text("utf-8"), str(path), namespace)


def check_snippet(
    path: Path, workdir: Path, namespace: dict | None = None, root: Path = ROOT
) -> None:
    """Run a snippet alone and fail unless it prints exactly its ``#>`` comments, writes
    every figure it declares and leaves torch's global settings as it found them. Modules
    with a ``# run: subprocess`` line run in a fresh interpreter (their namespace stays
    empty)."""
    before = isolation.snapshot()
    try:
        if SUBPROCESS_MODULE_RE.search(path.read_text("utf-8")):
            run_in_subprocess(path, workdir)
        else:
            where = rel(path, root)
            try:
                check_output(path.read_text("utf-8"), run_snippet(path, workdir, namespace), where)
            except OutputMismatch as exc:
                raise OutputMismatch(with_outputs_command(str(exc), where)) from None
    except BaseException:
        with contextlib.suppress(isolation.Leak):
            _settle(before, path, root)
        raise
    _settle(before, path, root)
    figures.store(path, workdir, root)  # the build reuses them
    for name in declared_figures(path):
        if not (workdir / name).is_file():
            raise AssertionError(
                f"{rel(path, root)}:1: declares figure {name} but did not write it"
            )


def with_outputs_command(message: str, snippet: str) -> str:
    """The mismatch message, naming the command that rewrites this module's output lines."""
    command = f"nox -s outputs -- {snippet}"
    if "<snippet file>" in message:
        return message.replace("<snippet file>", snippet)
    if command in message:
        return message
    return f"{message}\nIf the new output is right, run `{command}` and review `git diff`."


def _settle(before: dict, path: Path, root: Path) -> None:
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")  # the next module starts with none
    isolation.restore(before, f"The snippet module {rel(path, root)}")


_SNIPPET_RUNS: dict[Path, dict] = {}


def snippet_namespace(module: str) -> dict:
    """The globals of ``snippets/<module>.py`` after a checked standalone run, run once per
    test session (tests/<part>/test_<topic>.py assert on them)."""
    path = ROOT / "snippets" / f"{module}.py"
    if path not in _SNIPPET_RUNS:
        namespace: dict = {}
        check_snippet(path, Path(tempfile.mkdtemp(prefix="snippet-")), namespace)
        _SNIPPET_RUNS[path] = namespace
    return _SNIPPET_RUNS[path]
