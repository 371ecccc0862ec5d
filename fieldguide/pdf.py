"""Print the PDF book of each language: `nox -s pdf` (or `python -m fieldguide pdf --site site`).

For each edition of docs/languages.yml, mkdocs-print-site-plugin (its `print` config:
mkdocs.print.yml, mkdocs.print.en.yml, mkdocs.print.zh-Hant.yml)
builds the site once more into a temporary folder, with every page of the nav gathered
into one print page behind a cover and a table of contents. Headless Chromium, driven
by Playwright, prints that page to A4 with page numbers in the footer and PDF bookmarks
(the outline). Chromium embeds the fonts it used, Noto CJK for Chinese included.

Written to <site>/<prefix>pdf/pytorch-field-guide.<code>.pdf (pdf/...zh.pdf, en/pdf/...en.pdf,
zh-Hant/pdf/...zh-Hant.pdf); each home page links its own (overrides/main.html), and each
book is printed in its language's font (the registry's `font`). Nothing is downloaded.

The browser: CHROME_PATH if set, else Playwright's own Chromium where
`playwright install chromium` put one (GitHub's runners), else Debian's `chromium`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import os
import shutil
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

from . import languages
from .building import BuildError, build_env, check, mkdocs_build
from .layout import ROOT

BOOKS = {
    # language: (config, folder under the site, file name)
    lang.code: (lang.print, *lang.pdf.rsplit("/", 1))
    for lang in languages.editions(ROOT)
}
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#666;text-align:center;'
    'font-family:sans-serif"><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></div>'
)
# The flags keep Chromium from phoning home (updates, sync, field trials) on its own; the
# browser tests launch it the same way.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-features=OptimizationHints,MediaRouter,Translate",
]


def chromium_path(playwright) -> str | None:
    """The browser to drive, or None: CHROME_PATH if set, else Playwright's own build where
    it was installed (Ubuntu's `chromium` is a snap stub), else the system's (Debian)."""
    if os.environ.get("CHROME_PATH"):
        return os.environ["CHROME_PATH"]
    bundled = playwright.chromium.executable_path
    if Path(bundled).exists():
        return bundled
    return shutil.which("chromium") or shutil.which("chromium-browser")


def edition() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    today = datetime.date.today().isoformat()
    return f"torch {version('torch')} · torchvision {version('torchvision')} · {today}"


def build(config: str, out: Path) -> None:
    """The print build, strict like every build; its warnings are shown when it fails."""
    result = mkdocs_build(config, out, env=build_env(FIELDGUIDE_BOOK_EDITION=edition()))
    try:
        check(config, result)
    except BuildError as error:
        raise SystemExit(f"{error}\n(the print build)") from None


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def print_pdf(browser, url: str, target: Path) -> None:
    page = browser.new_page()
    page.set_default_timeout(180_000)
    page.emulate_media(media="print", color_scheme="light")
    page.goto(url, wait_until="networkidle")
    # Every figure decoded before printing (the print page drops lazy loading, but a
    # notebook's inline images still decode asynchronously).
    page.evaluate("Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
    page.wait_for_function("document.querySelector('#print-page-toc ul') !== null")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(
        path=str(target),
        format="A4",
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
        outline=True,
        tagged=True,
    )
    page.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m fieldguide pdf", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--site", default="site", help="the built site to add the PDFs to")
    parser.add_argument("--lang", nargs="*", choices=sorted(BOOKS), default=sorted(BOOKS))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    site = (ROOT / args.site).resolve()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        chromium = chromium_path(p)
        if chromium is None:
            raise SystemExit(
                "no Chromium to print with: apt-get install chromium (Debian), or "
                "`playwright install --with-deps chromium`, or set CHROME_PATH"
            )
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        for lang in args.lang:
            config, folder, name = BOOKS[lang]
            start = time.perf_counter()
            out = Path(tmp) / lang
            build(config, out)
            target = site / folder / name
            with serve(out) as base:
                print_pdf(browser, f"{base}/print_page/", target)
            size = target.stat().st_size / 1e6
            took = time.perf_counter() - start
            print(
                f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
                f"{size:.1f} MB in {took:.0f} s",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
