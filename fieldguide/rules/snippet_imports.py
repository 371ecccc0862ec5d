"""Snippets import nothing from the project."""

from __future__ import annotations

from pathlib import Path

from ..layout import (
    LANGS,
    ROOT,
    pages,
    rel,
    snippet_modules,
)
from ._common import _inline_blocks

READS = ("snippets/**/*.py", "docs/<lang>/**/*.md")
ABOUT = {
    "en": "snippet modules and page code import nothing from this repository",
    "zh": "代码模块和页面代码不导入本项目的任何模块",
}


def _project_modules(root: Path) -> set[str]:
    """Top-level names a snippet could import from this repository, not from a package."""
    names = {"snippets", "fieldguide", "tests", "hooks", "benchmarks", "noxfile", "conftest"}
    names |= {p.stem for p in (root / "snippets").rglob("*.py")}
    names |= {p.name for p in (root / "snippets").iterdir() if p.is_dir()}
    return names - {"__init__"}


def project_imports(source: str, project: set[str]) -> list[tuple[int, str]]:
    """(line, module) for each import of a project module (or a relative import)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = ["." * node.level + (node.module or "")] if node.level else [node.module]
        else:
            continue
        for name in names:
            if name and (name.startswith(".") or name.split(".")[0] in project):
                found.append((node.lineno, name))
    return found


def check(root: Path = ROOT) -> list[str]:
    """Snippet modules (and code written in pages) import nothing from this repository:
    a reader copies one file and runs it alone, where `snippets.` and `fieldguide` do not
    exist. (In the test run the repository is on sys.path, so such an import works.)"""
    problems = []
    project = _project_modules(root)
    sources = [(m, m.read_text("utf-8"), 0) for m in snippet_modules(root)]
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for line, code in _inline_blocks(page):
                text = page.read_text("utf-8").split("\n")
                end = code[-1][0] if code else line
                sources.append((page, "\n".join(text[line:end]), line))
    for path, source, offset in sources:
        try:
            found = project_imports(source, project)
        except SyntaxError:
            continue  # check_snippet_syntax (or the page's run) reports it
        for number, name in found:
            problems.append(
                f"{rel(path, root)}:{number + offset}: imports {name!r} from this repository; "
                "a snippet runs alone, copied out of the project: copy the few lines it needs "
                "into this module instead"
            )
    return problems
