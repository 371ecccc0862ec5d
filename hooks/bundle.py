"""MkDocs hook: Material's script starts before the page's first paint.

Material puts its bundle at the end of <body>. The browser paints the page first and then
runs the bundle's start-up: the search, the copy buttons, the palette toggle, the table of
contents. On a phone that start-up is one long task of several hundred milliseconds, and
until it ends the page ignores the reader's taps (issue #16 measured it as up to 650 ms of
total blocking time).

`overrides/main.html` loads the bundle from <head> instead, as `<script defer
blocking="render">`: the browser still downloads it alongside the stylesheets and runs it
once the page is parsed, but paints only after it has started. The reader sees the page
slightly later and whole, and it answers at once. Browsers without `blocking="render"`
treat it as a plain `defer` script.

The template needs the bundle's file name, which carries a hash that changes with every
Material release; this hook finds it in the theme and gives it to the templates as
`material_bundle`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError


def on_env(env, config, files):
    found = sorted(
        path.relative_to(directory).as_posix()
        for directory in map(Path, config.theme.dirs)
        for path in (directory / "assets" / "javascripts").glob("bundle.*.min.js")
    )
    if len(set(found)) != 1:
        raise PluginError(
            "hooks/bundle.py: expected one assets/javascripts/bundle.*.min.js in the theme "
            f"directories {config.theme.dirs}, found {found or 'none'}; check the theme "
            "and overrides/main.html"
        )
    env.globals["material_bundle"] = found[0]
    return env
