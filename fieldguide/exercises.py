"""Exercises: `exercises/<part>/<name>/` holds a starter a learner downloads and the
reference solution; `exercises/check.py` (plain Python and torch, no project imports)
checks either; `exercises/catalog.yml` lists them for the site; each part's
`docs/<lang>/<part>/exercises.md` states the tasks.

Scaffold one: python -m fieldguide new_exercise <part>/<name> [--root PATH]
(or: nox -s new_exercise -- <part>/<name>). It writes the solution (a placeholder
function), its starter, the catalog entry and the task on both languages' exercise pages
(creating the pages and their nav entries for a part that has none). The suite fails until
the task, titles and cases are written: exercises/check.py has no cases for it yet.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

import yaml

from .layout import LANGS, ROOT, parts

NAME_RE = re.compile(r"^(?P<part>[a-z][a-z0-9_]*)/(?P<name>[a-z][a-z0-9_]*)$")
CATALOG = "exercises/catalog.yml"
KEYS = ("id", "part", "topic", "title_zh", "title_en", "page", "anchor")
# What new_exercise writes and a contributor must replace (fieldguide.rules finds it).
PLACEHOLDERS = ("TODO: describe the task", "（在这里用中文写出题目", "(State the task here.")


def catalog(root: Path = ROOT) -> list[dict]:
    """The entries of exercises/catalog.yml, in order ([] when there is none)."""
    path = root / CATALOG
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text("utf-8")) or []


def published(root: Path = ROOT) -> list[Path]:
    """The exercise files the site publishes at the same path (the checker, every starter
    and solution), so that pages can link them for download."""
    folder = root / "exercises"
    files = [folder / "check.py"] if (folder / "check.py").exists() else []
    files += sorted(folder.glob("*/*/starter.py")) + sorted(folder.glob("*/*/solution.py"))
    return files


def is_published(root: Path, page: Path, target: str) -> bool:
    """Is ``target`` (a link relative to ``page``) an exercise file the build publishes?"""
    for lang in LANGS:
        docs = root / "docs" / lang
        if page.resolve().is_relative_to(docs.resolve()):
            uri = (page.parent / target).resolve()
            try:
                inside = uri.relative_to(docs.resolve())
            except ValueError:
                return False
            return (root / inside) in published(root)
    return False


# ------------------------------------------------------------------------ starters


def starter_from_solution(text: str) -> str:
    """The starter file for a solution: the same imports, and each top-level function (and
    each method of a top-level class) with its signature and docstring, its body replaced
    by ``raise NotImplementedError``; the ``if __name__ == "__main__":`` example dropped."""
    lines = text.splitlines()
    tree = ast.parse(text)
    out: list[str] = []

    def stub(fn: ast.FunctionDef, indent: str) -> None:
        first = fn.body[0]
        has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
        head_end = first.end_lineno if has_doc else fn.body[0].lineno - 1
        start = fn.lineno - 1 - len(fn.decorator_list)
        out.extend(lines[start:head_end])
        out.append(f'{indent}    raise NotImplementedError("write {fn.name}")')

    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    if imports:  # the import block as written (its groups and blank lines)
        out.extend(lines[imports[0].lineno - 1 : imports[-1].end_lineno])
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if out and out[-1] != "":
            out.extend(["", ""])
        if isinstance(node, ast.FunctionDef):
            stub(node, "")
        elif isinstance(node, ast.ClassDef):
            body = node.body
            head_end = body[0].lineno - 1
            if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                head_end = body[0].end_lineno
            out.extend(lines[node.lineno - 1 : head_end])
            for item in body:
                if isinstance(item, ast.FunctionDef):
                    out.append("")
                    stub(item, "    ")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------ scaffold

SOLUTION = '''import torch


def {name}(x: torch.Tensor) -> torch.Tensor:
    """TODO: describe the task (what the arguments are, what to return: shape, dtype)."""
    return x.clone()


if __name__ == "__main__":
    print({name}(torch.arange(3)))
    #> tensor([0, 1, 2])
'''

PAGE = {
    "zh": """---
topics: []
---

# {part_title}：练习

每道练习给出一个函数的签名和文档字符串。把起始文件 `starter.py` 和检查程序
[`check.py`](../exercises/check.py) 下载到同一个目录，补全函数，再运行题目下面的命令检查。
检查程序每次都用新的随机输入、形状和数据类型；没通过时，它会指出是哪个用例、输入是什么、
期望结果和你的结果。参考答案折叠在每道题的最后。
""",
    "en": """---
topics: []
---

# {part_title}: exercises

Each exercise gives a function's signature and docstring. Download its starter file
`starter.py` and the checker [`check.py`](../exercises/check.py) into one folder, write the
function, then run the command under the task. The checker uses new random inputs, shapes
and dtypes every time; when a case fails it shows which one, its input, the expected result
and yours. The reference solution is folded at the end of each exercise.
""",
}

TASK = {
    "zh": """
## {name} {{#{anchor}}}

（在这里用中文写出题目，并链接讲解它的页面。）

```python
--8<-- "exercises/{part}/{name}/starter.py"
```

下载 [`starter.py`](../exercises/{part}/{name}/starter.py)，写好后运行：

<!-- norun: checks the reader's own file -->
```bash
python check.py {part}/{name} starter.py
```

??? success "参考答案"

    ```python
    --8<-- "exercises/{part}/{name}/solution.py"
    ```
""",
    "en": """
## {name} {{#{anchor}}}

(State the task here, and link the page that teaches it.)

```python
--8<-- "exercises/{part}/{name}/starter.py"
```

Download [`starter.py`](../exercises/{part}/{name}/starter.py), write it, then run:

<!-- norun: checks the reader's own file -->
```bash
python check.py {part}/{name} starter.py
```

??? success "Reference solution"

    ```python
    --8<-- "exercises/{part}/{name}/solution.py"
    ```
""",
}


class ScaffoldError(Exception):
    pass


def catalog_entry(part: str, name: str, topic: str, title_zh: str, title_en: str) -> str:
    zh, en = (json.dumps(t, ensure_ascii=False) for t in (title_zh, title_en))  # YAML quoting
    return (
        f"- id: {part}/{name}\n  part: {part}\n  topic: {topic}\n  title_zh: {zh}\n"
        f"  title_en: {en}\n  page: {part}/exercises.md\n  anchor: {name}\n"
    )


def plan(exercise: str, root: Path) -> dict[Path, str]:
    """Every file to write, with its new content; raises ScaffoldError on bad input."""
    from .new_page import add_to_nav

    m = NAME_RE.match(exercise)
    if m is None:
        raise ScaffoldError(
            f"malformed name {exercise!r}: expected <part>/<name> in lower_snake_case, "
            "e.g. tensors/masked_fill"
        )
    part, name = m["part"], m["name"]
    if part not in parts(root):
        raise ScaffoldError(f"unknown part {part!r}; known parts: {', '.join(parts(root))}")
    if any(e["id"] == exercise for e in catalog(root)) or (root / "exercises" / exercise).exists():
        raise ScaffoldError(f"exercise {exercise!r} exists already; pick another name")
    folder = root / "exercises" / part / name
    solution = SOLUTION.format(name=name)
    files = {
        folder / "solution.py": solution,
        folder / "starter.py": starter_from_solution(solution),
    }
    topics = sorted(p.name for p in (root / "docs" / "zh" / part).glob("*.md"))
    topic = next((t for t in topics if t not in ("index.md", "exercises.md")), "index.md")
    entry = catalog_entry(part, name, f"{part}/{topic}", name, name)
    path = root / CATALOG
    old = path.read_text("utf-8") if path.exists() else ""
    files[path] = old + ("" if not old or old.endswith("\n") else "\n") + entry
    for lang, config in (("zh", "mkdocs.yml"), ("en", "mkdocs.en.yml")):
        page = root / "docs" / lang / part / "exercises.md"
        if page.exists():
            text = page.read_text("utf-8")
        else:
            title = _part_title(root, lang, part)
            text = PAGE[lang].format(part_title=title)
            files[root / config] = add_to_nav(root / config, part, "exercises").replace(
                f"- exercises: {part}/exercises.md",
                f"- {'练习' if lang == 'zh' else 'Exercises'}: {part}/exercises.md",
            )
        files[page] = (
            text.rstrip("\n") + "\n" + TASK[lang].format(part=part, name=name, anchor=name)
        )
    return files


def _part_title(root: Path, lang: str, part: str) -> str:
    index = (root / "docs" / lang / part / "index.md").read_text("utf-8")
    m = re.search(r"^#\s+(.+?)\s*$", index, re.M)
    return m[1] if m else part


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fieldguide new_exercise", description="Scaffold a new exercise."
    )
    parser.add_argument("name", help="<part>/<name>, e.g. tensors/masked_fill")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        files = plan(args.name, root)
    except ScaffoldError as err:
        print(f"new_exercise: {err}", file=sys.stderr)
        return 2
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        print(f"wrote {path.relative_to(root)}")
    print(
        f"Now: write the solution and regenerate the starter from it, add the cases to "
        f"exercises/check.py (@exercise({args.name!r}, ...)), the task in both languages and "
        "the titles and topic in exercises/catalog.yml. The suite fails until you do."
    )
    return 0


def write_starters(argv: list[str] | None = None, root: Path = ROOT) -> int:
    """Rewrite every exercise's starter.py from its solution.py (signature and docstring)."""
    for solution in sorted((root / "exercises").glob("*/*/solution.py")):
        starter = solution.with_name("starter.py")
        text = starter_from_solution(solution.read_text("utf-8"))
        if not starter.exists() or starter.read_text("utf-8") != text:
            starter.write_text(text, "utf-8")
            print(f"wrote {starter.relative_to(root)}")
    return 0
