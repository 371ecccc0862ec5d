"""Integrity rules. Each takes the root of a site tree and returns a list of problems,
each ``"path:line: message"``; the tests assert the list is empty for the real tree and
non-empty for a bad fixture tree. They read files only: no build, a few seconds in all."""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

import markdown
import yaml

from . import reader
from .codeblocks import RUN_FENCES, fences
from .exercises import is_published
from .expansion import includes, marker_problems, sections, snippet_settings
from .figures import declared_figures
from .layout import (
    CONFIGS,
    LANGS,
    ROOT,
    config,
    front_matter,
    page_pairs,
    pages,
    rel,
    snippet_modules,
)
from .notebooks import notebook_sources
from .translation import compare_pairs, prose_lines, terms

LINK_RE = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")
H1_RE = re.compile(r"^#\s+(?P<title>.+?)\s*$", re.M)
# What `python -m fieldguide new_page` writes and a contributor must replace.
PLACEHOLDERS = (
    "TODO: one line on what this module teaches",
    "（在这里用中文介绍本页的主题",
    "(Introduce the topic here.",
)
SPECIAL_PAGES = ("index.md", "glossary.md", "self-check.md")  # pages that teach no topic of their own


def check_fences(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for fence in fences(page):
                line, info, reason = fence.line, fence.info, fence.norun
                where = f"{rel(page, root)}:{line}"
                if reason is not None:
                    if not reason:
                        problems.append(f"{where}: 'norun' needs a reason: <!-- norun: why -->")
                    continue
                if fence.char == "~":
                    problems.append(
                        f"{where}: ~~~ fences are not collected for running; use ``` fences"
                    )
                    continue
                if info in RUN_FENCES:
                    continue
                problems.append(
                    f"{where}: fence ```{info} would not be executed; use ```python exactly, "
                    f"or put <!-- norun: reason --> on the line before it"
                )
    return problems


def check_pairs(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        other = next(o for o in LANGS if o != lang)  # the other source language (registry)
        docs = root / "docs" / lang
        for page in pages(root, lang):
            twin = root / "docs" / other / page.relative_to(docs)
            if not twin.exists():
                problems.append(
                    f"{rel(page, root)}:1: page exists in '{lang}' only; add {rel(twin, root)}"
                )
    return problems


def check_include_parity(root: Path = ROOT) -> list[str]:
    return compare_pairs(root, includes, "include")


def check_includes_resolve(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for line, target in includes(page):
                file, _, section = target.partition(":")
                path = root / file
                if not path.exists():
                    problems.append(f"{rel(page, root)}:{line}: include {target!r}: no file {file}")
                elif section and not section[0].isdigit() and section not in sections(path):
                    problems.append(
                        f"{rel(page, root)}:{line}: include {target!r}: "
                        f"{file} has no section [start:{section}]"
                    )
    return problems


def check_sections(root: Path = ROOT) -> list[str]:
    """Every section marker of every snippet module is well-formed (see marker_problems)."""
    return [p for module in snippet_modules(root) for p in marker_problems(module, root)]


def check_unused_snippets(root: Path = ROOT) -> list[str]:
    used = {
        target.partition(":")[0]
        for lang in LANGS
        for page in pages(root, lang, suffixes=(".md",))
        for _line, target in includes(page)
    }
    used |= {front_matter(source).get("source") for source in notebook_sources(root)}
    return [
        f"{rel(module, root)}:1: snippet module is never included by a page or notebook"
        for module in snippet_modules(root)
        if rel(module, root) not in used
    ]


# ------------------------------------------------------------------ links, anchors


@functools.cache
def _renderer(root: str) -> markdown.Markdown:
    """Markdown with the extensions mkdocs.yml enables, to find the ids a page defines."""
    names, configs = [], {}
    for ext in config(Path(root))["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, settings), *_ = ext.items()
            names.append(name)
            configs[name] = settings or {}
        else:
            names.append(ext)
    if "pymdownx.snippets" in configs:
        configs["pymdownx.snippets"] = snippet_settings(Path(root))
    return markdown.Markdown(extensions=names, extension_configs=configs)


@functools.cache
def _anchors(page: Path, root: Path) -> frozenset[str]:
    md = _renderer(str(root))
    md.reset()
    ids = set(ID_RE.findall(md.convert(reader.body(page.read_text("utf-8")))))
    if page.name == "glossary.md":  # its entries are generated from docs/terms.yml
        ids |= {t["id"] for t in terms(root)}
    return frozenset(ids)


def anchors(page: Path, root: Path = ROOT) -> frozenset[str]:
    """The ids a Markdown page defines (headings as MkDocs slugs them, `{#id}`, HTML)."""
    return _anchors(Path(page).resolve(), Path(root).resolve())


def check_links(root: Path = ROOT) -> list[str]:
    """Relative links lead to a file, and a ``#anchor`` to an id that page defines."""
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for number, line in prose_lines(page):
                for m in LINK_RE.finditer(line):
                    target, _, anchor = m["target"].partition("#")
                    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                        continue  # external URL
                    where = f"{rel(page, root)}:{number}"
                    path = (page.parent / target) if target else page
                    if target and not path.exists():
                        if not is_figure(root, page, target) and not is_published(
                            root, page, target
                        ):
                            problems.append(f"{where}: broken link {m['target']!r}")
                        continue
                    if anchor and path.suffix == ".md" and anchor not in anchors(path, root):
                        problems.append(
                            f"{where}: link {m['target']!r}: {rel(path, root)} has no anchor "
                            f"#{anchor}"
                        )
    return problems


def is_figure(root: Path, page: Path, target: str) -> bool:
    """Is ``target`` (relative to ``page``) a figure the build draws from a snippet?"""
    folder, _, name = target.rpartition("/")
    docs = next(root / "docs" / lang for lang in LANGS if page.is_relative_to(root / "docs" / lang))
    try:
        part = (page.parent / folder).resolve().relative_to(docs.resolve())
    except ValueError:
        return False
    if part.name != "figures":
        return False
    modules = (root / "snippets" / part.parent).glob("*.py")
    return any(name in declared_figures(module) for module in modules)


# ------------------------------------------------------------------------- nav


def nav_entries(root: Path = ROOT, lang: str = "zh") -> list[tuple[str | None, str]]:
    """(title, page path relative to docs/<lang>/) for every page in the nav."""
    found = []

    def walk(items, title=None):
        for item in items or []:
            if isinstance(item, str):
                found.append((title, item))
            elif isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(value, str):
                        found.append((key, value))
                    else:
                        walk(value)

    walk(config(root, lang).get("nav"))
    return found


def check_nav(root: Path = ROOT) -> list[str]:
    """Every page is in its language's nav, and every nav entry is a page (what the strict
    build checks, without building)."""
    problems = []
    for lang in LANGS:
        cfg = CONFIGS[lang]
        if "nav" not in config(root, lang):
            continue  # pages come from the folder
        listed = [uri for _title, uri in nav_entries(root, lang)]
        docs = root / "docs" / lang
        for page in pages(root, lang):
            uri = page.relative_to(docs).as_posix()
            if uri not in listed:
                problems.append(
                    f"{rel(page, root)}:1: page is not in the nav of {cfg}; add "
                    f"'- <title>: {uri}' to its part"
                )
        for uri in dict.fromkeys(listed):
            if not (docs / uri).exists():
                problems.append(f"{cfg}:1: nav entry {uri!r} has no page docs/{lang}/{uri}")
            elif listed.count(uri) > 1:
                problems.append(f"{cfg}:1: nav lists {uri!r} {listed.count(uri)} times")
    return problems


# ---------------------------------------------------------------------- topics


def known_topics(root: Path = ROOT) -> dict[str, str]:
    data = yaml.safe_load((root / "docs" / "topics.yml").read_text("utf-8"))
    return {str(k): v for k, v in data.items()}


def check_topics(root: Path = ROOT) -> list[str]:
    problems = []
    ids = known_topics(root)
    for zh, en in page_pairs(root):
        a, b = front_matter(zh).get("topics"), front_matter(en).get("topics")
        for page, topics in ((zh, a), (en, b)):
            if topics is None:
                problems.append(f"{rel(page, root)}:1: front matter has no 'topics:' list")
            else:
                problems += [
                    f"{rel(page, root)}:{topic_line(page, t)}: unknown topic ID {t!r}; the IDs "
                    "are defined in docs/topics.yml"
                    for t in topics
                    if t not in ids
                ]
        if a is not None and b is not None and a != b:
            problems.append(f"{rel(zh, root)}:1 and {rel(en, root)}:1: topics differ: {a} vs {b}")
    return problems


def topic_line(page: Path, topic: str) -> int:
    """The line of the front matter's `topics:` entry where ``topic`` stands (1 when the
    page is a notebook, whose topics are in its metadata)."""
    if page.suffix != ".md":
        return 1
    return reader.front_matter_line(page.read_text("utf-8"), "topics", str(topic)) or 1


def coverage(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """topic ID -> {lang: [pages that list it]}."""
    cover = {tid: {lang: [] for lang in LANGS} for tid in known_topics(root)}
    for lang in LANGS:
        for page in pages(root, lang):
            for tid in front_matter(page).get("topics") or []:
                if tid in cover:
                    cover[tid][lang].append(rel(page, root))
    return cover


# ------------------------------------------------------------------- scaffolds


def check_scaffolds(root: Path = ROOT) -> list[str]:
    """A page made by new_page is filled in before it lands: no placeholder text left in
    pages or snippets, a topic page lists its topics, and the Chinese page has a Chinese
    title (not the file name new_page put there)."""
    problems = []
    files = [p for lang in LANGS for p in pages(root, lang, suffixes=(".md",))]
    for path in files + snippet_modules(root):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            for placeholder in PLACEHOLDERS:
                if placeholder in line:
                    problems.append(
                        f"{rel(path, root)}:{number}: placeholder text from new_page "
                        f"{placeholder!r}; write the real text"
                    )
    for page in pages(root, "zh", suffixes=(".md",)) + pages(root, "en", suffixes=(".md",)):
        if page.name in SPECIAL_PAGES:
            continue
        if front_matter(page).get("topics") == []:
            problems.append(
                f"{rel(page, root)}:2: 'topics: []' is empty; list the IDs from "
                "docs/topics.yml this page teaches"
            )
    for lang in LANGS:
        titles = {uri: title for title, uri in nav_entries(root, lang)}
        language = "Chinese" if lang == "zh" else "English"
        for page in pages(root, lang, suffixes=(".md",)):
            text = page.read_text("utf-8")
            if page.name == "index.md":
                problems += _scaffold_index_entries(page, text, root)
            if page.name in SPECIAL_PAGES:
                continue
            m = H1_RE.search(text)
            uri = page.relative_to(root / "docs" / lang).as_posix()
            if m and m["title"] == page.stem:
                line = text[: m.start()].count("\n") + 1
                problems.append(
                    f"{rel(page, root)}:{line}: title '# {page.stem}' is the file name; give the "
                    f"page its {language} title"
                )
            if titles.get(uri) == page.stem:
                config_file = CONFIGS[lang]
                line = _line_of(root / config_file, f"{page.stem}: {uri}")
                problems.append(
                    f"{config_file}:{line}: nav title {page.stem!r} for {uri} is the file name; "
                    f"use the page's {language} title"
                )
    return problems


def _scaffold_index_entries(index: Path, text: str, root: Path) -> list[str]:
    """`- [weight_init](weight_init.md)`: the entry new_page adds to a part's list of
    pages, still showing the file name instead of the page's title."""
    return [
        f"{rel(index, root)}:{number}: list entry '{line.strip()}' shows the file name; "
        "write the page's title (and a few words on what it teaches)"
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"^[-*] \[(?P<name>[\w]+)\]\((?P=name)\.md\)\s*$", line.strip())
    ]


# ------------------------------------------------------------ external resources

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


def check_external(root: Path = ROOT) -> list[str]:
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
    from .layout import ConfigLoader

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


# ------------------------------------------------------------ notebooks, snippet syntax


def check_notebooks(root: Path = ROOT) -> list[str]:
    """Each notebook stored in docs/ was built from its source as it is now: the cells'
    sources (the prose of notebooks/<part>/<topic>.<lang>.md and the snippet's sections)
    and metadata match a fresh build. Compares sources only; nothing is executed."""
    import json

    from .notebooks import CELL_RE, build_notebook, notebook_target

    problems = []
    for source in notebook_sources(root):
        target = notebook_target(source, root)
        where, rebuild = rel(source, root), "rebuild it: nox -s notebooks"
        if not target.exists():
            problems.append(f"{where}:1: no notebook {rel(target, root)} built from it; {rebuild}")
            continue
        try:
            fresh = build_notebook(source, root)
        except Exception as exc:  # a missing snippet or section: say which, change nothing
            problems.append(f"{where}:1: cannot build its notebook: {exc}")
            continue
        stored = json.loads(target.read_text("utf-8"))
        cells = [(c["cell_type"], _joined(c["source"])) for c in stored["cells"]]
        expected = [(c.cell_type, c.source) for c in fresh.cells]
        if cells == expected and stored["metadata"].get("fieldguide") == dict(
            fresh.metadata["fieldguide"]
        ):
            continue
        index = next(
            (i for i, pair in enumerate(zip(cells, expected, strict=False)) if pair[0] != pair[1]),
            min(len(cells), len(expected)),
        )
        at, line = where, 1
        if index < len(expected):
            kind, text = expected[index]
            if kind == "code":  # the index-th code cell is the snippet section named so
                names = CELL_RE.findall(source.read_text("utf-8"))
                number = sum(1 for k, _ in expected[:index] if k == "code")
                module = root / front_matter(source)["source"]
                at, line = rel(module, root), _section_line(module, names[number])
            else:  # the first line of the fresh cell that the stored one lacks
                old = cells[index][1].splitlines() if index < len(cells) else []
                new = text.splitlines() or [""]
                probe = next((a for a, b in zip(new, old, strict=False) if a != b), None)
                probe = probe if probe is not None else new[min(len(old), len(new) - 1)]
                line = _line_of(source, probe.lstrip("#").strip())
        problems.append(
            f"{at}:{line}: the notebook {rel(target, root)} is stale: cell {index + 1} differs "
            f"from a fresh build of {where}; {rebuild}"
        )
    return problems


def _joined(source: str | list[str]) -> str:
    return "".join(source) if isinstance(source, list) else source


def _section_line(module: Path, name: str) -> int:
    lines = module.read_text("utf-8").splitlines()
    return next((i for i, line in enumerate(lines, 1) if f"[start:{name}]" in line), 1)


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next((i for i, line in enumerate(lines, 1) if text.strip() in line), 1)


def check_snippet_syntax(root: Path = ROOT) -> list[str]:
    """Every snippet module compiles, whether or not a page includes all of it."""
    import warnings

    problems = []
    for module in snippet_modules(root):
        where = rel(module, root)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ruff reports what only warns
                compile(module.read_text("utf-8"), where, "exec", dont_inherit=True)
        except SyntaxError as exc:
            problems.append(f"{where}:{exc.lineno}: syntax error: {exc.msg}")
    return problems


# ------------------------------------------------------- guard rails, round three

# No file under docs/ or snippets/ may be larger than this: the repository is cloned by every
# contributor and the site is read on phones. The largest file we ship (a notebook with its
# figures) is about 110 KB; data a lesson needs is built by its code.
MAX_FILE_BYTES = 512 * 1024


def check_file_sizes(root: Path = ROOT) -> list[str]:
    """No file under docs/ or snippets/ is larger than MAX_FILE_BYTES."""
    problems = []
    for tree in ("docs", "snippets"):
        for path in sorted((root / tree).rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(
                    f"{rel(path, root)}:1: file is {size / 1024 / 1024:.1f} MB, over the "
                    f"limit of {MAX_FILE_BYTES // 1024} KB for files under docs/ and "
                    "snippets/; build data in the snippet's code, draw figures with a "
                    "snippet (`# figures:`), or shrink the file"
                )
    return problems


MD_IMAGE_ALT_RE = re.compile(r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<target>[^)\s]*)")
IMG_TAG_RE = re.compile(r"<img\b(?P<attrs>[^<>]*)>", re.I)


def check_alt_text(root: Path = ROOT) -> list[str]:
    """Every image on a page says what it shows: a Markdown image has alt text
    (``![what it shows](figures/x.png)``), an ``<img>`` has a non-empty ``alt``."""
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for number, line in prose_lines(page):
                where = f"{rel(page, root)}:{number}"
                for m in MD_IMAGE_ALT_RE.finditer(line):
                    if not m["alt"].strip():
                        problems.append(
                            f"{where}: image {m['target']!r} has no alt text; say what it shows "
                            "in the page's language: ![what it shows](...)"
                        )
                for m in IMG_TAG_RE.finditer(line):
                    attrs = {a["name"].lower(): a["value"] for a in ATTR_RE.finditer(m["attrs"])}
                    if not attrs.get("alt", "").strip("\"' "):
                        problems.append(f'{where}: <img> without alt text; add alt="what it shows"')
    return problems


def _inline_blocks(page: Path) -> list[tuple[int, list[tuple[int, str]]]]:
    """(fence line, [(line, code)]) for each runnable Python block written in the page
    itself (no ``--8<--`` include), comments and blank lines left out."""
    lines = page.read_text("utf-8").split("\n")
    out = []
    for fence in fences(page):
        if fence.info not in RUN_FENCES or fence.norun is not None or fence.end is None:
            continue
        body = list(range(fence.line + 1, fence.end))
        if any(reader.INCLUDE_RE.match(lines[n - 1]) for n in body):
            continue
        code = [
            (n, lines[n - 1].rstrip())
            for n in body
            if lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")
        ]
        out.append((fence.line, code))
    return out


def check_inline_code_parity(root: Path = ROOT) -> list[str]:
    """Code written in a page (not included from a snippet) is the same in both languages,
    block by block: only the prose is translated. (Each page's `#>` lines are checked
    against its own code, so a difference here would pass the page runs.)"""
    problems = []
    for zh, en in page_pairs(root):
        if zh.suffix != ".md":
            continue
        a, b = _inline_blocks(zh), _inline_blocks(en)
        if len(a) != len(b):
            problems.append(
                f"{rel(zh, root)}:{a[-1][0] if a else 1} and {rel(en, root)}:"
                f"{b[-1][0] if b else 1}: {len(a)} vs {len(b)} code blocks written in the page; "
                "both languages show the same code"
            )
            continue
        for (za, ca), (eb, cb) in zip(a, b, strict=True):
            pairs = itertools.zip_longest(ca, cb)
            diff = next(((x, y) for x, y in pairs if x is None or y is None or x[1] != y[1]), None)
            if diff is None:
                continue
            (lz, tz), (le, te) = (
                diff[0] or (za, "(nothing)"),
                diff[1] or (eb, "(nothing)"),
            )
            problems.append(
                f"{rel(zh, root)}:{lz} and {rel(en, root)}:{le}: the code of the block at line "
                f"{za} / {eb} differs between the languages: {tz.strip()!r} vs {te.strip()!r}; "
                "only the prose is translated, the code is the same in both"
            )
            break
    return problems


def _project_modules(root: Path) -> set[str]:
    """Top-level names a snippet could import from this repository, not from a package."""
    names = {"snippets", "fieldguide", "tests", "hooks", "benchmarks", "noxfile", "conftest"}
    names |= {p.stem for p in (root / "snippets").rglob("*.py")}
    names |= {p.name for p in (root / "snippets").iterdir() if p.is_dir()}
    return names - {"__init__"}


def project_imports(source: str, project: set[str]) -> list[tuple[int, str]]:
    """(line, module) for each import of a project module (or a relative import)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = ["." * node.level + (node.module or "")] if node.level else [node.module]
        else:
            continue
        for name in names:
            if name and (name.startswith(".") or name.split(".")[0] in project):
                found.append((node.lineno, name))
    return found


def check_snippet_imports(root: Path = ROOT) -> list[str]:
    """Snippet modules (and code written in pages) import nothing from this repository:
    a reader copies one file and runs it alone, where `snippets.` and `fieldguide` do not
    exist. (In the test run the repository is on sys.path, so such an import works.)"""
    problems = []
    project = _project_modules(root)
    sources = [(m, m.read_text("utf-8"), 0) for m in snippet_modules(root)]
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for line, code in _inline_blocks(page):
                text = page.read_text("utf-8").split("\n")
                end = code[-1][0] if code else line
                sources.append((page, "\n".join(text[line:end]), line))
    for path, source, offset in sources:
        try:
            found = project_imports(source, project)
        except SyntaxError:
            continue  # check_snippet_syntax (or the page's run) reports it
        for number, name in found:
            problems.append(
                f"{rel(path, root)}:{number + offset}: imports {name!r} from this repository; "
                "a snippet runs alone, copied out of the project: copy the few lines it needs "
                "into this module instead"
            )
    return problems


# A `#>` line that shows a set (or frozenset) of two or more strings: its order depends on
# the string hash seed, which changes with every Python process (PYTHONHASHSEED).
SET_OF_STRINGS_RE = re.compile(
    r"(?:frozenset\()?\{(?P<items>(?:'[^']*'|\"[^\"]*\")(?:, (?:'[^']*'|\"[^\"]*\"))+)\}"
)


def check_set_outputs(root: Path = ROOT) -> list[str]:
    """No checked output shows a set of strings: Python orders it by the strings' hashes,
    which are salted per process, so the next run prints another order. Print
    ``sorted(...)`` instead."""
    problems = []
    files = list(snippet_modules(root))
    files += [p for lang in LANGS for p in pages(root, lang, suffixes=(".md",))]
    for path in files:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            text = line.strip()
            if not text.startswith("#>"):
                continue
            for m in SET_OF_STRINGS_RE.finditer(text):  # a dict's `'a': 1` never matches
                problems.append(
                    f"{rel(path, root)}:{number}: `#>` shows a set of strings ({m[0][:40]}), "
                    "whose order changes from run to run (string hashes are salted per process, "
                    "PYTHONHASHSEED); print sorted(...) of it instead"
                )
    return problems
