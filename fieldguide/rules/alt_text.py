"""Every image has alt text."""

from __future__ import annotations

import re
from pathlib import Path

from ..layout import (
    LANGS,
    ROOT,
    pages,
    rel,
)
from ..translation import prose_lines
from .external import ATTR_RE

READS = ("docs/<lang>/**/*.md",)
ABOUT = {
    "en": "every image has alt text",
    "zh": "每张图片都有替代文字",
}


MD_IMAGE_ALT_RE = re.compile(r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<target>[^)\s]*)")
IMG_TAG_RE = re.compile(r"<img\b(?P<attrs>[^<>]*)>", re.I)


def check(root: Path = ROOT) -> list[str]:
    """Every image on a page says what it shows: a Markdown image has alt text
    (``![what it shows](figures/x.png)``), an ``<img>`` has a non-empty ``alt``."""
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            name = rel(page, root)  # once a page: rel() resolves paths (~1 s for every line)
            for number, line in prose_lines(page):
                where = f"{name}:{number}"
                for m in MD_IMAGE_ALT_RE.finditer(line):
                    if not m["alt"].strip():
                        problems.append(
                            f"{where}: image {m['target']!r} has no alt text; say what it shows "
                            "in the page's language: ![what it shows](...)"
                        )
                for m in IMG_TAG_RE.finditer(line):
                    attrs = {a["name"].lower(): a["value"] for a in ATTR_RE.finditer(m["attrs"])}
                    if not attrs.get("alt", "").strip("\"' "):
                        problems.append(f'{where}: <img> without alt text; add alt="what it shows"')
    return problems
