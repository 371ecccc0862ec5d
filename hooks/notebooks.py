"""MkDocs hook: notebook pages carry only the Jupyter CSS they use, and their figures as files.

mkdocs-jupyter inlines all of JupyterLab's stylesheet (~570 KB) into every notebook page,
with ~1,200 custom properties, scripts a page of ours never runs (MathJax 2 configuration,
a Mermaid loader, the highlighting stylesheet a second time as a Python list's text) and
its figures as inline base64 PNG. fieldguide.site_html keeps what the page uses and
writes each figure next to the page (MAINTAINERS.md, "Phone performance", says why).

The lean page is cached (fieldguide.buildcache) by the hash of the page, of the theme's
variables and of site_html's own code: an unchanged notebook costs a lookup.
"""

from __future__ import annotations

from pathlib import Path

from fieldguide import buildcache, site_html

CODE = Path(site_html.__file__).read_bytes()
_STORE: list[buildcache.Store] = []
_DIRTY = [False]


def on_startup(command, dirty):
    _DIRTY[0] = dirty


def on_config(config):
    _STORE[:] = [buildcache.Store(f"notebooks-{config.theme['language']}")]


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    folder = Path(config.site_dir) / Path(page.file.dest_uri).parent
    output = site_html.figures_to_files(output, folder)
    theme = site_html.theme_reads(tuple(map(str, config.theme.dirs)))
    key = buildcache.digest(CODE, output, *sorted(theme))
    lean = _STORE[0].get(key)
    if lean is None:
        lean = site_html.lean_notebook_page(output, theme)
        _STORE[0].put(key, lean)
    return lean


def on_post_build(config):
    _STORE[0].save(keep_unused=_DIRTY[0])
