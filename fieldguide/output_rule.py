"""The output rule, and nothing else: pure functions from source text and printed text to
a verdict. No files, no processes, no torch: the sandbox (fieldguide.sandbox) produces what
each statement printed, and this module decides whether it matches what the page shows.

`#>` lines are checked output. Text must match exactly (runs of spaces count as one,
so a minus sign that shifts a tensor's column padding is not a difference). A number
written with decimals matches within one unit of its last written digit: `9.4238`
accepts 9.4237 to 9.4239 and nothing else. Whole numbers (`3`, `3.`, `1e+03`) must be
equal. The rule holds for numbers anywhere in a line: tensors, lists, f-strings.

A line that differs between Python versions carries its condition, and is checked only
where it holds: `#> [python<3.12] DeprecationWarning ...` above `#> [python>=3.12]
SyntaxWarning ...`. Only the Python version can be a condition: what other torch versions
print is version drift (fieldguide.drift), reported, never written into the page.

`#~` lines are one run's example output (training results, timings): the words and
layout are checked exactly, the numbers are free. The statement they follow needs a
`# varies: <reason>` comment right above it, and the topic's test asserts the property
that matters.
"""

from __future__ import annotations

import ast
import operator
import re
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

OUTPUT_PREFIX = "#>"
EXAMPLE_PREFIX = "#~"
VARIES_RE = re.compile(r"^\s*#\s*varies:\s*(?P<reason>\S.*)$")
NUMBER_RE = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")

# `#> [python>=3.12] text`: the line holds only under those Python versions.
CONDITION_RE = re.compile(r"^\[python\s*(?P<op><=|>=|==|<|>)\s*(?P<version>3\.\d+)\]\s?")
_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, ">=": operator.ge,
        ">": operator.gt}  # fmt: skip

# What a mismatch says when the code prints something else each time it runs.
NOT_REPRODUCIBLE = "not reproducible: seed it, or mark the line `#~` with a reason"

# Output written outside any top-level statement of the code (another thread, say).
UNATTRIBUTED = -1


class OutputMismatch(AssertionError):
    """Printed text differs from the lines shown. ``shown`` and ``printed`` are set when
    the code ran and printed something else (``None``: a rule of the comments is broken),
    so a run under other versions can report the difference as drift."""

    def __init__(self, message: str = "", *, where: str = "", line: int | None = None,
                 shown: list[str] | None = None, printed: list[str] | None = None):  # fmt: skip
        super().__init__(message)
        self.where, self.line, self.shown, self.printed = where, line, shown, printed

    def reworded(self, message: str) -> OutputMismatch:
        """The same difference with another message."""
        return OutputMismatch(
            message, where=self.where, line=self.line, shown=self.shown, printed=self.printed
        )


@dataclass(frozen=True)
class Shown:
    """One `#>` (checked) or `#~` (example) line as written under a statement."""

    text: str
    example: bool = False
    when: str = ""  # "python>=3.12": a Python condition, written in brackets before the text

    def __str__(self) -> str:
        condition = f"[{self.when}] " if self.when else ""
        marker = EXAMPLE_PREFIX if self.example else OUTPUT_PREFIX
        return f"{marker} {condition}{self.text}".rstrip()

    def holds(self, python: tuple[int, int] | None = None) -> bool:
        """Does the line apply under this Python (``sys.version_info`` by default)?"""
        if not self.when:
            return True
        m = re.fullmatch(r"python(<=|>=|==|<|>)(3\.\d+)", self.when)
        want = tuple(int(x) for x in m[2].split("."))
        return _OPS[m[1]](tuple(python or sys.version_info[:2]), want)


def _shown(text: str, example: bool) -> Shown:
    """A `#>`/`#~` line's text (after the marker and one space), its condition split off."""
    m = CONDITION_RE.match(text)
    if m is None:
        return Shown(text, example)
    return Shown(text[m.end() :], example, f"python{m['op']}{m['version']}")


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
            out.append(_shown(text[1:] if text.startswith(" ") else text, marker == EXAMPLE_PREFIX))
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


def check_output(source: str, printed: dict[int, list[str]], where: str) -> None:
    """Raise OutputMismatch naming the line when printed text and the ``#>``/``#~``
    comments differ under the output rule."""
    expected = expected_output(source)
    lines = source.splitlines()
    for key in sorted(set(expected) | set(printed)):
        want = [s for s in expected.get(key, []) if s.holds()]
        got = [s.rstrip() for s in printed.get(key, [])]
        if not lines_match(want, got):
            if key == UNATTRIBUTED:
                raise OutputMismatch(
                    f"{where}: output was written outside any statement of this code (from "
                    "another thread?), so no `#>` line can show it:\n" + "\n".join(got)
                )
            statement = lines[key - 1].strip() if 0 < key <= len(lines) else "?"
            raise OutputMismatch(
                f"{where}:{key}: printed output differs from its '#>' comments after "
                f"`{statement}`\n--- shown on the page\n"
                + "\n".join(str(s) for s in want)
                + "\n--- printed\n"
                + ("\n".join(got) if got else NOTHING_PRINTED)
                + "\n"
                + (HASH_ORDER if reordered([s.text for s in want], got) else REWRITE_ADVICE),
                where=where,
                line=key,
                shown=[str(s) for s in want],
                printed=got,
            )


def check_whole_output(source: str, stdout: str, where: str) -> None:
    """For code run in its own interpreter: its whole stdout against all of its ``#>``
    lines, in order."""
    expected = expected_output(source)
    want = [shown for key in sorted(expected) for shown in expected[key] if shown.holds()]
    got = [line.rstrip() for line in stdout.splitlines()]
    if not lines_match(want, got):
        raise OutputMismatch(
            f"{where}: printed output differs from its '#>' comments\n--- shown\n"
            + "\n".join(str(s) for s in want)
            + "\n--- printed\n"
            + "\n".join(got),
            where=where,
            shown=[str(s) for s in want],
            printed=got,
        )


NOTHING_PRINTED = "(nothing was printed: the statement printed nothing, or never ran)"
REWRITE_ADVICE = (
    "(numbers with decimals may differ by one unit of their last digit; if the new output "
    "is right, rewrite the comments with `nox -s outputs -- <snippet file>` and review git "
    "diff)"
)
HASH_ORDER = (
    "(the same items in another order: a set of strings prints in the order of the "
    "strings' hashes, which changes with every Python process (PYTHONHASHSEED), so no "
    "`#>` line can hold it; print sorted(...) of it instead)"
)


def reordered(shown: list[str], printed: list[str]) -> bool:
    """The same characters in another order (a set printed in the order of its hashes)."""
    a, b = "\n".join(shown), "\n".join(printed)
    return a != b and sorted(a) == sorted(b)


def with_outputs_command(message: str, snippet: str) -> str:
    """The mismatch message, naming the command that rewrites this module's output lines
    (none where rewriting would not help: output in the order of string hashes)."""
    if HASH_ORDER in message:
        return message
    command = f"nox -s outputs -- {snippet}"
    if "<snippet file>" in message:
        return message.replace("<snippet file>", snippet)
    if command in message:
        return message
    return f"{message}\nIf the new output is right, run `{command}` and review `git diff`."
