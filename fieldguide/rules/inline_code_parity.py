"""Code written in a page is the same in both languages."""

from __future__ import annotations

import itertools
from pathlib import Path

from ..layout import (
    ROOT,
    page_pairs,
    rel,
)
from ._common import _inline_blocks

READS = ("docs/<lang>/**/*.md",)
ABOUT = {
    "en": "code written in a page (not included) is the same in each language",
    "zh": "直接写在页面里的代码在各语言版本中相同",
}


def check(root: Path = ROOT) -> list[str]:
    """Code written in a page (not included from a snippet) is the same in both languages,
    block by block: only the prose is translated. (Each page's `#>` lines are checked
    against its own code, so a difference here would pass the page runs.)"""
    problems = []
    for zh, en in page_pairs(root):
        if zh.suffix != ".md":
            continue
        a, b = _inline_blocks(zh), _inline_blocks(en)
        if len(a) != len(b):
            problems.append(
                f"{rel(zh, root)}:{a[-1][0] if a else 1} and {rel(en, root)}:"
                f"{b[-1][0] if b else 1}: {len(a)} vs {len(b)} code blocks written in the page; "
                "both languages show the same code"
            )
            continue
        for (za, ca), (eb, cb) in zip(a, b, strict=True):
            pairs = itertools.zip_longest(ca, cb)
            diff = next(((x, y) for x, y in pairs if x is None or y is None or x[1] != y[1]), None)
            if diff is None:
                continue
            (lz, tz), (le, te) = (
                diff[0] or (za, "(nothing)"),
                diff[1] or (eb, "(nothing)"),
            )
            problems.append(
                f"{rel(zh, root)}:{lz} and {rel(en, root)}:{le}: the code of the block at line "
                f"{za} / {eb} differs between the languages: {tz.strip()!r} vs {te.strip()!r}; "
                "only the prose is translated, the code is the same in both"
            )
            break
    return problems
