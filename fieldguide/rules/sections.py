"""Section markers are well-formed."""

from __future__ import annotations

from pathlib import Path

from ..expansion import marker_problems
from ..layout import (
    ROOT,
    snippet_modules,
)

READS = ("snippets/**/*.py",)
ABOUT = {
    "en": "the `[start:name]`/`[end:name]` markers of every snippet module are well-formed",
    "zh": "每个代码模块的 `[start:name]`/`[end:name]` 标记成对且格式正确",
}


def check(root: Path = ROOT) -> list[str]:
    """Every section marker of every snippet module is well-formed (see marker_problems)."""
    return [p for module in snippet_modules(root) for p in marker_problems(module, root)]
