"""Integrity rules: the quick checks of ``python -m fieldguide check``.

One rule per module of this package. A module is a rule when its name does not start with
``_``; it declares

- ``READS``: the files it reads, as glob patterns from the root (``<lang>`` stands for
  each source language: docs/zh/, docs/en/);
- ``ABOUT``: what it checks, one line in each language (``en``, ``zh``): the tables of
  CONTRIBUTING.md and CONTRIBUTING.zh.md are these lines (a test compares them);
- ``check(root) -> list[str]``: the problems, each ``"path:line: message"``; the tests
  assert the list is empty for the real tree and non-empty for a bad fixture tree.

:data:`REGISTRY` is every rule, found in this folder: adding a rule is adding a module.
``check``, ``tests/test_integrity.py`` and the CONTRIBUTING tables read it. No rule runs
code or imports pytest or torch: ``check`` takes a few seconds.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# The names other modules and the tests import from here (``fieldguide.rules.check_links``).
from .alt_text import check as check_alt_text
from .external import check as check_external
from .external import remote_loads
from .fences import check as check_fences
from .file_sizes import MAX_FILE_BYTES
from .file_sizes import check as check_file_sizes
from .include_parity import check as check_include_parity
from .includes_resolve import check as check_includes_resolve
from .inline_code_parity import check as check_inline_code_parity
from .links import LINK_RE, anchors, is_figure
from .links import check as check_links
from .nav import check as check_nav
from .nav import nav_entries
from .notebooks import check as check_notebooks
from .pairs import check as check_pairs
from .scaffolds import PLACEHOLDERS, SPECIAL_PAGES
from .scaffolds import check as check_scaffolds
from .sections import check as check_sections
from .set_outputs import check as check_set_outputs
from .snippet_imports import check as check_snippet_imports
from .snippet_imports import project_imports
from .snippet_syntax import check as check_snippet_syntax
from .topics import check as check_topics
from .topics import coverage, known_topics, topic_line
from .unused_snippets import check as check_unused_snippets

__all__ = [
    "LINK_RE",
    "MAX_FILE_BYTES",
    "PLACEHOLDERS",
    "REGISTRY",
    "SPECIAL_PAGES",
    "Rule",
    "anchors",
    "check_alt_text",
    "check_external",
    "check_fences",
    "check_file_sizes",
    "check_include_parity",
    "check_includes_resolve",
    "check_inline_code_parity",
    "check_links",
    "check_nav",
    "check_notebooks",
    "check_pairs",
    "check_scaffolds",
    "check_sections",
    "check_set_outputs",
    "check_snippet_imports",
    "check_snippet_syntax",
    "check_topics",
    "check_unused_snippets",
    "coverage",
    "is_figure",
    "known_topics",
    "nav_entries",
    "problems",
    "project_imports",
    "remote_loads",
    "table",
    "topic_line",
]
TABLE_LANGS = ("en", "zh")  # the languages of CONTRIBUTING.md and CONTRIBUTING.zh.md


@dataclass(frozen=True)
class Rule:
    name: str  # the module's name, words separated by spaces: "include parity"
    module: str  # fieldguide.rules.include_parity
    reads: tuple[str, ...]
    about: dict[str, str]
    check: Callable[[Path], list[str]]


def _load(name: str) -> Rule:
    module = importlib.import_module(f"{__name__}.{name}")
    missing = [a for a in ("READS", "ABOUT", "check") if not hasattr(module, a)]
    missing += [
        f"ABOUT[{lang!r}]" for lang in TABLE_LANGS if lang not in getattr(module, "ABOUT", {})
    ]
    if missing:
        raise TypeError(
            f"fieldguide/rules/{name}.py: a rule module declares READS, ABOUT (en, zh) and "
            f"check(root); it lacks {', '.join(missing)} (a helper module's name starts with _)"
        )
    return Rule(
        name.replace("_", " "), module.__name__, tuple(module.READS), module.ABOUT, module.check
    )


REGISTRY: tuple[Rule, ...] = tuple(
    _load(info.name)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    if not info.name.startswith("_")
)


def problems(root: Path) -> list[str]:
    """Every rule's problems on the tree at ``root``, rule after rule."""
    return [p for rule in REGISTRY for p in rule.check(root)]


def table(lang: str) -> str:
    """The Markdown table of the rules that CONTRIBUTING.md (``en``) and CONTRIBUTING.zh.md
    (``zh``) show between their ``<!-- rules -->`` and ``<!-- /rules -->`` lines."""
    head = {
        "en": "| rule | what it checks | what it reads |",
        "zh": "| 规则 | 检查什么 | 读取哪些文件 |",
    }[lang]
    rows = [head, "| --- | --- | --- |"]
    for rule in REGISTRY:
        reads = ", ".join(f"`{pattern}`" for pattern in rule.reads)
        rows.append(f"| `{rule.name}` | {rule.about[lang]} | {reads} |")
    return "\n".join(rows)
