"""Writer mode (`nox -s serve`, fieldguide.serving) in a real browser: a saved page or
snippet shows in the open tab by itself, in both languages, and the switcher still works.

The server runs on a copy of the sources (docs, snippets, hooks, overrides, configs), so
the test edits the copy, never the checkout; the copy builds four pages (PAGES) of each
edition, not the whole site. How long each reload took is recorded
(the test's properties, in the JUnit XML); the test asserts that it happens.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from fieldguide import ROOT

pytestmark = pytest.mark.browser

TIMES: dict[str, float] = {}  # seconds, reported with the test's properties (JUnit XML)
# What a build reads: the pages, their code, exercises and questions, every edition's config.
SOURCES = ("docs", "snippets", "exercises", "questions", "hooks", "overrides", "mkdocs.yml",
           "mkdocs.en.yml", "mkdocs.zh-Hant.yml")  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The pages the copy builds: the one edited, the page its terms link to, the home page and
# a notebook (mkdocs-jupyter in the preview). What is under test is the reload and the
# switcher, not every page (the strict build checks those): the whole site was most of
# this test's time.
PAGES = ("index.md", "tensors/creation.md", "tensors/first_look.ipynb", "glossary.md")
# Set by `nox -s bench` (benchmarks/site.py): its writer-mode figures are the whole site's.
WHOLE_SITE = "FIELDGUIDE_PREVIEW_WHOLE_SITE"


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """The sources, every config, hook and override as they are, but with only PAGES in
    each language's nav and docs (MkDocs' ``exclude_docs`` leaves the others out)."""
    root = tmp_path_factory.mktemp("serve") / "guide"
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, root / name)
    if os.environ.get(WHOLE_SITE):  # the bench times writer mode on the whole site
        return root
    # Every page out but PAGES (pages only: the assets stay), and PAGES alone in the nav.
    excluded = "  *.md\n  *.ipynb\n" + "".join(f"  !/{page}\n" for page in PAGES)
    nav = "".join(f"  - {page}\n" for page in PAGES)
    for config in ("mkdocs.yml", "mkdocs.en.yml"):  # zh-Hant inherits mkdocs.yml's
        text = (root / config).read_text("utf-8")
        text = text[: text.index("\nnav:\n")]  # the nav is each file's last key
        (root / config).write_text(f"{text}\nexclude_docs: |\n{excluded}\nnav:\n{nav}")
    return root


@pytest.fixture(scope="module")
def preview(sources):
    """`python -m fieldguide.serving PORT --root <copy>`, up (its URL), stopped after."""
    port = free_port()
    command = [sys.executable, "-m", "fieldguide.serving", str(port), "--root", str(sources)]
    log = sources.parent / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=sources, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    start = time.monotonic()
    try:
        while True:
            if server.poll() is not None:
                pytest.fail(f"the preview server exited:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/en/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() - start > 180:
                pytest.fail(f"the preview was not up after 180 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        TIMES["up_s"] = round(time.monotonic() - start, 2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def title_line(path) -> str:
    return next(line for line in path.read_text("utf-8").splitlines() if line.startswith("# "))


def saved_until_shown(page, path, old: str, new: str, shown: str) -> float:
    """Replace ``old`` by ``new`` in ``path``, then wait for ``shown`` in the open tab
    (no navigation by the test: the page must reload itself); seconds it took."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, (path, old)
    start = time.monotonic()
    path.write_text(text.replace(old, new), "utf-8")
    page.get_by_text(shown).first.wait_for(timeout=30_000)
    return time.monotonic() - start


def test_saved_page_and_snippet_reload_the_open_tabs(browser, preview, sources, request):
    from playwright.sync_api import expect  # the browser fixture skips where it is missing

    def report(name: str, seconds: float) -> None:
        request.node.user_properties.append((name, seconds))  # JUnit XML properties

    report("preview_up_s", TIMES["up_s"])
    context = browser.new_context(base_url=preview)
    zh, en = context.new_page(), context.new_page()
    zh.goto("/tensors/creation/")
    en.goto("/en/tensors/creation/")
    for page in (zh, en):
        page.wait_for_selector("[data-md-component=search-query]")

    # A page of each language: only that language's tab changes.
    page_zh = sources / "docs" / "zh" / "tensors" / "creation.md"
    first = title_line(page_zh)
    took = saved_until_shown(
        zh, page_zh, first, f"{first}\n\n实时重载的新段落。", "实时重载的新段落。"
    )
    report("zh_page_reload_s", round(took, 2))
    page_en = sources / "docs" / "en" / "tensors" / "creation.md"
    first = title_line(page_en)
    took = saved_until_shown(
        en, page_en, first, f"{first}\n\nA paragraph, live.", "A paragraph, live."
    )
    report("en_page_reload_s", round(took, 2))
    # The zh tab may be reloading right now (the preview reloads every open tab after a
    # build): the locator waits for a page it can read instead of failing mid-navigation.
    expect(zh.get_by_text("A paragraph, live.")).to_have_count(0)

    # A snippet both pages include: both tabs show the new code.
    snippet = sources / "snippets" / "tensors" / "creation.py"
    marker = "# --8<-- [start:tensor]\n"
    took = saved_until_shown(en, snippet, marker, marker + "# reloaded_live = 1\n", "reloaded_live")
    report("snippet_reload_s", round(took, 2))
    zh.get_by_text("reloaded_live").first.wait_for(timeout=30_000)

    # The language switcher still leads to the same page in the other language.
    zh.locator(".md-header__option .md-select").first.hover()
    zh.locator(".md-select__link[hreflang=en]").first.click()
    zh.wait_for_url(re.compile(r"/en/tensors/creation/$"))
    zh.get_by_text("A paragraph, live.").first.wait_for(timeout=10_000)
    context.close()
