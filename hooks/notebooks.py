"""MkDocs hook: notebook pages carry only the Jupyter CSS they use.

mkdocs-jupyter inlines all of JupyterLab's stylesheet (~570 KB) into every notebook page.
Most of it styles widgets a static notebook never shows. Rules whose selectors name a
class that appears nowhere in the page are dropped, which keeps the page light.
"""

from __future__ import annotations

import re

STYLE_RE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
CLASS_ATTR_RE = re.compile(r'class="([^"]*)"')
SELECTOR_CLASS_RE = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
BIG = 50_000  # only the big stylesheet is pruned; small inline styles stay as they are


def _blocks(css: str):
    """Split CSS into top-level (prelude, body) pairs; body is None for `@x ...;`."""
    i, n = 0, len(css)
    while i < n:
        brace, semi = css.find("{", i), css.find(";", i)
        if brace == -1:
            return
        if css[i:].lstrip().startswith("@") and semi != -1 and semi < brace:
            yield css[i : semi + 1], None
            i = semi + 1
            continue
        depth, j = 1, brace + 1
        while j < n and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        yield css[i:brace], css[brace + 1 : j - 1]
        i = j


def prune(css: str, used: set[str]) -> str:
    out = []
    for prelude, body in _blocks(css):
        head = prelude.strip()
        if body is None:
            out.append(prelude)
        elif head.startswith(("@media", "@supports", "@layer")):
            inner = prune(body, used)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        elif head.startswith("@"):
            out.append(f"{prelude}{{{body}}}")  # @font-face, @keyframes, ...
        elif any(set(SELECTOR_CLASS_RE.findall(selector)) <= used for selector in head.split(",")):
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    used = {name for attr in CLASS_ATTR_RE.findall(output) for name in attr.split()}

    def shrink(match: re.Match) -> str:
        css = match.group(2)
        if len(css) < BIG:
            return match.group(0)
        return match.group(1) + prune(css, used) + match.group(3)

    return STYLE_RE.sub(shrink, output)
