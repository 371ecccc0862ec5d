"""MkDocs hook: publish the exercise files (exercises/check.py and every starter and
solution) at the same path in each language's site, so that the exercise pages
(docs/<lang>/<part>/exercises.md) can link them for download."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

from fieldguide.exercises import published


def on_files(files, config):
    root = Path(config.config_file_path).resolve().parent
    for path in published(root):
        uri = path.relative_to(root).as_posix()
        files.append(File.generated(config, uri, content=path.read_bytes()))
    return files
