"""The built site in a real browser: headless Chromium driven by Playwright.

The site is served on 127.0.0.1 by a thread of this process. The browser: CHROME_PATH if
set, else Playwright's own Chromium where `playwright install chromium` put one (GitHub's
runners, see .github/workflows/ci.yml: Ubuntu's `chromium` is a snap stub), else Debian's
`chromium` (local runs and .ci/run). Skipped, with the reason, where none is found.
"""

import contextlib
import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from fieldguide.pdf import FLAGS, chromium_path

pytestmark = pytest.mark.browser


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site, site_port):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        executable = chromium_path(p)
        if executable is None:
            pytest.skip(
                "no Chromium: apt-get install chromium (Debian) or "
                "playwright install --with-deps chromium"
            )
        browser = p.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, permissions=["clipboard-read"])
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def wait_ready(page):
    page.wait_for_selector("[data-md-component=search-query]")


def switch_language(page, lang: str) -> None:
    """Open the language menu in the header (it opens on hover) and pick a language."""
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f".md-select__link[hreflang={lang}]").first.click()


def title(page) -> str:
    return page.locator("h1").first.inner_text().rstrip("¶")


def test_language_switcher_keeps_the_page(page):
    page.goto("/tensors/creation/")
    wait_ready(page)
    switch_language(page, "en")
    page.wait_for_url("**/en/tensors/creation/")
    assert title(page) == "Creating tensors and shapes"
    switch_language(page, "zh")
    page.wait_for_url("**/tensors/creation/")
    assert page.url.endswith("/tensors/creation/") and "/en/" not in page.url
    assert title(page) == "创建张量与形状"


def search(page, query: str) -> list[str]:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("[data-md-component=search-query]")
    box.fill(query)
    box.press("End")  # search runs on key events, as when a reader types
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.locator(".md-search-result__item > a, .md-search-result__link")
    return [urlsplit(href).path for href in links.evaluate_all("a => a.map(x => x.href)")]


@pytest.mark.parametrize(
    ("start", "query", "expected"),
    [
        ("/", "张量", "/tensors/creation/"),
        ("/", "卷积", "/conv/"),
        ("/", "数据加载器", "/data/dataloader/"),
        ("/en/", "tensor", "/en/tensors/creation/"),
        ("/en/", "convolution", "/en/conv/"),
        ("/en/", "DataLoader", "/en/data/dataloader/"),
    ],
)
def test_search_finds_the_right_page(page, start, query, expected):
    page.goto(start)
    wait_ready(page)
    hits = search(page, query)
    assert any(hit.startswith(expected) for hit in hits), hits


def test_search_index_waits_for_the_reader(page):
    """Phones (#16): a page loads without the search index and the language sitemaps; the
    reader's first touch, click or key sends them, and search then works as before."""
    page.goto("/tensors/creation/", wait_until="networkidle")
    wait_ready(page)
    waiting = ("/search/search_index.json", "/sitemap.xml")
    assert [url for url in page.requests if url.endswith(waiting)] == []
    hits = search(page, "张量")
    assert any(hit.startswith("/tensors/") for hit in hits), hits
    assert any(url.endswith("/search/search_index.json") for url in page.requests)


def test_search_result_highlights_its_words(page):
    """A reader arriving from a search result (`?h=`) gets the index at once, and the page
    marks the words searched for."""
    page.goto("/en/tensors/creation/?h=tensor")
    page.wait_for_selector("article mark[data-md-highlight]", timeout=15000)
    assert page.locator("article mark[data-md-highlight]").first.inner_text().lower() == "tensor"


def test_notebook_cells_keep_their_layout(page):
    """Phones (#16): a notebook page lays out only the cells on screen at first
    (`content-visibility: auto`). Once a reader has scrolled through, every cell and the
    page have the height they have with every cell laid out at once."""
    page.set_viewport_size({"width": 412, "height": 823})
    page.goto("/en/workflows/digits_notebook/")
    wait_ready(page)
    measure = """() => [document.documentElement.scrollHeight,
        [...document.querySelectorAll('.jp-Notebook > .jp-Cell')].map(
            cell => Math.round(cell.getBoundingClientRect().height))]"""
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.jp-Cell')).contentVisibility")
        == "auto"
    )
    for y in range(0, page.evaluate("document.documentElement.scrollHeight") + 823, 400):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(20)
    scrolled = page.evaluate(measure)
    page.add_style_tag(content=".jp-Notebook > .jp-Cell { content-visibility: visible; }")
    assert page.evaluate(measure) == scrolled
    assert len(scrolled[1]) > 10


def test_copy_button_copies_code_that_runs(page):
    page.goto("/tensors/creation/")
    wait_ready(page)
    block = page.locator(".highlight").first
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    code = page.evaluate("navigator.clipboard.readText()")
    assert code.startswith("import numpy as np\nimport torch")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "copied.py", "exec"), {"__name__": "__main__"})
    assert "torch.int64" in out.getvalue()


def test_light_dark_toggle(page):
    page.goto("/")
    wait_ready(page)
    body = page.locator("body")
    schemes = set()
    for _ in range(3):  # system -> light -> dark (the three-way palette)
        page.locator("form[data-md-component=palette] label:visible").first.click()
        schemes.add(body.get_attribute("data-md-color-scheme"))
    assert schemes == {"default", "slate"}


def test_no_request_leaves_localhost(page, server):
    for path in (
        "/",
        "/tensors/creation/",
        "/tensors/first_look/",
        "/en/",
        "/en/tensors/creation/",
        "/en/tensors/first_look/",
    ):
        page.goto(path, wait_until="networkidle")
    search(page, "tensor")
    hosts = {urlsplit(url).netloc for url in page.requests if not url.startswith("data:")}
    assert hosts == {urlsplit(server).netloc}, sorted(page.requests)
