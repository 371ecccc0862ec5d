"""MkDocs hook: every code block's <pre> carries its number of lines, as `--lines`.

overrides/assets/fieldguide.css lets a phone skip laying out code blocks that are off
screen (`content-visibility: auto`). A skipped block takes the height CSS computes from
`--lines`, which is the height it has when laid out (code does not wrap), so nothing on
the page moves when it is laid out, and a link to a heading lands on it.
"""

from __future__ import annotations

import re

# A highlighted block: Material's (`<div class="highlight">`) or a notebook cell's
# (`<div class="highlight-ipynb ...">`), each holding one <pre> with no attributes.
PRE_RE = re.compile(r'(<div class="highlight(?:-ipynb)?(?: [^"]*)?">)<pre>(.*?)</pre>', re.S)
TAG_RE = re.compile(r"<[^>]+>")


def lines(inner_html: str) -> int:
    """Lines the browser shows for this <pre> content: its text, less one final newline."""
    text = TAG_RE.sub("", inner_html)
    return text.removesuffix("\n").count("\n") + 1


def on_post_page(output, page, config):
    return PRE_RE.sub(
        lambda m: f'{m.group(1)}<pre style="--lines: {lines(m.group(2))}">{m.group(2)}</pre>',
        output,
    )
