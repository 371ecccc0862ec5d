"""Both languages of a page have the same structure (the rule lives in fieldguide.translation)."""

from __future__ import annotations

from pathlib import Path

from ..layout import ROOT

READS = ("docs/<lang>/**/*.md",)
ABOUT = {
    "en": "both languages of a page have the same headings, admonitions, tabs, images and "
    "includes; the prose is free",
    "zh": "同一页面的各语言版本有相同的标题、提示框、标签页、图片和引用；文字可以自由翻译",
}


def check(root: Path = ROOT) -> list[str]:
    from ..translation import check_structure

    return check_structure(root)
