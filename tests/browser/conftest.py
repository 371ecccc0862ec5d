"""The browser every browser test drives: CHROME_PATH if set, else Playwright's own Chromium
where `playwright install chromium` put one, else Debian's `chromium`; the tests are
skipped, with that reason, where there is none."""

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fieldguide.pdf import FLAGS, chromium_path


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A test that has what it checks closes its page at once, maybe while a file is
        # still on its way (a reader leaving the page): not the site's error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server(site, site_port):
    """The built site served on localhost, for the module's tests."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = Server(("127.0.0.1", site_port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
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
