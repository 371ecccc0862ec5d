"""Every fence runs or says why not."""

from __future__ import annotations

from pathlib import Path

from ..layout import (
    LANGS,
    ROOT,
    pages,
    rel,
)
from ..reader import RUN_FENCES
from ._common import fences

READS = ("docs/<lang>/**/*.md",)
ABOUT = {
    "en": "every code fence is a `python` fence (it runs), or has `<!-- norun: why -->` above it",
    "zh": "每个代码块都是 `python` 代码块（会运行），或上一行写明 `<!-- norun: 原因 -->`",
}


def check(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for fence in fences(page):
                line, info, reason = fence.line, fence.info, fence.norun
                where = f"{rel(page, root)}:{line}"
                if reason is not None:
                    if not reason:
                        problems.append(f"{where}: 'norun' needs a reason: <!-- norun: why -->")
                    continue
                if fence.char == "~":
                    problems.append(
                        f"{where}: ~~~ fences are not collected for running; use ``` fences"
                    )
                    continue
                if info in RUN_FENCES:
                    continue
                problems.append(
                    f"{where}: fence ```{info} would not be executed; use ```python exactly, "
                    f"or put <!-- norun: reason --> on the line before it"
                )
    return problems
