"""No new_page placeholder is left."""

from __future__ import annotations

import re
from pathlib import Path

from ..layout import (
    CONFIGS,
    LANGS,
    ROOT,
    front_matter,
    pages,
    rel,
    snippet_modules,
)
from ._common import _line_of
from .nav import nav_entries

READS = ("docs/<lang>/**/*.md", "snippets/**/*.py", "mkdocs*.yml")
ABOUT = {
    "en": "no placeholder text from `new_page` is left (text, titles, nav titles, topics)",
    "zh": "没有遗留 `new_page` 生成的占位内容（正文、标题、导航标题、topics）",
}


H1_RE = re.compile(r"^#\s+(?P<title>.+?)\s*$", re.M)
# What `python -m fieldguide new_page` writes and a contributor must replace.
PLACEHOLDERS = (
    "TODO: one line on what this module teaches",
    "（在这里用中文介绍本页的主题",
    "(Introduce the topic here.",
)
SPECIAL_PAGES = (
    "index.md",
    "glossary.md",
    "self-check.md",
)  # pages that teach no topic of their own


def check(root: Path = ROOT) -> list[str]:
    """A page made by new_page is filled in before it lands: no placeholder text left in
    pages or snippets, a topic page lists its topics, and the Chinese page has a Chinese
    title (not the file name new_page put there)."""
    problems = []
    files = [p for lang in LANGS for p in pages(root, lang, suffixes=(".md",))]
    for path in files + snippet_modules(root):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            for placeholder in PLACEHOLDERS:
                if placeholder in line:
                    problems.append(
                        f"{rel(path, root)}:{number}: placeholder text from new_page "
                        f"{placeholder!r}; write the real text"
                    )
    for page in pages(root, "zh", suffixes=(".md",)) + pages(root, "en", suffixes=(".md",)):
        if page.name in SPECIAL_PAGES:
            continue
        if front_matter(page).get("topics") == []:
            problems.append(
                f"{rel(page, root)}:2: 'topics: []' is empty; list the IDs from "
                "docs/topics.yml this page teaches"
            )
    for lang in LANGS:
        titles = {uri: title for title, uri in nav_entries(root, lang)}
        language = "Chinese" if lang == "zh" else "English"
        for page in pages(root, lang, suffixes=(".md",)):
            text = page.read_text("utf-8")
            if page.name == "index.md":
                problems += _scaffold_index_entries(page, text, root)
            if page.name in SPECIAL_PAGES:
                continue
            m = H1_RE.search(text)
            uri = page.relative_to(root / "docs" / lang).as_posix()
            if m and m["title"] == page.stem:
                line = text[: m.start()].count("\n") + 1
                problems.append(
                    f"{rel(page, root)}:{line}: title '# {page.stem}' is the file name; give the "
                    f"page its {language} title"
                )
            if titles.get(uri) == page.stem:
                config_file = CONFIGS[lang]
                line = _line_of(root / config_file, f"{page.stem}: {uri}")
                problems.append(
                    f"{config_file}:{line}: nav title {page.stem!r} for {uri} is the file name; "
                    f"use the page's {language} title"
                )
    return problems


def _scaffold_index_entries(index: Path, text: str, root: Path) -> list[str]:
    """`- [weight_init](weight_init.md)`: the entry new_page adds to a part's list of
    pages, still showing the file name instead of the page's title."""
    return [
        f"{rel(index, root)}:{number}: list entry '{line.strip()}' shows the file name; "
        "write the page's title (and a few words on what it teaches)"
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"^[-*] \[(?P<name>[\w]+)\]\((?P=name)\.md\)\s*$", line.strip())
    ]
