"""`nox -s serve`: every edition on one port, rebuilt and reloaded as you save.

MkDocs' own machinery does the work: ``mkdocs.livereload.LiveReloadServer`` watches the
files, serves the site and reloads the open tabs, and MkDocs' ``build`` builds
(fieldguide.building.build_in_process), as `mkdocs serve` would, but for every config of
docs/languages.yml in one process: zh at /, en at /en/, zh-Hant at /zh-Hant/, so the
language switcher works as on the published site.

What a save rebuilds (``plan``):

- a page of docs/zh or docs/en: that language and the editions derived from it (zh-Hant
  from zh), dirty (only the changed pages);
- a snippet module: the pages of every edition that include it, dirty (their built
  pages are removed first, so the dirty build takes them for changed);
- anything else (mkdocs*.yml, docs/terms.yml, hooks, overrides): both languages in full.

A dirty build does not touch the other pages, so a changed title or a new page shows in
the nav of the other pages only after a full build (save mkdocs.yml, or restart). The
preview is not strict: a warning is shown, not fatal (`nox -s docs` is strict).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import watchdog.events
from mkdocs.livereload import LiveReloadServer

from . import languages, reader
from .building import build_in_process
from .layout import ROOT

log = logging.getLogger("mkdocs.fieldguide.serve")
# Every edition: its config and where it lives (docs/languages.yml).
CONFIGS = {lang.code: (lang.config, lang.prefix) for lang in languages.editions(ROOT)}
WATCHED = ("docs", "snippets", "overrides", "hooks", *(config for config, _ in CONFIGS.values()))


def plan(changed: set[str] | list[str], root: Path = ROOT) -> dict:
    """What to rebuild for these changed paths: {"full": bool, "dirty": {lang, ...},
    "snippets": [snippets/<part>/<topic>.py, ...]}. Unknown changes mean a full build."""
    full, dirty, snippets = False, set(), []
    for name in changed:
        path = Path(name).resolve()
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else name
        lang = next((lang for lang in CONFIGS if rel.startswith(f"docs/{lang}/")), None)
        if lang:
            dirty.update({lang, *languages.derived_from(lang, root)})
        elif rel.startswith("snippets/") and rel.endswith(".py"):
            snippets.append(rel)
            dirty.update(CONFIGS)
        else:
            full = True
    return {"full": full or not changed, "dirty": dirty, "snippets": sorted(snippets)}


def built_page(site: Path, src_uri: str) -> Path:
    """Where MkDocs writes the page ``src_uri`` (directory URLs): a/b.md -> a/b/index.html."""
    stem = src_uri.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return site / f"{stem}.html"
    return site / stem / "index.html"


def pages_including(snippet: str, lang: str, root: Path = ROOT) -> list[str]:
    """The pages (relative to docs/<lang>, or to its source's for a derived edition) that
    include sections of ``snippet``."""
    docs = root / "docs" / languages.get(lang, root).docs
    return sorted(
        page.relative_to(docs).as_posix()
        for page in docs.rglob("*.md")
        if any(
            target.partition(":")[0] == snippet
            for _, target in reader.includes(page.read_text("utf-8"))
        )
    )


class Server(LiveReloadServer):
    """MkDocs' live-reload server, which also notes the paths that changed, for the builder."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        super().watch(path, func, recursive=recursive)
        handler = watchdog.events.FileSystemEventHandler()

        def note(event) -> None:
            if not event.is_directory:
                with self._changed_lock:
                    self._changed.add(event.src_path)
                    self._changed.add(getattr(event, "dest_path", "") or event.src_path)

        handler.on_any_event = note
        self.observer.add_handler_for_watch(handler, self._watch_refs[os.path.abspath(path)])

    def take_changed(self) -> set[str]:
        with self._changed_lock:
            changed, self._changed = self._changed, set()
        return changed


class Site:
    """Every edition built in one process into one folder, MkDocs' plugins kept per edition
    (Material's search keeps its index between dirty builds)."""

    def __init__(self, folder: Path, port: int, root: Path = ROOT):
        self.folder, self.port, self.root = folder, port, root
        self.plugins = {lang: {} for lang in CONFIGS}

    def url(self, lang: str) -> str:
        return f"http://127.0.0.1:{self.port}/{CONFIGS[lang][1]}"

    def build(self, lang: str, dirty: bool) -> float:
        start = time.perf_counter()
        config_file, sub = CONFIGS[lang]
        build_in_process(
            self.root / config_file,
            self.folder / sub,
            self.url(lang),
            dirty=dirty,
            plugins=self.plugins[lang],
        )
        took = time.perf_counter() - start
        log.info(f"{lang}: {'changed pages' if dirty else 'whole site'} built in {took:.1f} s")
        return took

    def rebuild(self, changed: set[str]) -> None:
        todo = plan(changed, self.root)
        if todo["full"]:
            for lang in CONFIGS:  # zh first: its full build empties the folder, en/ included
                self.build(lang, dirty=False)
            return
        for lang in CONFIGS:
            for snippet in todo["snippets"]:
                for page in pages_including(snippet, lang, self.root):
                    built_page(self.folder / CONFIGS[lang][1], page).unlink(missing_ok=True)
        for lang in sorted(todo["dirty"], key=list(CONFIGS).index):
            self.build(lang, dirty=True)


def serve(port: int = 8000, folder: Path | None = None, root: Path = ROOT) -> None:
    """Build every edition into ``folder`` (a temporary one by default) and serve them,
    rebuilt as the sources under ``root`` change, until interrupted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    for noisy in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):
        logging.getLogger(noisy).setLevel(logging.WARNING)  # a line per notebook and build
    # Said on every save; "changed pages built" says it here.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda r: "'dirty'" not in r.getMessage())
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # a snippet drawing figures: no spinning
    start = time.perf_counter()
    os.chdir(root)  # MkDocs reads some paths from the working directory (snippets' base_path)
    temporary = folder is None
    folder = Path(tempfile.mkdtemp(prefix="fieldguide-serve-")) if temporary else folder
    site = Site(folder, port, root)
    server = Server(
        builder=lambda: site.rebuild(server.take_changed()),
        host="127.0.0.1",
        port=port,
        root=str(folder),
        polling_interval=0.25,
    )

    def error_page(code: int) -> bytes | None:
        page = folder / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_page
    try:
        site.rebuild(set())
        for name in WATCHED:
            server.watch(str(root / name))
        urls = ", ".join(site.url(lang) for lang in CONFIGS)
        log.info(f"Up in {time.perf_counter() - start:.1f} s: {urls}")
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m fieldguide.serving", description=__doc__.splitlines()[0]
    )
    parser.add_argument("port", nargs="?", type=int, default=8000)
    parser.add_argument("--root", type=Path, default=ROOT, help="the sources (a copy, in tests)")
    args = parser.parse_args(argv)
    serve(args.port, root=args.root.resolve())


if __name__ == "__main__":
    main()
