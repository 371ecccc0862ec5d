"""A small site tree for the "bad fixture must fail" tests: it passes every rule, and a
test overrides one file to plant a mistake."""

from __future__ import annotations

import textwrap
from pathlib import Path

from .layout import ROOT

SNIPPET = """\
# --8<-- [start:hello]
print(1 + 1)
#> 2
# --8<-- [end:hello]

# --8<-- [start:bye]
print("bye")
#> bye
# --8<-- [end:bye]
"""

PAGE = """\
---
topics: [T2]
---

# Page

```python
--8<-- "snippets/part/demo.py:hello"
```

```python
--8<-- "snippets/part/demo.py:bye"
```
"""

NAV = "\nnav:\n  - part/demo.md\n"

# A notebook source built from the demo module (notebooks/part/<name>.<lang>.md).
NOTEBOOK = """\
---
title: Demo
source: snippets/part/demo.py
---

Intro.
"""


def make_site(tmp_path: Path, files: dict[str, str | None] | None = None) -> Path:
    """A small site tree that passes every rule; ``files`` overrides or adds files
    (``None`` removes one)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config[: config.index("\nnav:\n")] + NAV
    base = {
        "mkdocs.yml": config,
        "mkdocs.en.yml": "INHERIT: mkdocs.yml\ndocs_dir: docs/en\n" + NAV,
        "docs/topics.yml": 'T2: "Creation"\n',
        "docs/terms.yml": "terms: []\n",
        "snippets/part/demo.py": SNIPPET,
        "docs/zh/part/demo.md": PAGE,
        "docs/en/part/demo.md": PAGE,
    }
    base.update(files or {})
    for name, text in base.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(textwrap.dedent(text) if name != "mkdocs.yml" else text, "utf-8")
    return tmp_path


def config_site(tmp_path: Path, pages: dict[str, str], **settings) -> Path:
    """A small MkDocs site in ``tmp_path`` built with the real configuration (theme,
    extensions, overrides, validation): ``pages`` under docs/, ``settings`` on top of
    mkdocs.yml's (``hooks``, ``plugins``, ``nav``, ``INHERIT``...). Returns its config."""
    import json

    tmp_path.mkdir(parents=True, exist_ok=True)
    docs = tmp_path / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, "utf-8")
    config = tmp_path / "mkdocs.yml"
    base = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(docs),
        "site_dir": str(tmp_path / "site"),
        "site_url": "https://example.org/",
        "theme": {"custom_dir": str(ROOT / "overrides")},
        "nav": sorted(pages),
    }
    # JSON is YAML; absolute paths, since the site lives in tmp
    config.write_text(json.dumps({**base, **settings}), "utf-8")
    return config


def editions_site(tmp_path: Path, registry: str, files: dict[str, str] | None = None) -> Path:
    """A small buildable site of several editions (fieldguide.building.build_site(out,
    root=...)): ``registry`` is its docs/languages.yml, so a test adds a language there
    alone. Each config inherits the real mkdocs.yml (theme, extensions, overrides) with the
    language hooks; ``files`` adds or overrides files (a derived edition's config, pages)."""
    nav = "nav:\n  - index.md\n  - part/demo.md\n  - glossary.md\n"
    hooks = ["i18n", "editions", "glossary", "downloads", "examples", "search_index"]
    base = {
        "mkdocs.yml": (
            f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs/zh\nsite_dir: site\n"
            f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
            "plugins:\n  search:\n    enabled: false\n"
            "hooks:\n" + "".join(f"  - {ROOT / 'hooks' / h}.py\n" for h in hooks) + nav
        ),
        "mkdocs.en.yml": "INHERIT: mkdocs.yml\ndocs_dir: docs/en\ntheme:\n  language: en\n",
        "docs/languages.yml": registry,
        "docs/terms.yml": "terms: []\n",
        "docs/zh/index.md": "# 首页\n\n见[演示](part/demo.md)。\n",
        "docs/zh/part/demo.md": "# 演示\n\n张量的数据在内存里。\n\n```python\nx = '数据'\n```\n",
        "docs/zh/glossary.md": "# 术语表\n\n<!-- glossary -->\n",
        "docs/en/index.md": "# Home\n\nSee [the demo](part/demo.md).\n",
        "docs/en/part/demo.md": "# Demo\n\nA tensor's data is in memory.\n",
        "docs/en/glossary.md": "# Glossary\n\n<!-- glossary -->\n",
    }
    base.update(files or {})
    for name, text in base.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return tmp_path
