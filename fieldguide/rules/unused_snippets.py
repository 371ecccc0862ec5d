"""Every snippet module is used."""

from __future__ import annotations

from pathlib import Path

from ..expansion import includes
from ..layout import (
    LANGS,
    ROOT,
    front_matter,
    pages,
    rel,
    snippet_modules,
)
from ..notebooks import notebook_sources

READS = ("docs/<lang>/**/*.md", "notebooks/**/*.md", "snippets/**/*.py")
ABOUT = {
    "en": "every snippet module is included by a page or a notebook",
    "zh": "每个代码模块都被某个页面或笔记本引用",
}


def check(root: Path = ROOT) -> list[str]:
    used = {
        target.partition(":")[0]
        for lang in LANGS
        for page in pages(root, lang, suffixes=(".md",))
        for _line, target in includes(page)
    }
    used |= {front_matter(source).get("source") for source in notebook_sources(root)}
    return [
        f"{rel(module, root)}:1: snippet module is never included by a page or notebook"
        for module in snippet_modules(root)
        if rel(module, root) not in used
    ]
