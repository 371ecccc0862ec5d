"""Changed-only runs: which tests a change needs, read from ``git`` and the include graph.

``pytest --changed`` (``nox -s tests -- --changed``) compares the work tree, staged and
untracked files included, with the merge base of ``main`` (``--changed=<ref>`` for another
base), and runs only what those files can affect:

- a page: both language versions (they share one run), its topic test, the site's rules,
  the tests of the claims made on it (tests/claims/test_claims.py reads the pages);
- a snippet module: every page and notebook that includes it, its topic test, its own run;
- an asset (an image, a data file) under docs/<lang>/<part>/ or snippets/<part>/: the pages
  and modules of that part that name it, and the site's rules;
- a notebook source: that notebook's tests; a test file: itself; MAINTAINERS.md: the test
  that holds its table of claims;
- mkdocs.yml or mkdocs.en.yml where only the `nav:` changed (what new_page does), and
  docs/topics.yml: the site's rules (nav, topics) and the topic coverage test;
- the machinery (fieldguide/, hooks, tests/conftest.py, the lock, pyproject.toml, the rest
  of mkdocs*.yml, overrides/, noxfile.py, docs/terms.yml): everything, since it can change
  any result. The run names the file that forced it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from . import topics
from .layout import LANGS, ROOT, rel

MACHINERY = (
    "fieldguide/",
    "hooks/",
    "overrides/",
    "tests/conftest.py",
    "uv.lock",
    "pyproject.toml",
    "noxfile.py",
    "docs/terms.yml",
)
# The rules every page must pass (links, pairs, topics, includes...): quick, and a page
# edit can break them for another page.
SITE_RULES = "tests/test_integrity.py::test_rule_holds_for_the_site"
CLAIMS = "tests/claims/test_claims.py"
MAINTAINERS_TABLE = "tests/claims/test_claims.py::test_maintainers_counts_match_the_list"
TOPIC_COVERAGE = "tests/test_integrity.py::test_every_topic_is_covered_in_both_languages"
NAV_CONFIGS = ("mkdocs.yml", "mkdocs.en.yml")
EVERYTHING = None


def changed_files(base: str = "main", root: Path = ROOT) -> list[str]:
    """Files that differ from the merge base of ``base`` and HEAD, plus uncommitted and
    untracked ones (paths relative to the repository)."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)}: {out.stderr.strip()}")
        return [line for line in out.stdout.splitlines() if line.strip()]

    merge_base = _merge_base(base, root)
    files = git("diff", "--name-only", merge_base)  # committed since, and uncommitted
    files += git("ls-files", "--others", "--exclude-standard")
    return sorted(set(files))


def _merge_base(base: str, root: Path) -> str:
    out = subprocess.run(
        ["git", "merge-base", base, "HEAD"], cwd=root, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"git merge-base {base} HEAD: {out.stderr.strip()}")
    return out.stdout.split()[0]


def _base_text(name: str, base: str, root: Path) -> str | None:
    """``name`` as it is at the merge base of ``base`` (None where it did not exist)."""
    out = subprocess.run(
        ["git", "show", f"{_merge_base(base, root)}:{name}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout if out.returncode == 0 else None


def _without_nav(text: str) -> str:
    """A config without its top-level ``nav:`` section."""
    out, in_nav = [], False
    for line in text.splitlines():
        if line.startswith("nav:"):
            in_nav = True
            continue
        if in_nav and line.strip() and not line[0].isspace() and not line.startswith("-"):
            in_nav = False
        if not in_nav:
            out.append(line)
    return "\n".join(out).strip()


def forcing_file(files: list[str], root: Path = ROOT, base: str = "main") -> str | None:
    """The first of ``files`` that makes a changed-only run check everything, if any."""
    for name in files:
        if name.startswith(MACHINERY):
            return name
        if name in NAV_CONFIGS:
            old, path = _base_text(name, base, root), root / name
            if old is None or not path.exists():
                return name
            if _without_nav(old) != _without_nav(path.read_text("utf-8")):
                return name  # more than the nav changed
        elif name.startswith("mkdocs") and name.endswith(".yml"):
            return name
        elif _unmapped(name, root):
            return name
    return None


def _unmapped(name: str, root: Path) -> bool:
    """A file no rule below maps (it could affect anything)."""
    path, parts = root / name, Path(name).parts
    if not path.exists() or name.endswith(".md") or name in ("README.md", ".ci/run"):
        return False
    if name == "docs/topics.yml" or parts[0] in ("snippets", "notebooks"):
        return False
    if parts[0] == "docs":  # docs/<lang>/...: pages and their assets; docs/*.yml: not mapped
        return not (len(parts) > 2 and parts[1] in LANGS)
    return parts[0] != "tests" or (path.suffix != ".py" and len(parts) < 3)


def include_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """snippet module -> the pages (both languages) and notebook sources that include it."""
    return {module: set(users) for module, users in topics.catalog(root).users.items()}


def tests_for(files: list[str], root: Path = ROOT, base: str = "main") -> list[str] | None:
    """The pytest arguments (paths and node ids) that check ``files``; None for the whole
    suite (``forcing_file`` says which file forced it)."""
    if forcing_file(files, root, base) is not None:
        return EVERYTHING
    known = topics.catalog(root)
    out: list[str] = []

    def add(*targets: str) -> None:
        for target in targets:
            if target not in out and (root / target.partition("::")[0]).exists():
                out.append(target)

    def pages_of(topic_id: str) -> list[str]:
        return [f"docs/{lang}/{topic_id}.md" for lang in LANGS]

    for name in files:
        path = root / name
        parts = Path(name).parts
        topic = topics.topic_id(path, root)
        if name in NAV_CONFIGS or name == "docs/topics.yml":
            add(SITE_RULES, TOPIC_COVERAGE)  # forcing_file found only the nav changed
        elif parts[0] == "docs" and name.endswith(".md") and len(parts) > 2:
            add(*pages_of(topic))
            add(topics.test_name(topic), SITE_RULES, *_claims_of(f"{topic}.md", root))
        elif parts[0] == "docs" and name.endswith(".ipynb"):
            add("tests/test_notebooks.py", SITE_RULES)
        elif parts[0] in ("docs", "snippets") and path.suffix not in (".md", ".py", ".ipynb"):
            add(*_asset_users(name, root, known), SITE_RULES)
        elif parts[0] == "snippets" and name.endswith(".py"):
            add(*sorted(known.pages_using(name)))
            for source in sorted(known.notebooks_using(name)):
                add(*_notebook_tests(source))
            add(topics.test_name(topic), f"tests/test_snippets.py::test_snippet_runs_alone[{name}]")
            add(SITE_RULES)
        elif parts[0] == "notebooks" and name.endswith(".md"):
            add(*_notebook_tests(name), SITE_RULES)
        elif parts[0] == "tests" and path.suffix == ".py":
            add(name)
        elif parts[0] == "tests":  # data a folder's tests read (tests/claims/claims.yml)
            add(*(rel(p, root) for p in sorted(path.parent.glob("test_*.py"))))
        elif name in ("README.md", ".ci/run"):
            add("tests/test_readme.py")
        elif name == "MAINTAINERS.md":
            add(MAINTAINERS_TABLE)
        elif name.endswith(".md") or not path.exists():
            continue  # guides and notes; deleted files show up through what used them
    return out


def _asset_users(name: str, root: Path, known: topics.Catalog) -> list[str]:
    """The pages (both languages) and snippet modules of an asset's part that name it, and
    what checks them: an image under docs/zh/nn/ is shown by pages of nn/, a data file
    under snippets/nn/ is read by a module of nn/."""
    parts = Path(name).parts
    part = parts[2] if parts[0] == "docs" else parts[1]
    if len(parts) < (4 if parts[0] == "docs" else 3):
        return []  # not inside a part
    out: list[str] = []
    filename = Path(name).name
    for topic in known.topics.values():
        if topic.part != part:
            continue
        if topic.module is not None and filename in topic.module.read_text("utf-8"):
            out += known.pages_using(topic.module)
            out.append(topics.test_name(topic.id))
        if any(filename in page.read_text("utf-8") for page in topic.pages.values()):
            out += [f"docs/{lang}/{topic.id}.md" for lang in LANGS]
    return out


def _claims_of(page: str, root: Path) -> list[str]:
    """The claims tests (tests/claims/test_claims.py, which reads the pages) of the claims
    made on ``page`` (``<part>/<topic>.md``): none for a page without claims; the whole file
    when the list cannot be read."""
    import yaml

    listed = root / "tests/claims/claims.yml"
    if not listed.exists():
        return []
    try:
        claims = yaml.safe_load(listed.read_text("utf-8")) or {}
        ids = [
            f"{entry['page']}#{i}"
            for entries in claims.values()
            for i, entry in enumerate(entries)
            if entry.get("page") == page
        ]
    except (OSError, yaml.YAMLError, AttributeError, TypeError, KeyError):
        return [CLAIMS]
    return [
        f"{CLAIMS}::{test}[{id_}]"
        for id_ in ids
        for test in ("test_entry_is_well_formed", "test_quoted_text_is_on_the_page")
    ]


def _notebook_tests(source: str) -> list[str]:
    return [
        f"tests/test_notebooks.py::test_notebook_is_up_to_date[{source}]",
        f"tests/test_notebooks.py::test_notebook_cells_run_and_match_stored_outputs[{source}]",
    ]
