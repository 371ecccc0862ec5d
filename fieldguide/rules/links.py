"""Relative links and anchors resolve."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import markdown

from .. import reader
from ..exercises import is_published
from ..expansion import snippet_settings
from ..figures import declared_figures
from ..layout import (
    LANGS,
    ROOT,
    config,
    pages,
    rel,
)
from ..translation import prose_lines, terms

READS = (
    "docs/<lang>/**/*.md",
    "docs/terms.yml",
    "mkdocs.yml",
    "snippets/**/*.py",
    "exercises/**/*.py",
)
ABOUT = {
    "en": "relative links lead to a file, and `#anchors` to an id that page defines",
    "zh": "相对链接指向存在的文件，`#锚点` 指向该页面定义的 id",
}


LINK_RE = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")


@functools.cache
def _renderer(root: str) -> markdown.Markdown:
    """Markdown with the extensions mkdocs.yml enables, to find the ids a page defines."""
    names, configs = [], {}
    for ext in config(Path(root))["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, settings), *_ = ext.items()
            names.append(name)
            configs[name] = settings or {}
        else:
            names.append(ext)
    if "pymdownx.snippets" in configs:
        configs["pymdownx.snippets"] = snippet_settings(Path(root))
    return markdown.Markdown(extensions=names, extension_configs=configs)


@functools.cache
def _anchors(page: Path, root: Path) -> frozenset[str]:
    md = _renderer(str(root))
    md.reset()
    ids = set(ID_RE.findall(md.convert(reader.body(page.read_text("utf-8")))))
    if page.name == "glossary.md":  # its entries are generated from docs/terms.yml
        ids |= {t["id"] for t in terms(root)}
    return frozenset(ids)


def anchors(page: Path, root: Path = ROOT) -> frozenset[str]:
    """The ids a Markdown page defines (headings as MkDocs slugs them, `{#id}`, HTML)."""
    return _anchors(Path(page).resolve(), Path(root).resolve())


def check(root: Path = ROOT) -> list[str]:
    """Relative links lead to a file, and a ``#anchor`` to an id that page defines."""
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for number, line in prose_lines(page):
                for m in LINK_RE.finditer(line):
                    target, _, anchor = m["target"].partition("#")
                    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                        continue  # external URL
                    where = f"{rel(page, root)}:{number}"
                    path = (page.parent / target) if target else page
                    if target and not path.exists():
                        if not is_figure(root, page, target) and not is_published(
                            root, page, target
                        ):
                            problems.append(f"{where}: broken link {m['target']!r}")
                        continue
                    if anchor and path.suffix == ".md" and anchor not in anchors(path, root):
                        problems.append(
                            f"{where}: link {m['target']!r}: {rel(path, root)} has no anchor "
                            f"#{anchor}"
                        )
    return problems


def is_figure(root: Path, page: Path, target: str) -> bool:
    """Is ``target`` (relative to ``page``) a figure the build draws from a snippet?"""
    folder, _, name = target.rpartition("/")
    docs = next(root / "docs" / lang for lang in LANGS if page.is_relative_to(root / "docs" / lang))
    try:
        part = (page.parent / folder).resolve().relative_to(docs.resolve())
    except ValueError:
        return False
    if part.name != "figures":
        return False
    modules = (root / "snippets" / part.parent).glob("*.py")
    return any(name in declared_figures(module) for module in modules)
