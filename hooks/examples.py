"""MkDocs hook: a code block that shows example output (`#~` lines: one run's numbers,
which vary by machine) gets a visible note under it, in the page's language."""

from __future__ import annotations

import re

from fieldguide import languages

# Pygments renders a comment as <span class="c1">; a `#~` comment starts with "#~".
EXAMPLE_COMMENT = re.compile(r'<span class="c1">#~')
BLOCK_END = "</code></pre></div>"


def on_page_content(html: str, page, config, files) -> str:
    if not EXAMPLE_COMMENT.search(html):
        return html
    text = languages.text(config.theme["language"], "example_note")  # docs/languages.yml
    note = f'<p class="fg-example-note">{text}</p>'
    out, pos = [], 0
    for m in EXAMPLE_COMMENT.finditer(html):
        if m.start() < pos:
            continue  # this block already has its note
        end = html.find(BLOCK_END, m.end())
        if end == -1:
            break
        end += len(BLOCK_END)
        out += [html[pos:end], note]
        pos = end
    out.append(html[pos:])
    return "".join(out)
