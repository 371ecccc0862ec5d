"""Chinese prose uses the glossary's terms (the rule lives in fieldguide.translation)."""

from __future__ import annotations

from pathlib import Path

from ..layout import ROOT

READS = ("docs/terms.yml", "docs/zh/**/*.md")
ABOUT = {
    "en": "Chinese prose uses the term of docs/terms.yml, never one of its listed variants",
    "zh": "中文正文使用 docs/terms.yml 规定的术语，不用其中列出的其他译法",
}


def check(root: Path = ROOT) -> list[str]:
    from ..translation import check_terms

    return check_terms(root)
