"""MkDocs hook: figures on the pages are drawn by the snippets themselves, at build time.

A snippet module that saves pictures declares them in a header line:

    # figures: imshow.png grid.png

The build runs that module once (in a scratch directory, as `python snippets/...` would)
and publishes each file as ``<part>/figures/<name>`` in both languages, so a page in
``docs/<lang>/<part>/`` shows it with ``![...](figures/<name>)``. Results are cached in
``.cache/figures`` by the module's content, so the second language reuses them.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import runpy
import sys
import tempfile
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[1]
FIGURES_RE = re.compile(r"^# figures:\s*(.+)$", re.M)
CACHE = ROOT / ".cache" / "figures"


def declared_figures(module: Path) -> list[str]:
    m = FIGURES_RE.search(module.read_text("utf-8"))
    return m.group(1).split() if m else []


def draw(module: Path) -> dict[str, bytes]:
    """Run one snippet module and return the figures it declared, by name."""
    names = declared_figures(module)
    key = hashlib.sha256(module.read_bytes()).hexdigest()[:16]
    cached = CACHE / module.relative_to(ROOT / "snippets").with_suffix("") / key
    if not all((cached / name).exists() for name in names):
        cached.mkdir(parents=True, exist_ok=True)
        old_cwd, old_argv = Path.cwd(), sys.argv
        os.environ.setdefault("MPLBACKEND", "Agg")
        with tempfile.TemporaryDirectory() as scratch:
            os.chdir(scratch)
            sys.argv = [str(module)]
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    runpy.run_path(str(module), run_name="__main__")
                for name in names:
                    (cached / name).write_bytes((Path(scratch) / name).read_bytes())
            finally:
                os.chdir(old_cwd)
                sys.argv = old_argv
    return {name: (cached / name).read_bytes() for name in names}


def on_files(files, config):
    for module in sorted((ROOT / "snippets").rglob("*.py")):
        if not declared_figures(module):
            continue
        part = module.parent.relative_to(ROOT / "snippets").as_posix()
        for name, content in draw(module).items():
            files.append(File.generated(config, f"{part}/figures/{name}", content=content))
    return files
