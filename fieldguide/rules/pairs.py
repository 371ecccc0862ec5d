"""Every page exists in each source language."""

from __future__ import annotations

from pathlib import Path

from ..layout import (
    LANGS,
    ROOT,
    pages,
    rel,
)

READS = ("docs/<lang>/**/*.md", "docs/<lang>/**/*.ipynb")
ABOUT = {
    "en": "every page exists in each source language",
    "zh": "每个页面在每种源语言下都有对应版本",
}


def check(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        other = next(o for o in LANGS if o != lang)  # the other source language (registry)
        docs = root / "docs" / lang
        for page in pages(root, lang):
            twin = root / "docs" / other / page.relative_to(docs)
            if not twin.exists():
                problems.append(
                    f"{rel(page, root)}:1: page exists in '{lang}' only; add {rel(twin, root)}"
                )
    return problems
