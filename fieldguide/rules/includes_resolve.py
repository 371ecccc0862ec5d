"""Every include names a file and section that exist."""

from __future__ import annotations

from pathlib import Path

from ..expansion import includes, sections
from ..layout import (
    LANGS,
    ROOT,
    pages,
    rel,
)

READS = ("docs/<lang>/**/*.md", "snippets/**/*.py")
ABOUT = {
    "en": "every `--8<--` include names a file (and section) that exists",
    "zh": "每个 `--8<--` 引用的文件（和代码段）都存在",
}


def check(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for line, target in includes(page):
                file, _, section = target.partition(":")
                path = root / file
                if not path.exists():
                    problems.append(f"{rel(page, root)}:{line}: include {target!r}: no file {file}")
                elif section and not section[0].isdigit() and section not in sections(path):
                    problems.append(
                        f"{rel(page, root)}:{line}: include {target!r}: "
                        f"{file} has no section [start:{section}]"
                    )
    return problems
