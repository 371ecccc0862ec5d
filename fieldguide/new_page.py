"""Scaffold a new topic: both pages, the snippet module, its test and the nav entries.

Usage: python -m fieldguide new_page <part>/<topic> [--root PATH]
       (or: nox -s new_page -- <part>/<topic>)

The scaffold runs, but it is not finished: the suite fails until the placeholder text is
replaced, `topics:` lists the page's topics and the Chinese page has a Chinese title
(fieldguide.rules.check_scaffolds). A malformed name, an unknown part, a reserved name
(index, glossary) or a name already taken by a page or a nav title gets a one-line error,
exit status 2, and nothing is changed.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

from .layout import CONFIGS, LANGS, ROOT, parts
from .rules import nav_entries

NAME_RE = re.compile(r"^(?P<part>[a-z][a-z0-9_]*)/(?P<topic>[a-z][a-z0-9_]*)$")
# An item of a part's list of pages: `- [Title](page.md): ...` (a page of the same part).
INDEX_ITEM_RE = re.compile(r"^[-*] \[[^\]]*\]\([^/)]+\.(?:md|ipynb)\)")
# Part landing pages, the generated glossary, and each part's practice pages (questions and
# exercises, filled by hooks/practice.py and the exercises' own files).
RESERVED = ("index", "glossary", "questions", "exercises")

SNIPPET = '''"""TODO: one line on what this module teaches (TOPICS ...).

Run it alone: python snippets/{part}/{topic}.py
"""

# --8<-- [start:first]
import torch

x = torch.arange(3)
print(x)
#> tensor([0, 1, 2])
# --8<-- [end:first]
'''

PAGE = {
    "zh": """---
topics: []
---

# {topic}

（在这里用中文介绍本页的主题。把本页覆盖的 TOPICS 编号写进上面的 `topics:`。）

```python
--8<-- "snippets/{part}/{topic}.py:first"
```
""",
    "en": """---
topics: []
---

# {topic}

(Introduce the topic here. List the TOPICS IDs this page covers in `topics:` above.)

```python
--8<-- "snippets/{part}/{topic}.py:first"
```
""",
}

TEST = '''"""Facts behind docs/*/{part}/{topic}.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("{part}/{topic}")


def test_first(ns):
    assert torch.equal(ns["x"], torch.tensor([0, 1, 2]))
'''


class ScaffoldError(Exception):
    pass


def plan(name: str, root: Path) -> dict[Path, str]:
    """Every file to write, with its new content; raises ScaffoldError on bad input."""
    m = NAME_RE.match(name)
    if m is None:
        raise ScaffoldError(
            f"malformed name {name!r}: expected <part>/<topic> in lower_snake_case, "
            "e.g. tensors/masking"
        )
    part, topic = m["part"], m["topic"]
    if topic in RESERVED:
        raise ScaffoldError(
            f"{topic!r} is reserved ({part}/{topic}.md is the part's landing page or the "
            "glossary); pick another name"
        )
    if importlib.util.find_spec(topic) is not None:
        # `python snippets/<part>/<topic>.py` puts its folder first on the import path.
        raise ScaffoldError(
            f"topic {topic!r} would shadow the installed module {topic!r} when the snippet "
            "runs; pick another name, e.g. numpy_arrays"
        )
    if part not in parts(root):
        raise ScaffoldError(f"unknown part {part!r}; known parts: {', '.join(parts(root))}")
    for lang in LANGS:
        for page in (root / "docs" / lang).rglob(f"{topic}.*"):
            if page.suffix in (".md", ".ipynb"):
                taken = page.relative_to(root / "docs" / lang).as_posix()
                raise ScaffoldError(f"{topic!r} is already a page ({taken}); pick another name")
    titles = {
        (title or "").casefold(): uri for lang in LANGS for title, uri in nav_entries(root, lang)
    }
    for candidate in (topic, topic.replace("_", " ")):
        if candidate.casefold() in titles:
            raise ScaffoldError(
                f"{topic!r} is already the nav title of {titles[candidate.casefold()]}; "
                "pick another name"
            )
    fields = {"part": part, "topic": topic}
    files = {
        root / "snippets" / part / f"{topic}.py": SNIPPET.format(**fields),
        root / "tests" / part / f"test_{topic}.py": TEST.format(**fields),
    }
    for lang, config in CONFIGS.items():  # each source language's config (docs/languages.yml)
        page = PAGE.get(lang, PAGE["en"])  # a new source language starts from English
        files[root / "docs" / lang / part / f"{topic}.md"] = page.format(**fields)
        index = root / "docs" / lang / part / "index.md"
        files[index] = add_to_index(index, topic)
        files[root / config] = add_to_nav(root / config, part, topic)
    for path in files:
        if path.name not in ("index.md", *CONFIGS.values()) and path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} already exists; pick another name")
    return files


def add_to_index(index: Path, topic: str) -> str:
    """Add `- [<topic>](<topic>.md)` to the part's list of pages: after its last item
    (and that item's continuation lines), or as a new list at the end of a page with none."""
    lines = index.read_text("utf-8").splitlines()
    entry = f"- [{topic}]({topic}.md)"
    last = max((i for i, line in enumerate(lines) if INDEX_ITEM_RE.match(line)), default=None)
    if last is None:
        return "\n".join(lines).rstrip("\n") + f"\n\n{entry}\n"
    end = last + 1
    while end < len(lines) and lines[end].strip() and not re.match(r"[-*] ", lines[end]):
        end += 1  # the item's continuation lines
    lines.insert(end, entry)
    return "\n".join(lines) + "\n"


def add_to_nav(config: Path, part: str, topic: str) -> str:
    """Insert `- <topic>: <part>/<topic>.md` as the last entry of the part's nav section."""
    lines = config.read_text("utf-8").splitlines()
    anchor = f"- {part}/index.md"
    start = next((i for i, line in enumerate(lines) if line.strip() == anchor), None)
    if start is None:
        raise ScaffoldError(f"{config.name}: no nav section with {anchor!r}")
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    end = start + 1
    while end < len(lines) and lines[end].startswith(indent + "- "):
        end += 1
    lines.insert(end, f"{indent}- {topic}: {part}/{topic}.md")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fieldguide new_page", description="Scaffold a new topic page."
    )
    parser.add_argument("name", help="<part>/<topic>, e.g. tensors/masking")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    try:
        files = plan(args.name, args.root.resolve())
    except ScaffoldError as err:
        print(f"new_page: {err}", file=sys.stderr)
        return 2
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        print(f"wrote {path.relative_to(args.root.resolve())}")
    print(
        "Now fill it in: the pages' text and titles, `topics:` and the module's docstring "
        "(the suite fails until you do)."
    )
    return 0
