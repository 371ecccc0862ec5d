"""Nothing loads from another host."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..layout import (
    LANGS,
    ROOT,
    pages,
    rel,
)
from ..notebooks import notebook_sources
from ..translation import prose_lines

READS = ("docs/<lang>/**/*.md", "notebooks/**/*.md", "hooks/*.py", "overrides/**/*", "mkdocs*.yml")
ABOUT = {
    "en": "nothing a page loads by itself (images, scripts, styles, fonts) comes from another host",
    "zh": "页面自动加载的内容（图片、脚本、样式、字体）都不来自其他网站",
}


# A URL on another host: http(s)://... or protocol-relative //...
REMOTE = r"(?:https?:)?//[^\s\"'()<>`,]+"
TAG_RE = re.compile(r"<(?P<tag>[a-zA-Z][\w-]*)(?P<attrs>\s[^<>]*)>")
ATTR_RE = re.compile(r"""(?P<name>[\w:-]+)\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s>]+)""")
# Attributes a browser fetches by itself when the page loads (data-src: lazy loaders).
FETCHED_ATTRS = ("src", "srcset", "poster", "data", "background", "data-src", "data-srcset")
HREF_FETCHED_BY = ("link", "image", "use", "feimage", "script")  # href loads, not links
LINK_RELS_NOT_FETCHED = {"canonical", "alternate", "author", "help", "license", "next", "prev"}
SOURCE_PATTERNS = (  # found anywhere, tags or not: CSS, JavaScript, Markdown images
    ("a Markdown image", re.compile(rf"!\[(?:[^\]\\]|\\.)*\]\(\s*<?(?P<url>{REMOTE})")),
    ("CSS url()", re.compile(rf"url\(\s*[\"']?\s*(?P<url>{REMOTE})")),
    ("CSS @import", re.compile(rf"@import\s+[\"'](?P<url>{REMOTE})")),
    (
        "a script",
        re.compile(
            r"(?:(?<!@)\bimport\s*\(?|\bfrom|\bfetch\s*\(|\bimportScripts\s*\(|\.src\s*=|"
            rf"\bnew\s+(?:Shared)?Worker\s*\()\s*[\"'`](?P<url>{REMOTE})"
        ),
    ),
)
MD_REF_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<ref>[^\]]*)\]")
MD_REF_DEF_RE = re.compile(r"^ {0,3}\[(?P<ref>[^\]]+)\]:\s*<?(?P<url>\S+?)>?(?:\s|$)", re.M)
COMMENT_RE = re.compile(r"<!--.*?-->|\{#.*?#\}", re.S)  # HTML and Jinja comments


def _blank(match: re.Match) -> str:
    """Keep only the newlines of a match, so offsets still give the right line."""
    return re.sub(r"[^\n]", " ", match[0])


def _markdown_prose(path: Path) -> str:
    """The text of a Markdown page as the reader's browser gets it: code fences, inline
    code and front matter blanked (shown as text, never loaded), line numbers kept."""
    lines = [""] * (path.read_text("utf-8").count("\n") + 1)
    for number, text in prose_lines(path):
        lines[number - 1] = text
    return "\n".join(lines)


def remote_loads(text: str) -> list[tuple[int, str, str]]:
    """(line, what, url) for everything in ``text`` (Markdown, HTML, a template, CSS,
    JavaScript or Python source) that makes a browser fetch from another host."""
    text = COMMENT_RE.sub(_blank, text)
    found = []

    def add(offset: int, what: str, url: str) -> None:
        found.append((text.count("\n", 0, offset) + 1, what, url))

    for tag in TAG_RE.finditer(text):
        name = tag["tag"].lower()
        attrs = {a["name"].lower(): a for a in ATTR_RE.finditer(tag["attrs"])}
        for attr, m in attrs.items():
            fetched = attr in FETCHED_ATTRS or (
                attr in ("href", "xlink:href") and name in HREF_FETCHED_BY
            )
            if name == "link" and attr == "href":
                rels = (
                    set(attrs["rel"]["value"].strip("\"'").lower().split())
                    if "rel" in attrs
                    else set()
                )
                fetched = not rels or not rels <= LINK_RELS_NOT_FETCHED
            url = re.search(rf"(?:^|[\s,\"']){REMOTE}", m["value"])
            if fetched and url:
                add(
                    tag.start("attrs") + m.start("value"), f"<{name} {attr}>", url[0].strip(" ,\"'")
                )
    for what, pattern in SOURCE_PATTERNS:
        for m in pattern.finditer(text):
            add(m.start("url"), what, m["url"])
    refs = {m["ref"].lower(): m["url"] for m in MD_REF_DEF_RE.finditer(text)}
    for m in MD_REF_IMAGE_RE.finditer(text):
        url = refs.get((m["ref"] or m["alt"]).lower(), "")
        if re.match(REMOTE, url):
            add(m.start(), "a Markdown image", url)
    return sorted(set(found))


def check(root: Path = ROOT) -> list[str]:
    """Nothing a page loads by itself (images, scripts, stylesheets, fonts, frames, media)
    comes from another host: not in the pages or the notebooks' sources, the hooks, the
    theme overrides or the configs. Links (<a href>, [text](url)) are fine."""
    texts: list[tuple[Path, str]] = []
    markdown_files = [p for lang in LANGS for p in pages(root, lang, suffixes=(".md",))]
    markdown_files += notebook_sources(root)
    texts += [(path, _markdown_prose(path)) for path in markdown_files]
    others = sorted((root / "hooks").glob("*.py")) + sorted(
        p for p in (root / "overrides").rglob("*") if p.is_file()
    )
    others += sorted(
        p for p in (root / "docs").rglob("*") if p.suffix in (".html", ".css", ".js", ".svg")
    )
    texts += [(path, path.read_text("utf-8")) for path in others if _is_text(path)]
    problems = [
        f"{rel(path, root)}:{line}: {what} loads {url} from another host, so every reader's "
        "browser would fetch it; ship the file in the repository and use a relative path "
        "(links to other sites are fine)"
        for path, text in texts
        for line, what, url in remote_loads(text)
    ]
    for path in sorted(root.glob("mkdocs*.yml")):
        problems += _config_loads(path, root)
    return problems


def _is_text(path: Path) -> bool:
    return path.suffix in (".py", ".html", ".css", ".js", ".tpl", ".svg", ".md", ".txt")


def _config_loads(path: Path, root: Path) -> list[str]:
    """extra_css / extra_javascript entries on another host; Material's Google Fonts."""
    from ..layout import ConfigLoader

    text = path.read_text("utf-8")
    data = yaml.load(text, Loader=ConfigLoader) or {}
    lines = text.splitlines()

    def line_of(needle: str) -> int:
        return next((i for i, line in enumerate(lines, 1) if needle in line), 1)

    problems = []
    for key in ("extra_css", "extra_javascript"):
        for entry in data.get(key) or []:
            url = entry.get("path", "") if isinstance(entry, dict) else str(entry)
            if re.match(REMOTE, url):
                problems.append(
                    f"{rel(path, root)}:{line_of(url)}: {key} loads {url} from another host; "
                    "ship the file under overrides/assets/ and list its relative path"
                )
    theme = data.get("theme")
    for key in ("logo", "favicon"):
        url = str(theme.get(key, "")) if isinstance(theme, dict) else ""
        if re.match(REMOTE, url):
            problems.append(
                f"{rel(path, root)}:{line_of(url)}: theme.{key} loads {url} from another host; "
                "ship the file under overrides/assets/ and give its relative path"
            )
    if (
        isinstance(theme, dict)
        and theme.get("name") == "material"
        and theme.get("font") is not False
    ):
        problems.append(
            f"{rel(path, root)}:{line_of('font:') if 'font' in theme else line_of('theme:')}: "
            "Material loads Google Fonts from fonts.googleapis.com unless the theme says "
            "`font: false`; set it (the site uses the reader's own fonts)"
        )
    return problems
