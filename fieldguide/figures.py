"""Figures on the pages are drawn by the snippets themselves, at build time.

A snippet module that saves pictures declares them in a header line:

    # figures: imshow.png grid.png

The build runs that module once (in a scratch directory, as `python snippets/...` would)
and publishes each file as ``<part>/figures/<name>`` in both languages, so a page in
``docs/<lang>/<part>/`` shows it with ``![...](figures/<name>)``. Results are cached in
``.cache/figures`` by the module's content, so the second language (and the next build)
reuses them.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .layout import ROOT

FIGURES_RE = re.compile(r"^# figures:\s*(.+)$", re.M)
CACHE = ROOT / ".cache" / "figures"


def declared_figures(module: Path) -> list[str]:
    m = FIGURES_RE.search(module.read_text("utf-8"))
    return m.group(1).split() if m else []


def cache_dir(module: Path, root: Path = ROOT) -> Path:
    """Where the figures of this version of ``module`` are kept: keyed by its content and
    the versions that draw them (Python, torch, torchvision, numpy, matplotlib), so no
    figure drawn in one environment is served in another."""
    from .environments import key as versions

    key = hashlib.sha256(module.read_bytes() + versions().encode()).hexdigest()[:16]
    return CACHE / module.relative_to(root / "snippets").with_suffix("") / key


def store(module: Path, workdir: Path, root: Path = ROOT) -> None:
    """Keep the figures a checked run of ``module`` wrote in ``workdir``, so that a build
    after the tests does not run the module again."""
    names = declared_figures(module)
    if not names or not Path(module).resolve().is_relative_to(root / "snippets"):
        return
    cached = cache_dir(module, root)
    cached.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (workdir / name).is_file() and not (cached / name).exists():
            tmp = cached / f".{name}.{os.getpid()}"
            tmp.write_bytes((workdir / name).read_bytes())
            tmp.replace(cached / name)  # atomic: two test workers may store at once


def draw(module: Path, root: Path = ROOT) -> dict[str, bytes]:
    """Run one snippet module (unless its figures are cached) and return the figures it
    declared, by name."""
    names = declared_figures(module)
    cached = cache_dir(module, root)
    if not all((cached / name).exists() for name in names):
        from .sandbox import run_module

        os.environ.setdefault("MPLBACKEND", "Agg")
        run_module(
            module,
            root,
            " (drawing its figures)",
            keep=lambda run: store(module, run.workdir, root),
        )
        missing = [name for name in names if not (cached / name).exists()]
        if missing:
            raise FileNotFoundError(
                f"{module}:1: declares figures {missing} but did not write them"
            )
    return {name: (cached / name).read_bytes() for name in names}


def figure_files(root: Path = ROOT) -> dict[str, bytes]:
    """``<part>/figures/<name>`` -> image bytes, for every figure a snippet declares."""
    out = {}
    for module in sorted((root / "snippets").rglob("*.py")):
        if not declared_figures(module):
            continue
        part = module.parent.relative_to(root / "snippets").as_posix()
        for name, content in draw(module, root).items():
            out[f"{part}/figures/{name}"] = content
    return out
