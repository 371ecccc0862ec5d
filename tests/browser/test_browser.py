"""The built site in a real browser: headless Chromium driven by Playwright.

The site is served on 127.0.0.1 by a thread of this process. The browser: CHROME_PATH if
set, else Playwright's own Chromium where `playwright install chromium` put one (GitHub's
runners, see .github/workflows/ci.yml: Ubuntu's `chromium` is a snap stub), else Debian's
`chromium` (local runs and .ci/run). Skipped, with the reason, where none is found.
"""

import contextlib
import io
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


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
    switch_language(page, "zh-Hant")
    page.wait_for_url("**/zh-Hant/tensors/creation/")
    assert title(page) == "建立張量與形狀"
    switch_language(page, "zh")
    page.wait_for_url("**/tensors/creation/")
    assert page.url.endswith("/tensors/creation/") and "/en/" not in page.url
    assert "/zh-Hant/" not in page.url
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
        # 繁體中文 (derived from zh): its index holds Traditional words, segmented as words.
        ("/zh-Hant/", "張量", "/zh-Hant/tensors/creation/"),
        ("/zh-Hant/", "卷積", "/zh-Hant/conv/"),
        ("/zh-Hant/", "自動微分", "/zh-Hant/autograd/"),
        ("/zh-Hant/", "資料載入器", "/zh-Hant/data/dataloader/"),
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


# Each code block's height, and whether its code is laid out (false: skipped off screen).
CODE_BLOCKS = """() => [...document.querySelectorAll('pre[style*="--lines"]')].map(pre => [
    pre.getBoundingClientRect().height,
    pre.lastElementChild.checkVisibility({contentVisibilityAuto: true})])"""


@pytest.mark.parametrize("path", ["/en/tensors/creation/", "/workflows/digits_notebook/"])
def test_code_off_screen_is_skipped_at_its_real_height(page, path):
    """Phones (#16): code blocks off screen are not laid out until the reader scrolls near
    them (`content-visibility: auto`), and meanwhile each is exactly as tall as it will be
    (hooks/code_lines.py), so nothing moves when it is laid out."""
    page.set_viewport_size({"width": 412, "height": 823})
    page.goto(path)
    wait_ready(page)
    lazy = page.evaluate(CODE_BLOCKS)
    page.add_style_tag(content="pre { content-visibility: visible !important; }")
    whole = page.evaluate(CODE_BLOCKS)
    assert len(lazy) == len(whole) > 5
    assert not all(shown for _, shown in lazy), "no code block was skipped"
    assert all(shown for _, shown in whole)
    for (height, _), (real, _) in zip(lazy, whole, strict=True):
        assert abs(height - real) < 1, (height, real)


# Resolves once the browser has rendered two more frames: what is skipped off screen and
# where the page scrolled are settled (a fixed 500 ms wait found the same places).
RENDERED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def test_links_to_headings_land_on_them(page, browser, server):
    """A link to any section of a long page puts its heading just under the header, as it
    does when every block is laid out, although the code above it has not been laid out.
    Each link opens in a fresh browser context, as a reader arriving from elsewhere."""
    page.goto("/en/tensors/creation/")
    anchors = page.evaluate("[...document.querySelectorAll('article h2[id]')].map(h => h.id)")
    where = """anchor => [document.getElementById(anchor).getBoundingClientRect().top, scrollY,
        document.documentElement.scrollHeight - innerHeight]"""
    tops = []
    for anchor in anchors:
        context = browser.new_context(base_url=server, viewport={"width": 412, "height": 823})
        reader = context.new_page()
        reader.goto(f"/en/tensors/creation/#{anchor}")
        wait_ready(reader)
        reader.evaluate(RENDERED)
        top, y, end = reader.evaluate(where, anchor)
        context.close()
        if y < end - 1:  # a heading near the end cannot scroll to the top
            tops.append(top)
    assert len(tops) > 5
    assert 40 < min(tops) and max(tops) - min(tops) < 3 and max(tops) < 120, tops


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
