"""MkDocs hook: figures drawn by the snippets (see fieldguide/figures.py)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

from fieldguide.figures import figure_files


def on_files(files, config):
    root = Path(config.config_file_path).resolve().parent
    for uri, content in figure_files(root).items():
        files.append(File.generated(config, uri, content=content))
    return files
