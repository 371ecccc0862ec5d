"""No file is too large."""

from __future__ import annotations

from pathlib import Path

from ..layout import (
    ROOT,
    rel,
)

READS = ("docs/**/*", "snippets/**/*")
ABOUT = {
    "en": "no file under docs/ or snippets/ is over 512 KB",
    "zh": "docs/ 和 snippets/ 下没有超过 512 KB 的文件",
}


# No file under docs/ or snippets/ may be larger than this: the repository is cloned by every
# contributor and the site is read on phones. The largest file we ship (a notebook with its
# figures) is about 110 KB; data a lesson needs is built by its code.
MAX_FILE_BYTES = 512 * 1024


def check(root: Path = ROOT) -> list[str]:
    """No file under docs/ or snippets/ is larger than MAX_FILE_BYTES."""
    problems = []
    for tree in ("docs", "snippets"):
        for path in sorted((root / tree).rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(
                    f"{rel(path, root)}:1: file is {size / 1024 / 1024:.1f} MB, over the "
                    f"limit of {MAX_FILE_BYTES // 1024} KB for files under docs/ and "
                    "snippets/; build data in the snippet's code, draw figures with a "
                    "snippet (`# figures:`), or shrink the file"
                )
    return problems
