"""MkDocs hook: a code block that shows example output (`#~` lines: one run's numbers,
which vary by machine) gets a visible note under it, in the page's language."""

from __future__ import annotations

import re

NOTE = {
    "zh": "<code>#~</code> 开头的行是某一次运行的示例输出，数值因机器而异。",
    "en": "Lines starting with <code>#~</code> are one run's example output; "
    "the numbers vary by machine.",
}
# Pygments renders a comment as <span class="c1">; a `#~` comment starts with "#~".
EXAMPLE_COMMENT = re.compile(r'<span class="c1">#~')
BLOCK_END = "</code></pre></div>"


def on_page_content(html: str, page, config, files) -> str:
    if not EXAMPLE_COMMENT.search(html):
        return html
    note = f'<p class="fg-example-note">{NOTE[config.theme["language"]]}</p>'
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
