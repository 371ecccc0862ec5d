"""Topic IDs are known and the same in both languages."""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import reader
from ..layout import (
    LANGS,
    ROOT,
    front_matter,
    page_pairs,
    pages,
    rel,
)

READS = ("docs/topics.yml", "docs/<lang>/**/*.md", "docs/<lang>/**/*.ipynb")
ABOUT = {
    "en": "every page lists known topic IDs (docs/topics.yml), the same in each language",
    "zh": "每个页面列出的 topic 编号都在 docs/topics.yml 中定义，且各语言一致",
}


def known_topics(root: Path = ROOT) -> dict[str, str]:
    data = yaml.safe_load((root / "docs" / "topics.yml").read_text("utf-8"))
    return {str(k): v for k, v in data.items()}


def check(root: Path = ROOT) -> list[str]:
    problems = []
    ids = known_topics(root)
    for zh, en in page_pairs(root):
        a, b = front_matter(zh).get("topics"), front_matter(en).get("topics")
        for page, topics in ((zh, a), (en, b)):
            if topics is None:
                problems.append(f"{rel(page, root)}:1: front matter has no 'topics:' list")
            else:
                problems += [
                    f"{rel(page, root)}:{topic_line(page, t)}: unknown topic ID {t!r}; the IDs "
                    "are defined in docs/topics.yml"
                    for t in topics
                    if t not in ids
                ]
        if a is not None and b is not None and a != b:
            problems.append(f"{rel(zh, root)}:1 and {rel(en, root)}:1: topics differ: {a} vs {b}")
    return problems


def topic_line(page: Path, topic: str) -> int:
    """The line of the front matter's `topics:` entry where ``topic`` stands (1 when the
    page is a notebook, whose topics are in its metadata)."""
    if page.suffix != ".md":
        return 1
    return reader.front_matter_line(page.read_text("utf-8"), "topics", str(topic)) or 1


def coverage(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """topic ID -> {lang: [pages that list it]}."""
    cover = {tid: {lang: [] for lang in LANGS} for tid in known_topics(root)}
    for lang in LANGS:
        for page in pages(root, lang):
            for tid in front_matter(page).get("topics") or []:
                if tid in cover:
                    cover[tid][lang].append(rel(page, root))
    return cover
