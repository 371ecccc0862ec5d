"""MkDocs hook: notebook pages carry only the Jupyter CSS they use.

mkdocs-jupyter inlines all of JupyterLab's stylesheet (~570 KB) into every notebook page.
Most of it styles widgets a static notebook never shows. Rules whose selectors name a
class that appears nowhere in the page are dropped, which keeps the page light.

The stylesheets also declare about 1,200 custom properties (`--jp-*`, `--md-red-50`, ...) on
the notebook's wrapper, which every element inside inherits; fewer than a fifth are read
by any `var()` in the page. Declarations that nothing reads are dropped too, so a phone
restyles less when the page starts.

nbconvert's template also brings scripts a page of ours never runs: a MathJax 2 configuration
for a MathJax it does not load (`<script src="">`), a 12 KB module that looks for Mermaid
diagrams, and the syntax-highlighting stylesheet a second time, as the text of a Python list.
They are dropped when the page has no use for them, and the highlighting stylesheet keeps
only the token classes the page's code shows.

A notebook's figures arrive inline too, as base64 PNG in the HTML, which a phone must
download before it can show the first line. Each is written next to the page as a file
and loaded lazily, with its size given so that nothing moves when it arrives.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

STYLE_RE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
CLASS_ATTR_RE = re.compile(r'class="([^"]*)"')
SELECTOR_CLASS_RE = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
VAR_USE_RE = re.compile(r"var\(\s*(--[\w-]+)")
# Where a custom property declaration starts inside a rule: `--name:`. Its value runs to the
# next `;` or `}` outside strings and brackets (see `_value_end`): JupyterLab's icons are
# `url("data:image/svg+xml;base64,...")`, whose `;` does not end the declaration.
VAR_DECL_RE = re.compile(r"(?<=[{;])(\s*)(--[\w-]+)\s*:")
BIG = 50_000  # the big stylesheet is pruned (and the highlighting one); others stay as they are
# nbconvert's MathJax 2 loader, left with an empty URL (the site loads no MathJax), and its
# configuration, which only a loaded MathJax would read.
MATHJAX_RE = re.compile(
    r'<!-- Load mathjax -->\s*<script src="">\s*</script>\s*'
    r'<!-- MathJax configuration -->\s*<script type="text/x-mathjax-config">.*?</script>',
    re.S,
)
# The Mermaid loader (a module run at DOMContentLoaded) and its stylesheet: a page needs them
# only where a cell renders a diagram, as <div class="jp-Mermaid">.
MERMAID_RE = re.compile(
    r'<script type="module">(?:(?!</script>).)*?mermaid.*?</script>'
    r"|<style>\s*\.jp-Mermaid:not\(.*?</style>\s*<!-- End of mermaid configuration -->",
    re.S,
)
# A stylesheet whose text is a Python list's repr(): invalid CSS that the browser must
# still parse (a copy of the highlighting rules, as mkdocs-jupyter passes them on).
LIST_STYLE_RE = re.compile(r"<style[^>]*>\s*\['.*?</style>", re.S)
HIGHLIGHT = ".highlight-ipynb "  # the scope of the highlighting rules for notebook code
INLINE_PNG_RE = re.compile(r'<img ([^>]*)src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


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
    """Keep the rules whose selectors name only classes in `used` (and at-rules that hold
    some). Comments go first: `/* Comment.Single */` would read as a class `.Single`."""
    return _prune(COMMENT_RE.sub("", css), used)


def _prune(css: str, used: set[str]) -> str:
    out = []
    for prelude, body in _blocks(css):
        head = prelude.strip()
        if body is None:
            out.append(prelude)
        elif head.startswith(("@media", "@supports", "@layer")):
            inner = _prune(body, used)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        elif head.startswith("@"):
            out.append(f"{prelude}{{{body}}}")  # @font-face, @keyframes, ...
        elif any(set(SELECTOR_CLASS_RE.findall(selector)) <= used for selector in head.split(",")):
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def _value_end(css: str, i: int) -> int:
    """Index just past the declaration value that starts at i: past its `;`, or at the `}`
    that closes the rule. Quoted strings and brackets are skipped whole."""
    depth, quote = 0, None
    while i < len(css):
        char = css[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char == ";":
            return i + 1
        elif depth == 0 and char == "}":
            return i
        i += 1
    return i


def drop_unread_variables(css: str, read: set[str]) -> str:
    """Remove custom property declarations whose name no `var()` in the page reads."""
    out, pos = [], 0
    while match := VAR_DECL_RE.search(css, pos):
        end = _value_end(css, match.end())
        out.append(css[pos : match.start()])
        out.append(css[match.start() : end] if match.group(2) in read else match.group(1))
        pos = end
    out.append(css[pos:])
    return "".join(out)


@functools.cache
def theme_reads(dirs: tuple[str, ...]) -> frozenset[str]:
    """Variables the theme's own stylesheets (and ours in overrides/) read: never dropped."""
    return frozenset(
        name
        for folder in dirs
        for sheet in Path(folder).glob("assets/**/*.css")
        for name in VAR_USE_RE.findall(sheet.read_text("utf-8", errors="replace"))
    )


def figures_to_files(output: str, folder: Path) -> str:
    """Write each inline PNG to `folder` (named by its content) and point the <img> at it."""

    def write(match: re.Match) -> str:
        attrs, data = match.groups()
        png = base64.b64decode(data)
        name = f"output-{hashlib.sha256(png).hexdigest()[:12]}.png"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(png)
        # A PNG's width and height are the two big-endian words after its IHDR tag.
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        return f'<img {attrs}width="{width}" height="{height}" loading="lazy" src="{name}"'

    return INLINE_PNG_RE.sub(write, output)


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    output = figures_to_files(output, Path(config.site_dir) / Path(page.file.dest_uri).parent)
    output = MATHJAX_RE.sub("", output)
    output = LIST_STYLE_RE.sub("", output)
    if 'class="jp-Mermaid' not in output:
        output = MERMAID_RE.sub("", output)
    used = {name for attr in CLASS_ATTR_RE.findall(output) for name in attr.split()}

    def shrink(match: re.Match) -> str:
        css = match.group(2)
        if len(css) >= BIG or HIGHLIGHT in css:
            css = prune(css, used)
        return match.group(1) + css + match.group(3)

    output = STYLE_RE.sub(shrink, output)
    # Read from the whole page (style attributes too) and from the theme's stylesheets.
    # Dropping a declaration can leave the variables its value read unread in turn, so
    # repeat until nothing changes.
    theme = theme_reads(tuple(map(str, config.theme.dirs)))
    while True:
        read = set(VAR_USE_RE.findall(output)) | theme
        lean = STYLE_RE.sub(
            lambda m, read=read: m.group(1) + drop_unread_variables(m.group(2), read) + m.group(3),
            output,
        )
        if lean == output:
            return output
        output = lean
