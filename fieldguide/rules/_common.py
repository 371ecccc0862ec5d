"""Helpers two or more rules share (not a rule: the registry skips names starting with _)."""

from __future__ import annotations

from pathlib import Path

from .. import reader
from ..reader import RUN_FENCES


def fences(path: Path) -> list[reader.Fence]:
    """Every fence of a Markdown file."""
    return reader.fences(path.read_text("utf-8"))


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next((i for i, line in enumerate(lines, 1) if text.strip() in line), 1)


def _inline_blocks(page: Path) -> list[tuple[int, list[tuple[int, str]]]]:
    """(fence line, [(line, code)]) for each runnable Python block written in the page
    itself (no ``--8<--`` include), comments and blank lines left out."""
    lines = page.read_text("utf-8").split("\n")
    out = []
    for fence in fences(page):
        if fence.info not in RUN_FENCES or fence.norun is not None or fence.end is None:
            continue
        body = list(range(fence.line + 1, fence.end))
        if any(reader.INCLUDE_RE.match(lines[n - 1]) for n in body):
            continue
        code = [
            (n, lines[n - 1].rstrip())
            for n in body
            if lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")
        ]
        out.append((fence.line, code))
    return out
