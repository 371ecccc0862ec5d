"""Both languages of a page include the same snippet sections."""

from __future__ import annotations

from pathlib import Path

from ..expansion import includes
from ..layout import (
    ROOT,
)
from ..translation import compare_pairs

READS = ("docs/<lang>/**/*.md",)
ABOUT = {
    "en": "both languages of a page include the same snippet sections, in the same order",
    "zh": "同一页面的各语言版本按相同顺序引用相同的代码段",
}


def check(root: Path = ROOT) -> list[str]:
    return compare_pairs(root, includes, "include")
