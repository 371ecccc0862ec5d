"""Notebooks: built from notebooks/<part>/<topic>.<lang>.md (the prose) plus the snippet
module it names (the code), executed, and stored with their outputs in docs/<lang>/<part>/
(`python -m fieldguide notebooks`)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from . import reader
from .expansion import section_code
from .layout import ROOT, rel

CELL_RE = re.compile(r"^<!--\s*cell:\s*(?P<name>[\w-]+)\s*-->\s*$", re.M)


def notebook_sources(root: Path = ROOT) -> list[Path]:
    """The per-language texts notebooks are built from: notebooks/<part>/<topic>.<lang>.md"""
    return sorted((root / "notebooks").rglob("*.md")) if (root / "notebooks").exists() else []


def notebook_target(source: Path, root: Path = ROOT) -> Path:
    part = source.parent.relative_to(root / "notebooks")
    topic, lang = source.name.removesuffix(".md").rsplit(".", 1)
    return root / "docs" / lang / part / f"{topic}.ipynb"


def build_notebook(source: Path, root: Path = ROOT):
    """An unexecuted notebook: the page's prose as Markdown cells, the snippet's
    sections as code cells."""
    import nbformat

    meta, _ = reader.split_front_matter(source.read_text("utf-8"))
    body = reader.body(source.read_text("utf-8"))
    parts = CELL_RE.split(body)
    intro, rest = parts[0], parts[1:]
    module = root / meta["source"]
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {meta['title']}\n\n{intro.strip()}"))
    for name, prose in zip(rest[::2], rest[1::2], strict=True):
        if prose.strip():
            nb.cells.append(nbformat.v4.new_markdown_cell(prose.strip()))
        nb.cells.append(nbformat.v4.new_code_cell(section_code(module, name)))
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number}"  # stable ids keep regenerated notebooks diff-free
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["fieldguide"] = {"topics": meta.get("topics", []), "source": meta["source"]}
    return nb


def stream_text(cell) -> str:
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )


def main(argv: list[str] | None = None) -> int:
    """Rebuild and execute every notebook, storing it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    # The kernel must use Jupyter's inline backend so plots are stored as images.
    os.environ.pop("MPLBACKEND", None)
    for source in notebook_sources():
        target = notebook_target(source)
        nb = build_notebook(source)
        # Run in a scratch directory: files the code writes are not part of the site.
        with tempfile.TemporaryDirectory() as scratch:
            client = NotebookClient(
                nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": scratch}}
            )
            client.execute()
        for cell in nb.cells:
            cell.metadata.pop("execution", None)  # timestamps would make every rebuild a diff
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        print(f"wrote {rel(target)}")
    return 0
