"""Every snippet module is used."""

from __future__ import annotations

from pathlib import Path

from ..layout import ROOT, rel, snippet_modules
from ..topics import catalog

READS = ("docs/<lang>/**/*.md", "notebooks/**/*.md", "snippets/**/*.py")
ABOUT = {
    "en": "every snippet module is included by a page or a notebook",
    "zh": "每个代码模块都被某个页面或笔记本引用",
}


def check(root: Path = ROOT) -> list[str]:
    used = catalog(root).users
    return [
        f"{rel(module, root)}:1: snippet module is never included by a page or notebook"
        for module in snippet_modules(root)
        if rel(module, root) not in used
    ]
