"""MkDocs hook: the light/dark toggle starts without restyling the whole page.

When Material's toggle starts on a page, it marks <body> with `data-md-color-switching`
while it applies the palette, and removes the mark again a moment later. Its palette
stylesheet has one rule for that mark, `[data-md-color-switching] * {transition-duration:
0s !important}` (plus `:before`/`:after`). A selector that reaches every element makes the
browser restyle the whole page twice, mark on and mark off, before the reader can scroll:
on a phone that is a large share of a page's start-up work (see `nox -s bench`).

Without the rule the mark matches nothing and costs nothing. The one visible difference:
when a reader flips the toggle, colours fade with Material's usual transitions instead
of switching at once.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.palette")

SWITCHING_RULE = re.compile(r"\[data-md-color-switching\][^{}]*\{[^{}]*\}")


def on_post_build(config) -> None:
    sheets = sorted((Path(config.site_dir) / "assets" / "stylesheets").glob("palette.*.css"))
    for sheet in sheets:
        css = sheet.read_text("utf-8")
        lean, removed = SWITCHING_RULE.subn("", css)
        if removed == 0 and "data-md-color-switching" not in css:
            continue  # already removed: a dirty build (nox -s serve) copies no new sheet
        if "data-md-color-switching" in lean:
            # Material changed the rule: say so (a strict build fails) instead of guessing.
            log.warning(
                "hooks/palette.py: %s no longer has the `[data-md-color-switching] *` rule "
                "in the form this hook removes; check the theme's palette stylesheet and "
                "update or drop the hook",
                sheet,
            )
            continue
        sheet.write_text(lean, "utf-8")
