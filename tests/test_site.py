"""Build both languages exactly as `nox -s docs` does and check the result."""

import functools
import html as html_lib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import fieldguide
from fieldguide import languages
from fieldguide.building import LOCAL_URL, build_env, mkdocs_build
from fieldguide.testing import config_site

ROOT = fieldguide.ROOT


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(path: Path) -> list[tuple[str, dict]]:
    """The tags of a page that name a URL (href or src): all that these tests read of them.
    Parsed once per version of the file: several tests read every page of the site."""
    return _urls(path, path.stat().st_mtime_ns)


@functools.cache
def _urls(path: Path, mtime_ns: int) -> list[tuple[str, dict]]:
    return [
        (tag, attrs)
        for tag, attrs in parse_html(path.read_text("utf-8"))
        if {"href", "src"} & attrs.keys()
    ]


def parse_html(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def material_config(html: str) -> dict:
    """The configuration Material's template writes into a page for its bundle."""
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found[1])


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def test_every_source_page_is_built(site):
    for lang, root in (("zh", site), ("en", site / "en")):
        for page in fieldguide.pages(lang=lang):
            rel = page.relative_to(ROOT / "docs" / lang).with_suffix("")
            target = root / (rel.parent if rel.name == "index" else rel) / "index.html"
            assert target.exists(), f"{fieldguide.rel(page)} was not built to {target}"


def test_no_request_leaves_the_host(site):
    """Nothing a page loads by itself (scripts, styles, fonts, images, frames) is remote."""
    loaders = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src"}
    for page in html_pages(site):
        for tag, attrs in parse(page):
            url = attrs.get(loaders.get(tag, ""), "") or ""
            if tag == "link" and attrs.get("rel") not in ("canonical", "alternate"):
                url = attrs.get("href", "") or ""
            assert not is_external(url), f"{page}: <{tag}> loads {url}"
    for css in site.rglob("*.css"):
        remote = re.findall(r"url\((['\"]?)(https?:)?//", css.read_text("utf-8"))
        assert remote == [], f"{css} loads remote resources"


def test_language_switcher_leads_to_the_same_page(site):
    """Every page of every edition (docs/languages.yml) offers every edition, each link
    leading to the same page there."""
    editions = languages.editions()
    others = [site / lang.prefix for lang in editions if lang.prefix]
    for lang in editions:
        root = site / lang.prefix
        for page in html_pages(root):
            if not lang.prefix and any(page.is_relative_to(o) for o in others):
                continue
            links = {
                attrs["hreflang"]: attrs["href"]
                for tag, attrs in parse(page)
                if tag == "a" and "md-select__link" in (attrs.get("class") or "")
            }
            assert set(links) == {e.code for e in editions}, page
            for other in editions:
                target = (page.parent / links[other.code] / "index.html").resolve()
                expected = site / other.prefix / page.relative_to(root)
                assert target == expected.resolve(), f"{page}: switcher goes to {target}"


def test_internal_links_resolve(site):
    for page in html_pages(site):
        for tag, attrs in parse(page):
            href = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not href or is_external(href) or href.startswith(("#", "mailto:", "data:")):
                continue
            path = unquote(urlsplit(href).path)
            if not path:
                continue
            target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page}: broken link {href}"


def test_chinese_search_finds_the_tensor_page(site):
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    hits = {doc["location"] for doc in index["docs"] if "张量" in doc["title"] + doc["text"]}
    assert "tensors/creation/" in hits
    assert index["config"]["lang"] == ["zh", "en"]
    english = json.loads((site / "en" / "search" / "search_index.json").read_text("utf-8"))
    assert any(
        d["location"] == "tensors/creation/" and "tensor" in d["text"].lower()
        for d in english["docs"]
    )


def test_material_features_are_on(site):
    page = (site / "tensors" / "creation" / "index.html").read_text("utf-8")
    config = material_config(page)
    for feature in ("content.code.copy", "content.tabs.link", "navigation.prune"):
        assert feature in config["features"]
    # Phones (hooks/bundle.py): Material's bundle loads from <head>, deferred, and starts
    # before the first paint; it is on the page once.
    head = page.split("</head>")[0]
    bundle = r'<script defer blocking="render" src="[^"]*/bundle\.[0-9a-f]+\.min\.js">'
    assert len(re.findall(bundle, head)) == 1
    assert len(re.findall(r"bundle\.[0-9a-f]+\.min\.js", page)) == 1
    assert 'class="highlight"' in page  # code blocks go through pymdownx.highlight
    assert 'data-md-component="palette"' in page  # the light/dark toggle


def test_version_stamp_on_every_page(site):
    torch_version = metadata.version("torch")
    for page in html_pages(site):
        text = page.read_text("utf-8")
        assert 'class="fg-stamp"' in text and torch_version in text, page


def test_notebook_pages_render_outputs_and_download(site):
    for lang, root in (("zh", site), ("en", site / "en")):
        for notebook in (ROOT / "docs" / lang).rglob("*.ipynb"):
            rel = notebook.relative_to(ROOT / "docs" / lang)
            page_dir = root / rel.with_suffix("")
            html = (page_dir / "index.html").read_text("utf-8")
            assert "jp-OutputArea" in html, page_dir
            # Figures are files beside the page, loaded lazily, their size reserved.
            assert "data:image/png" not in html, page_dir
            figures = re.findall(r'<img [^>]*loading="lazy" src="(output-[0-9a-f]+\.png)"', html)
            assert figures, page_dir
            for name in figures:
                assert (page_dir / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
            assert f'href="{notebook.name}" download' in html
            assert json.loads((page_dir / notebook.name).read_text("utf-8"))["cells"]


def test_pages_link_their_whole_snippet_modules(site):
    """A page built from a snippet module links to the whole file, published unchanged."""
    for lang, root in (("zh", site), ("en", site / "en")):
        page = root / "tensors" / "creation" / "index.html"
        hrefs = [a.get("href") for tag, a in parse(page) if tag == "a"]
        assert "../../snippets/tensors/creation.py" in hrefs, lang
        published = (page.parent / "../../snippets/tensors/creation.py").resolve()
        assert published.read_bytes() == (ROOT / "snippets/tensors/creation.py").read_bytes()


def test_terms_link_to_the_glossary_where_they_first_appear(site):
    for root, term in ((site, "张量"), (site / "en", "tensor")):
        page = (root / "tensors" / "creation" / "index.html").read_text("utf-8")
        assert re.search(rf'<a href="../../glossary/#tensor">{term}</a>', page, re.I)
        glossary = (root / "glossary" / "index.html").read_text("utf-8")
        assert 'id="tensor"' in glossary and "<!-- glossary -->" not in glossary


def test_edit_link_points_at_the_source_in_its_language(site):
    for lang, root in (("zh", site), ("en", site / "en")):
        edits = [
            a["href"]
            for tag, a in parse(root / "tensors" / "creation" / "index.html")
            if tag == "a" and a.get("rel") == "edit"
        ]
        assert edits == [
            "https://github.com/pytorch-field-guide/field-guide/edit/main/"
            f"docs/{lang}/tensors/creation.md"
        ]


def test_hreflang_links_are_absolute_and_point_at_twins(site, site_port):
    base = f"http://127.0.0.1:{site_port}/"
    for root in (site, site / "en", site / "zh-Hant"):
        links = {
            a["hreflang"]: a["href"]
            for tag, a in parse(root / "tensors" / "creation" / "index.html")
            if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang")
        }
        assert links == {
            "zh": base + "tensors/creation/",
            "en": base + "en/tensors/creation/",
            "zh-Hant": base + "zh-Hant/tensors/creation/",
            "x-default": base + "tensors/creation/",
        }


def test_404_pages_link_to_real_pages(site):
    """404 pages use root-relative URLs (they are served at any depth)."""
    for page in (site / "404.html", site / "en" / "404.html"):
        for tag, attrs in parse(page):
            href = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not href or not href.startswith("/") or href.startswith("//"):
                continue
            target = (site / unquote(urlsplit(href).path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page}: broken link {href}"


@pytest.mark.parametrize("site", [None])  # stands in for the fixture: no build needed
def test_site_tests_share_one_worker(request, site):
    """Under `-n 2 --dist loadgroup` every test that uses the built site runs on one
    worker (one build, no two builds racing in one cache): the plugin gives each such test
    the group `site`, with or without xdist, and xdist adds it to the test's id."""
    marks = [mark.args for mark in request.node.iter_markers("xdist_group")]
    assert marks == [("site",)], f"{request.node.nodeid}: xdist_group marks {marks}"
    if hasattr(request.config, "workerinput"):
        assert request.node.nodeid.endswith("@site"), "xdist grouping is not in effect"


PDF_LINKS = {"zh": "pdf/pytorch-field-guide.zh.pdf", "en": "pdf/pytorch-field-guide.en.pdf"}


def test_home_pages_link_no_pdf_book_they_do_not_have(site):
    """A build without the books (the preview, `nox -s docs`) links none (issue 25): not
    on the home pages, nor on any other page."""
    for root in (site, site / "en"):
        page = (root / "index.html").read_text("utf-8")
        assert "fg-pdf" not in page and ".pdf" not in page
    for page in html_pages(site):
        hrefs = [a.get("href") or "" for tag, a in parse(page) if tag == "a"]
        assert not any(".pdf" in href for href in hrefs), page


def test_home_pages_link_their_pdf_book_when_built_with_them(tmp_path):
    """`nox -s publish` and `pdf` print the books: each home page links its own language's,
    and no other page links one. (A build without them links none: the site's own build,
    the test above.)"""
    for lang in ("zh", "en"):
        config = ROOT / ("mkdocs.yml" if lang == "zh" else "mkdocs.en.yml")
        pages = {"index.md": "# Home\n", "other.md": "# Other\n"}
        out = tmp_path / lang
        code, output = strict_build(out, pages, ["index.md", "other.md"], config, True)
        assert code == 0, output
        hrefs = [a.get("href") for tag, a in parse(out / "site" / "index.html") if tag == "a"]
        assert PDF_LINKS[lang] in hrefs, lang
        assert PDF_LINKS["en" if lang == "zh" else "zh"] not in hrefs, lang
        other = parse(out / "site" / "other" / "index.html")
        assert not any(".pdf" in (a.get("href") or "") for tag, a in other if tag == "a")


def test_only_site_url_names_the_local_host(site, site_port):
    """Every URL of this machine in the built site comes from SITE_URL, so a build with
    SITE_URL set to the public address (nox -s publish) has none left."""
    base = f"http://127.0.0.1:{site_port}/"
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".js", ".css", ".txt"):
            for url in LOCAL_URL.findall(path.read_text("utf-8", errors="replace")):
                assert url.startswith(base), f"{path}: {url} does not come from SITE_URL"


def test_mobile_pages_stay_light(site):
    """What keeps phones fast (issue #16): the nav is pruned to the current section, and
    <head> loads no script but Material's bundle (deferred)."""
    html = (site / "tensors" / "creation" / "index.html").read_text("utf-8")
    config = material_config(html)
    assert "navigation.prune" in config["features"]
    head = html.split("</head>")[0]
    # The one script <head> loads is Material's bundle, deferred (see test above).
    scripts = re.findall(r"<script[^>]+src=[^>]*>", head)
    assert len(scripts) == 1 and "bundle." in scripts[0] and " defer " in scripts[0]
    # <html> gets the classes Material's start-up would add later (a whole-page restyle).
    assert '<html lang="zh" class="no-js">' in head
    assert '<script>document.documentElement.className = "js js-focus-visible"</script>' in head
    # The pruned nav lists this part's pages and the other parts, not every page of the
    # site (with navigation.sections it listed every part's pages: 106 items, now 46).
    assert "navigation.sections" not in config["features"]
    assert html.count('class="md-nav__item') < 60


def test_palette_toggle_starts_without_restyling_the_page(site):
    """The light/dark toggle keeps working, but its start-up no longer restyles every
    element: <body> already carries the colours the toggle applies, and Material's
    `[data-md-color-switching] *` rule is gone (hooks/palette.py)."""
    for root in (site, site / "en"):
        html = (root / "tensors" / "creation" / "index.html").read_text("utf-8")
        body = dict(next(attrs for tag, attrs in parse_html(html) if tag == "body"))
        options = [
            attrs
            for tag, attrs in parse_html(html)
            if tag == "input" and "data-md-color-media" in attrs
        ]
        assert len(options) == 3, "the toggle offers system, light and dark"
        for option in options:
            assert option["data-md-color-primary"] == body["data-md-color-primary"] == "custom"
            assert option["data-md-color-accent"] == body["data-md-color-accent"] == "custom"
    for sheet in (site / "assets" / "stylesheets").glob("palette.*.css"):
        css = sheet.read_text("utf-8")
        assert "data-md-color-switching" not in css, sheet
        assert "[data-md-color-scheme=slate]" in css, "the dark scheme itself must stay"


def test_notebook_pages_declare_only_variables_they_read(site):
    """hooks/notebooks.py drops the Jupyter custom properties no var() reads, and keeps
    every one that is read (the cell colours of overrides/assets/fieldguide.css included)."""
    html = (site / "workflows" / "digits_notebook" / "index.html").read_text("utf-8")
    css = "".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.S))
    declared = set(re.findall(r"(?<=[{;])\s*(--[\w-]+)\s*:", css))
    read = set(re.findall(r"var\(\s*(--[\w-]+)", html))
    theme = "".join(p.read_text("utf-8") for p in (ROOT / "overrides").rglob("*.css"))
    read |= set(re.findall(r"var\(\s*(--[\w-]+)", theme))
    assert declared and declared <= read, sorted(declared - read)[:10]
    assert "--jp-cell-inprompt-font-color" in declared  # read by Jupyter's prompt rule
    assert "--md-red-50" not in declared  # one of the hundreds nothing reads
    # Every declaration left is whole: a value's own `;` (as in JupyterLab's icons,
    # `url("data:image/svg+xml;base64,...")`) must not cut a declaration in two.
    unquoted = re.sub(r'"[^"]*"|\'[^\']*\'', '""', css)
    for body in re.findall(r"\{([^{}]*)\}", unquoted):
        for declaration in filter(str.strip, body.split(";")):
            assert re.match(r"\s*-?[\w-]+\s*:", declaration), declaration[:80]


def test_notebook_pages_carry_only_what_they_use(site):
    """nbconvert's leftovers are gone from notebook pages (hooks/notebooks.py): the MathJax 2
    configuration (the site loads no MathJax), the Mermaid loader (no cell draws a diagram),
    and the highlighting rules repeated as a Python list. The highlighting rules left are
    those of tokens the code shows, comments included."""
    for root in (site, site / "en"):
        html = (root / "workflows" / "digits_notebook" / "index.html").read_text("utf-8")
        assert "text/x-mathjax-config" not in html
        assert '<script src="">' not in html
        assert "mermaid" not in html.lower()
        assert not re.search(r"<style[^>]*>\s*\['", html)  # CSS written as a Python list
        assert html.count('class="c1"') and ".highlight-ipynb .c1 {" in html  # a comment
        assert 'class="k"' in html and ".highlight-ipynb .k {" in html  # a keyword
        assert 'class="gh"' not in html and ".highlight-ipynb .gh" not in html  # no heading
        assert 'class="jp-Cell ' in html and "<clipboard-copy" in html  # cells, copy buttons


def test_code_blocks_carry_their_line_count(site):
    """hooks/code_lines.py writes each code block's line count on its <pre>: the height a
    phone gives the block before laying it out (overrides/assets/fieldguide.css)."""
    for page in ("tensors/creation", "en/workflows/digits_notebook"):
        html = (site / page / "index.html").read_text("utf-8")
        blocks = re.findall(r'<pre style="--lines: (\d+)">(.*?)</pre>', html, re.S)
        assert len(blocks) > 5
        assert len(blocks) == html.count('<div class="highlight')
        for count, inner in blocks:
            text = html_lib.unescape(re.sub(r"<[^>]+>", "", inner))
            assert int(count) == len(text.removesuffix("\n").split("\n")), text[:80]


# -- Strict builds (issue #19): a contributor's slip fails the build, and says where. --


def strict_build(
    tmp_path: Path,
    pages: dict[str, str],
    nav: list,
    inherit: Path = ROOT / "mkdocs.yml",
    pdf_books: bool = False,
) -> tuple[int, str]:
    """Build a two-page fixture site with the real configuration (theme, extensions,
    validation) the way `nox -s docs` builds: `mkdocs build --strict`, no -q."""
    config = config_site(
        tmp_path,
        pages,
        INHERIT=str(inherit),
        hooks=[],
        plugins={"search": {"enabled": False}},
        nav=nav,
    )
    result = mkdocs_build(config, env=build_env(FIELDGUIDE_PDF_BOOKS=str(pdf_books).lower()))
    return result.returncode, result.stdout + result.stderr


GOOD = {
    "index.md": "# 首页\n\n见 [存储](storage.md#views)。\n",
    "storage.md": "# 存储\n\n## 视图 { #views }\n\n正文。\n",
}


def test_strict_fixture_builds_clean(tmp_path):
    code, output = strict_build(tmp_path, GOOD, ["index.md", "storage.md"])
    assert code == 0, output


def test_page_missing_from_nav_fails_the_build(tmp_path):
    code, output = strict_build(
        tmp_path, {**GOOD, "orphan.md": "# 孤页\n"}, ["index.md", "storage.md"]
    )
    assert code != 0
    assert "WARNING" in output and "orphan.md" in output, output


def test_link_to_missing_anchor_fails_the_build(tmp_path):
    pages = {**GOOD, "index.md": "# 首页\n\n见 [存储](storage.md#no-such-anchor)。\n"}
    code, output = strict_build(tmp_path, pages, ["index.md", "storage.md"])
    assert code != 0
    assert "WARNING" in output and "no-such-anchor" in output, output


def test_publish_refuses_to_run_without_site_url():
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SITE_URL_EN")}
    nox = Path(sys.executable).with_name("nox")
    for extra in ({}, {"SITE_URL": "http://127.0.0.1:8000/"}):
        result = subprocess.run(
            [str(nox), "-s", "publish"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**env, **extra},
            timeout=120,
        )
        assert result.returncode != 0, extra
        assert "SITE_URL" in result.stdout + result.stderr, extra
