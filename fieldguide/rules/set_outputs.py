"""No `#>` line shows a set of strings."""

from __future__ import annotations

import re
from pathlib import Path

from ..layout import (
    LANGS,
    ROOT,
    pages,
    rel,
    snippet_modules,
)

READS = ("snippets/**/*.py", "docs/<lang>/**/*.md")
ABOUT = {
    "en": "no `#>` line shows a set of strings (its order changes from run to run)",
    "zh": "`#>` 输出里没有字符串集合（其顺序每次运行都可能不同）",
}


# A `#>` line that shows a set (or frozenset) of two or more strings: its order depends on
# the string hash seed, which changes with every Python process (PYTHONHASHSEED).
SET_OF_STRINGS_RE = re.compile(
    r"(?:frozenset\()?\{(?P<items>(?:'[^']*'|\"[^\"]*\")(?:, (?:'[^']*'|\"[^\"]*\"))+)\}"
)


def check(root: Path = ROOT) -> list[str]:
    """No checked output shows a set of strings: Python orders it by the strings' hashes,
    which are salted per process, so the next run prints another order. Print
    ``sorted(...)`` instead."""
    problems = []
    files = list(snippet_modules(root))
    files += [p for lang in LANGS for p in pages(root, lang, suffixes=(".md",))]
    for path in files:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            text = line.strip()
            if not text.startswith("#>"):
                continue
            for m in SET_OF_STRINGS_RE.finditer(text):  # a dict's `'a': 1` never matches
                problems.append(
                    f"{rel(path, root)}:{number}: `#>` shows a set of strings ({m[0][:40]}), "
                    "whose order changes from run to run (string hashes are salted per process, "
                    "PYTHONHASHSEED); print sorted(...) of it instead"
                )
    return problems
