"""Changed-only runs: which tests a change needs, read from ``git`` and the include graph.

``pytest --changed`` (``nox -s tests -- --changed``) compares the work tree, staged and
untracked files included, with the merge base of ``main`` (``--changed=<ref>`` for another
base), and runs only what those files can affect:

- a page: both language versions (they share one run), its topic test, the site's rules;
- a snippet module: every page and notebook that includes it, its topic test, its own run;
- a notebook source: that notebook's tests; a test file: itself;
- the machinery (fieldguide/, hooks, tests/conftest.py, the lock, pyproject.toml,
  mkdocs*.yml, overrides/, noxfile.py): everything, since it can change any result.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from . import reader
from .layout import LANGS, ROOT, pages, rel

MACHINERY = (
    "fieldguide/",
    "hooks/",
    "overrides/",
    "tests/conftest.py",
    "uv.lock",
    "pyproject.toml",
    "noxfile.py",
    "docs/terms.yml",
    "docs/topics.yml",
)
# The rules every page must pass (links, pairs, topics, includes...): quick, and a page
# edit can break them for another page.
SITE_RULES = "tests/test_integrity.py::test_rule_holds_for_the_site"
EVERYTHING = None


def changed_files(base: str = "main", root: Path = ROOT) -> list[str]:
    """Files that differ from the merge base of ``base`` and HEAD, plus uncommitted and
    untracked ones (paths relative to the repository)."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)}: {out.stderr.strip()}")
        return [line for line in out.stdout.splitlines() if line.strip()]

    merge_base = git("merge-base", base, "HEAD")[0]
    files = git("diff", "--name-only", merge_base)  # committed since, and uncommitted
    files += git("ls-files", "--others", "--exclude-standard")
    return sorted(set(files))


def include_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """snippet module -> the pages (both languages) and notebook sources that include it."""
    graph: dict[str, set[str]] = {}
    sources = [p for lang in LANGS for p in pages(root, lang, suffixes=(".md",))]
    sources += sorted((root / "notebooks").rglob("*.md")) if (root / "notebooks").exists() else []
    for source in sources:
        text = source.read_text("utf-8")
        targets = [target.partition(":")[0] for _, target in reader.includes(text)]
        meta, _ = reader.split_front_matter(text)
        if isinstance(meta.get("source"), str):
            targets.append(meta["source"])  # a notebook's code
        for target in targets:
            graph.setdefault(target, set()).add(rel(source, root))
    return graph


def tests_for(files: list[str], root: Path = ROOT) -> list[str] | None:
    """The pytest arguments (paths and node ids) that check ``files``; None for the whole
    suite."""
    if any(f.startswith(MACHINERY) or f.startswith("mkdocs") for f in files):
        return EVERYTHING
    graph = None
    out: list[str] = []

    def add(*targets: str) -> None:
        for target in targets:
            if target not in out and (root / target.partition("::")[0]).exists():
                out.append(target)

    for name in files:
        path = root / name
        parts = Path(name).parts
        if parts[0] == "docs" and name.endswith(".md") and len(parts) > 2:
            topic = Path(*parts[2:]).with_suffix("").as_posix()
            add(*(f"docs/{lang}/{topic}.md" for lang in LANGS))
            add(_topic_test(topic), SITE_RULES)
        elif parts[0] == "docs" and name.endswith(".ipynb"):
            add("tests/test_notebooks.py", SITE_RULES)
        elif parts[0] == "snippets" and name.endswith(".py"):
            graph = graph if graph is not None else include_graph(root)
            topic = Path(*parts[1:]).with_suffix("").as_posix()
            for source in sorted(graph.get(name, ())):
                if source.startswith("notebooks/"):
                    add(*_notebook_tests(source))
                else:
                    add(source)
            add(_topic_test(topic), f"tests/test_snippets.py::test_snippet_runs_alone[{name}]")
            add(SITE_RULES)
        elif parts[0] == "notebooks" and name.endswith(".md"):
            add(*_notebook_tests(name), SITE_RULES)
        elif parts[0] == "tests" and path.suffix == ".py":
            add(name)
        elif name in ("README.md", ".ci/run"):
            add("tests/test_readme.py")
        elif name.endswith(".md") or not path.exists():
            continue  # guides and notes; deleted files show up through what used them
        else:
            return EVERYTHING  # something we cannot map: check it all
    return out


def _topic_test(topic: str) -> str:
    part, _, name = topic.rpartition("/")
    return f"tests/{part}/test_{name}.py"


def _notebook_tests(source: str) -> list[str]:
    return [
        f"tests/test_notebooks.py::test_notebook_is_up_to_date[{source}]",
        f"tests/test_notebooks.py::test_notebook_cells_run_and_match_stored_outputs[{source}]",
    ]
