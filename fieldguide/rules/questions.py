"""The "what does this print?" questions load and have current outputs (fieldguide.questions)."""

from __future__ import annotations

from pathlib import Path

from ..layout import ROOT

READS = ("questions/*.yml", "questions/*.outputs.json")
ABOUT = {
    "en": "every question file loads, has outputs stored from its current code, and "
    "distinct choices",
    "zh": "每个“这段代码打印什么”题目文件都能读取，存有由当前代码得到的输出，且选项互不相同",
}


def check(root: Path = ROOT) -> list[str]:
    from ..questions import check as check_questions

    return check_questions(root)
