"""Pages and nav entries match."""

from __future__ import annotations

from pathlib import Path

from ..layout import (
    CONFIGS,
    LANGS,
    ROOT,
    config,
    pages,
    rel,
)

READS = ("mkdocs*.yml", "docs/<lang>/**/*.md")
ABOUT = {
    "en": "every page is in its language's nav, and every nav entry is a page",
    "zh": "每个页面都在其语言的导航里，每个导航条目都对应一个页面",
}


def nav_entries(root: Path = ROOT, lang: str = "zh") -> list[tuple[str | None, str]]:
    """(title, page path relative to docs/<lang>/) for every page in the nav."""
    found = []

    def walk(items, title=None):
        for item in items or []:
            if isinstance(item, str):
                found.append((title, item))
            elif isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(value, str):
                        found.append((key, value))
                    else:
                        walk(value)

    walk(config(root, lang).get("nav"))
    return found


def check(root: Path = ROOT) -> list[str]:
    """Every page is in its language's nav, and every nav entry is a page (what the strict
    build checks, without building)."""
    problems = []
    for lang in LANGS:
        cfg = CONFIGS[lang]
        if "nav" not in config(root, lang):
            continue  # pages come from the folder
        listed = [uri for _title, uri in nav_entries(root, lang)]
        docs = root / "docs" / lang
        for page in pages(root, lang):
            uri = page.relative_to(docs).as_posix()
            if uri not in listed:
                problems.append(
                    f"{rel(page, root)}:1: page is not in the nav of {cfg}; add "
                    f"'- <title>: {uri}' to its part"
                )
        for uri in dict.fromkeys(listed):
            if not (docs / uri).exists():
                problems.append(f"{cfg}:1: nav entry {uri!r} has no page docs/{lang}/{uri}")
            elif listed.count(uri) > 1:
                problems.append(f"{cfg}:1: nav lists {uri!r} {listed.count(uri)} times")
    return problems
