"""Finding the code blocks of a page that run (for the test run): pytest-codeblocks parses
the fences of the expanded page; each block keeps the Markdown line of its fence and, line
by line, where its code came from (a snippet module's line for included code)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from . import reader
from .expansion import IncludeError, expand
from .layout import ROOT, rel
from .reader import (  # noqa: F401 - re-exported
    FENCE_RE,
    NORUN_RE,
    RUN_FENCES,
    SUBPROCESS_RE,
    Fence,
)


@dataclass
class Block:
    page: Path
    index: int  # position among the page's executed blocks
    line: int  # line of the opening fence in the Markdown source
    syntax: str
    code: str
    marks: list[str] = field(default_factory=list)
    subprocess: bool = False
    # origins[i] = (file, 1-based line) that code line i came from: the snippet module for
    # included code, the page itself for code written in the fence
    origins: list[tuple[Path, int] | None] = field(default_factory=list)
    root: Path = ROOT

    def __str__(self) -> str:
        return f"{rel(self.page, self.root)}:{self.line}"

    @property
    def snippet(self) -> tuple[Path, int] | None:
        """The snippet file and first line of included code, if the block includes one."""
        return next((o for o in self.origins if o and o[0].suffix == ".py"), None)

    @property
    def where(self) -> str:
        """``page.md:line`` plus ``snippet.py:line`` for included code."""
        snippet = self.snippet
        if snippet is None:
            return str(self)
        return f"{self} ({rel(snippet[0], self.root)}:{snippet[1]})"

    def located_source(self) -> tuple[str, str]:
        """(filename, source) to compile: when every code line comes, in order, from one
        file, the code is laid out at that file's line numbers (blank lines between), so
        syntax errors, tracebacks and output mismatches name the real ``.py`` (or ``.md``)
        line. Otherwise the code as it is, named after the fence."""
        lines = self.code.splitlines()
        files = {o[0] for o in self.origins if o}
        if len(self.origins) == len(lines) and all(self.origins) and len(files) == 1:
            numbers = [o[1] for o in self.origins]
            if all(a < b for a, b in zip(numbers, numbers[1:], strict=False)):
                out = [""] * numbers[-1]
                for number, text in zip(numbers, lines, strict=True):
                    out[number - 1] = text
                return rel(files.pop(), self.root), "\n".join(out) + "\n"
        return str(self), self.code


def fences(path: Path) -> list[Fence]:
    """Every fence of a Markdown file (fieldguide.reader reads the text)."""
    return reader.fences(path.read_text("utf-8"))


def blocks(path: Path, root: Path = ROOT) -> list[Block]:
    """The blocks of a page that run, as rendered (includes expanded)."""
    # Imported here: pytest_codeblocks imports pytest, which the quick checks, the hooks
    # and the build never need (they read fences with fieldguide.reader).
    from pytest_codeblocks import extract_from_buffer

    expanded = expand(path, root)
    by_line = {fence.line: fence for fence in reader.fences(path.read_text("utf-8"))}
    found = []
    for cb in extract_from_buffer(io.StringIO(expanded.text)):
        line = expanded.origin[cb.lineno - 1]
        fence = by_line.get(line)
        if fence is None:
            raise IncludeError(
                f"{rel(path, root)}:{line}: a code block starts here that is not a well-formed "
                "fence (open and close it with the same run of backticks, nothing after the "
                "closing one)"
            )
        if cb.syntax not in RUN_FENCES or fence.norun is not None:
            continue
        code_lines = cb.code.splitlines()
        origins = []
        for i, text in enumerate(code_lines):
            n = cb.lineno + i  # 0-based index of the expanded line
            if n < len(expanded.lines) and expanded.lines[n].strip() == text.strip():
                origins.append(expanded.source[n] or (path, expanded.origin[n]))
            else:
                origins.append(None)
        found.append(
            Block(
                path,
                len(found),
                line,
                cb.syntax,
                cb.code,
                list(cb.marks),
                fence.subprocess,
                origins,
                root,
            )
        )
    return found
