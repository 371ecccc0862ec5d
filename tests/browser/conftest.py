"""The browser every browser test drives: CHROME_PATH if set, else Playwright's own Chromium
where `playwright install chromium` put one, else Debian's `chromium`; the tests are
skipped, with that reason, where there is none."""

import pytest

from fieldguide.pdf import FLAGS, chromium_path


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
