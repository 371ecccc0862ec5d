"""What the MkDocs hooks do to pages, as plain functions of text (hooks/*.py adapt them).

Nothing here imports pytest or torch; each function takes the page's text and the few
facts it needs (language, URL, terms) and returns the new text, so tests/test_hooks.py
checks them on small HTML and Markdown inputs.

- i18n (hooks/i18n.py): language links to the same page, the stale-translation banner,
  the version stamp, one-entry sitemaps.
- glossary (hooks/glossary.py): the glossary page's entries, the first use of each term
  linked to its entry.
- notebooks (hooks/notebooks.py): notebook pages carry only the Jupyter CSS they use and
  their figures as files (MAINTAINERS.md, "Phone performance").
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import posixpath
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

from . import languages, reader

# -- i18n: the editions of docs/languages.yml (zh at the site's root, en/, zh-Hant/) -------

MENU_RE = re.compile(r'(<a href=")[^"]*("\s+hreflang="([\w-]+)")')
HEAD_RE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="([\w-]+)">')
MINI_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{loc}</loc></url></urlset>
"""


def site_root(site_url: str | None, lang: str) -> str:
    """The absolute URL of the combined site's root (the first edition's home page)."""
    url = site_url or "/"
    prefix = languages.prefix(lang)
    return url.removesuffix(prefix) if prefix else url


def alternate(lang: str) -> list[dict]:
    """Material's language menu (``extra.alternate``) seen from edition ``lang``'s home:
    every edition, in the registry's order (the 404 page uses these links as they are)."""
    return [
        {"name": other.name, "lang": other.code, "link": languages.root_link(lang, other.code)}
        for other in languages.editions()
    ]


def language_links(page_html: str, lang: str, page_url: str, root: str) -> str:
    """Point every language link of a page at the same page in each edition.

    The menu links (Material's ``extra.alternate``) become relative to the page. The
    <link rel="alternate" hreflang> tags in the head are absolute, as search engines
    require, plus an x-default pointing at the first edition (Chinese).
    """
    here = languages.prefix(lang) + page_url
    known = set(languages.codes())
    first = languages.primary().code

    def menu(match: re.Match) -> str:
        if match.group(3) not in known:
            return match.group(0)
        target = languages.prefix(match.group(3)) + page_url
        return match.group(1) + get_relative_url(target, here) + match.group(2)

    def head(match: re.Match) -> str:
        code = match.group(1)
        if code not in known:
            return match.group(0)
        tag = f'<link rel="alternate" href="{root}{languages.prefix(code)}{page_url}" '
        tag += f'hreflang="{code}">'
        if code == first:
            tag += f'\n<link rel="alternate" href="{root}{page_url}" hreflang="x-default">'
        return tag

    return HEAD_RE.sub(head, MENU_RE.sub(menu, page_html))


def stale_banner(lang: str, page_url: str, behind: int) -> str:
    """The warning that the twin language changed ``behind`` times since this page."""
    twin = languages.twin(lang)
    here = languages.prefix(lang) + page_url
    link = get_relative_url(languages.prefix(twin) + page_url, here)
    banner = languages.text(lang, "banner").format(behind=behind, link=html.escape(link))
    return (
        f'<div class="admonition warning fg-stale"><p class="admonition-title">'
        f"{languages.text(lang, 'banner_title')}</p><p>{banner}</p></div>\n"
    )


def stamp(lang: str, torch: str, torchvision: str, date: str) -> str:
    """The line under every page: the versions its code was checked with, and when."""
    text = languages.text(lang, "stamp").format(torch=torch, torchvision=torchvision, date=date)
    return f'\n<p class="fg-stamp"><small>{html.escape(text)}</small></p>\n'


def write_mini_sitemaps(site: Path, root: str) -> list[Path]:
    """Material's script fetches `sitemap.xml` next to every hreflang URL: give each page
    folder of ``site`` (served at ``root``) a one-entry sitemap (the root has the full one)."""
    written = []
    for page in sorted(site.rglob("index.html")):
        folder = page.parent
        if folder != site and not (folder / "sitemap.xml").exists():
            loc = root + folder.relative_to(site).as_posix() + "/"
            (folder / "sitemap.xml").write_text(MINI_SITEMAP.format(loc=html.escape(loc)))
            written.append(folder / "sitemap.xml")
    return written


# -- glossary: docs/terms.yml on the glossary page and at each term's first use ------------

GLOSSARY_MARKER = "<!-- glossary -->"
# Code spans, links and images are left alone; terms are linked in the text between them.
PROTECTED = re.compile(r"(`[^`]*`|!?\[[^\]]*\]\([^)]*\)|<[^>]+>)")
SKIP_LINE = re.compile(r"^\s*($|#|\||!|<|=|--8<--|\[|---)|^\s{4}")


def glossary_entries(terms: list[dict], lang: str) -> str:
    """The glossary page's Markdown: one entry per term, anchored by its id."""
    see, twin = languages.text(lang, "glossary_see"), languages.twin(lang)
    out = []
    for term in terms:
        out.append(f"### {term[lang]} {{#{term['id']}}}\n")
        out.append(f"**{term[twin]}** — {term[lang + '_note']} [{see}]({term['page']})\n")
    return "\n".join(out)


def term_pattern(term: str, lang: str) -> re.Pattern:
    if lang == "zh":
        return re.compile(re.escape(term))
    return re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)


def link_terms(markdown: str, src_uri: str, terms: list[dict], lang: str) -> str:
    """Link the first plain-prose use of each term on the page ``src_uri`` to its glossary
    entry (not in code, links, headings, tables, includes or indented blocks)."""
    glossary = posixpath.relpath("glossary.md", posixpath.dirname(src_uri) or ".")
    pending = {t["id"]: term_pattern(t[lang], lang) for t in terms}
    lines = markdown.split("\n")
    for number, line, in_fence in reader.lines(markdown):
        i = number - 1
        if in_fence or SKIP_LINE.match(line) or not pending:
            continue
        parts = PROTECTED.split(line)
        for j in range(0, len(parts), 2):  # even items are plain text
            for term_id, pattern in list(pending.items()):
                m = pattern.search(parts[j])
                if m:
                    link = f"[{m.group(0)}]({glossary}#{term_id})"
                    parts[j] = parts[j][: m.start()] + link + parts[j][m.end() :]
                    # Re-split so the new link is protected from the next terms.
                    del pending[term_id]
                    break
        lines[i] = "".join(parts)
    return "\n".join(lines)


def glossary_page(markdown: str, src_uri: str, terms: list[dict], lang: str) -> str:
    """What the glossary hook makes of any page's Markdown."""
    if src_uri == "glossary.md":
        return markdown.replace(GLOSSARY_MARKER, glossary_entries(terms, lang))
    return link_terms(markdown, src_uri, terms, lang)


# -- notebooks: only the Jupyter CSS a page uses, figures as files -------------------------

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


def lean_notebook_page(output: str, theme_vars: frozenset[str] | set[str] = frozenset()) -> str:
    """A notebook page without nbconvert's unused scripts, CSS rules and custom properties.

    ``theme_vars``: variables the theme's own stylesheets read (never dropped). Figures are
    left inline: ``figures_to_files`` writes them out.
    """
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
    while True:
        read = set(VAR_USE_RE.findall(output)) | set(theme_vars)
        lean = STYLE_RE.sub(
            lambda m, read=read: m.group(1) + drop_unread_variables(m.group(2), read) + m.group(3),
            output,
        )
        if lean == output:
            return output
        output = lean
