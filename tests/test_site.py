"""Build both languages exactly as `nox -s docs` does and check the result."""

import json
import re
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import fieldguide

ROOT = fieldguide.ROOT


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(path: Path) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(path.read_text("utf-8"))
    return parser.tags


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
    for lang, root, other_root in (("zh", site, site / "en"), ("en", site / "en", site)):
        for page in html_pages(root):
            if lang == "zh" and page.is_relative_to(site / "en"):
                continue
            links = {
                attrs["hreflang"]: attrs["href"]
                for tag, attrs in parse(page)
                if tag == "a" and "md-select__link" in (attrs.get("class") or "")
            }
            assert set(links) == {"zh", "en"}, page
            other = "en" if lang == "zh" else "zh"
            target = (page.parent / links[other] / "index.html").resolve()
            expected = other_root / page.relative_to(root)
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
    config = json.loads(
        re.search(
            r'<script id="__config" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    for feature in ("content.code.copy", "content.code.annotate", "content.tabs.link"):
        assert feature in config["features"]
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
            assert "jp-OutputArea" in html and "data:image/png;base64" in html, page_dir
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
    for root in (site, site / "en"):
        links = {
            a["hreflang"]: a["href"]
            for tag, a in parse(root / "tensors" / "creation" / "index.html")
            if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang")
        }
        assert links == {
            "zh": base + "tensors/creation/",
            "en": base + "en/tensors/creation/",
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


def test_site_tests_share_one_worker(request, site):
    """Under `-n 2 --dist loadgroup` every test that uses the built site runs on one
    worker (one build, no two builds racing in one cache). xdist marks grouped ids."""
    if hasattr(request.config, "workerinput"):
        assert request.node.nodeid.endswith("@site"), "xdist grouping is not in effect"
