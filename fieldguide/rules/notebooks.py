"""Stored notebooks match their sources."""

from __future__ import annotations

from pathlib import Path

from ..layout import (
    ROOT,
    front_matter,
    rel,
)
from ..notebooks import notebook_sources
from ._common import _line_of

READS = ("notebooks/**/*.md", "snippets/**/*.py", "docs/<lang>/**/*.ipynb")
ABOUT = {
    "en": "each notebook stored in docs/ matches a fresh build from its source",
    "zh": "docs/ 中保存的每个笔记本都与从源文件重新生成的结果一致",
}


def check(root: Path = ROOT) -> list[str]:
    """Each notebook stored in docs/ was built from its source as it is now: the cells'
    sources (the prose of notebooks/<part>/<topic>.<lang>.md and the snippet's sections)
    and metadata match a fresh build. Compares sources only; nothing is executed."""
    import json

    from ..notebooks import CELL_RE, build_notebook, notebook_target

    problems = []
    for source in notebook_sources(root):
        target = notebook_target(source, root)
        where, rebuild = rel(source, root), "rebuild it: nox -s notebooks"
        if not target.exists():
            problems.append(f"{where}:1: no notebook {rel(target, root)} built from it; {rebuild}")
            continue
        try:
            fresh = build_notebook(source, root)
        except Exception as exc:  # a missing snippet or section: say which, change nothing
            problems.append(f"{where}:1: cannot build its notebook: {exc}")
            continue
        stored = json.loads(target.read_text("utf-8"))
        cells = [(c["cell_type"], _joined(c["source"])) for c in stored["cells"]]
        expected = [(c.cell_type, c.source) for c in fresh.cells]
        if cells == expected and stored["metadata"].get("fieldguide") == dict(
            fresh.metadata["fieldguide"]
        ):
            continue
        index = next(
            (i for i, pair in enumerate(zip(cells, expected, strict=False)) if pair[0] != pair[1]),
            min(len(cells), len(expected)),
        )
        at, line = where, 1
        if index < len(expected):
            kind, text = expected[index]
            if kind == "code":  # the index-th code cell is the snippet section named so
                names = CELL_RE.findall(source.read_text("utf-8"))
                number = sum(1 for k, _ in expected[:index] if k == "code")
                module = root / front_matter(source)["source"]
                at, line = rel(module, root), _section_line(module, names[number])
            else:  # the first line of the fresh cell that the stored one lacks
                old = cells[index][1].splitlines() if index < len(cells) else []
                new = text.splitlines() or [""]
                probe = next((a for a, b in zip(new, old, strict=False) if a != b), None)
                probe = probe if probe is not None else new[min(len(old), len(new) - 1)]
                line = _line_of(source, probe.lstrip("#").strip())
        problems.append(
            f"{at}:{line}: the notebook {rel(target, root)} is stale: cell {index + 1} differs "
            f"from a fresh build of {where}; {rebuild}"
        )
    return problems


def _joined(source: str | list[str]) -> str:
    return "".join(source) if isinstance(source, list) else source


def _section_line(module: Path, name: str) -> int:
    lines = module.read_text("utf-8").splitlines()
    return next((i for i, line in enumerate(lines, 1) if f"[start:{name}]" in line), 1)
