"""Every snippet module compiles."""

from __future__ import annotations

from pathlib import Path

from ..layout import (
    ROOT,
    rel,
    snippet_modules,
)

READS = ("snippets/**/*.py",)
ABOUT = {
    "en": "every snippet module compiles, even sections no page includes",
    "zh": "每个代码模块都能编译，包括没有页面引用的代码段",
}


def check(root: Path = ROOT) -> list[str]:
    """Every snippet module compiles, whether or not a page includes all of it."""
    import warnings

    problems = []
    for module in snippet_modules(root):
        where = rel(module, root)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ruff reports what only warns
                compile(module.read_text("utf-8"), where, "exec", dont_inherit=True)
        except SyntaxError as exc:
            problems.append(f"{where}:{exc.lineno}: syntax error: {exc.msg}")
    return problems
