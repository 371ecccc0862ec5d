"""The quiz pages in a real browser (headless Chromium, Playwright): picking a choice says
right or wrong in the page's language, the answer opens, the choice is kept in localStorage
and comes back on reload; without JavaScript the answers stay folded; nothing is requested
from another host."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser, server):
    context = browser.new_context(base_url=server)
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    yield context
    context.close()


def answer(page, question, right: bool) -> str:
    """Pick the right (or a wrong) choice of a question; return the verdict shown."""
    correct = int(question.get_attribute("data-right"))
    choices = question.locator(".fg-choices input[type=radio]")
    pick = correct if right else (correct + 1) % choices.count()
    question.locator(".fg-choices label").nth(pick).click()
    verdict = question.locator(".fg-verdict")
    verdict.wait_for()
    assert question.locator("details.fg-answer").get_attribute("open") is not None
    marked = question.locator(".fg-choices li.fg-correct")
    assert (
        marked.count() == 1
        and question.locator(".fg-choices li").nth(correct).get_attribute("class") == "fg-correct"
    )
    return verdict.inner_text()


@pytest.mark.parametrize(
    ("path", "right", "wrong"),
    [
        ("/tensors/questions/", "答对了", "不对"),
        ("/en/tensors/questions/", "Right", "Not quite"),
    ],
)
def test_answer_one_right_and_one_wrong(context, server, path, right, wrong):
    page = context.new_page()
    page.goto(path, wait_until="networkidle")
    questions = page.locator(".fg-q")
    assert questions.count() >= 5
    assert right in answer(page, questions.nth(0), right=True)
    assert wrong in answer(page, questions.nth(1), right=False)
    assert "fg-right" in questions.nth(0).get_attribute("class")
    assert "fg-wrong" in questions.nth(1).get_attribute("class")
    assert questions.nth(1).locator("li.fg-mistake").count() == 1
    # Kept in this browser only, and shown again after a reload.
    stored = page.evaluate("JSON.parse(localStorage.getItem('fieldguide-questions'))")
    first, second = (questions.nth(i).get_attribute("data-q") for i in (0, 1))
    assert stored[first]["right"] is True and stored[second]["right"] is False
    page.reload(wait_until="networkidle")
    assert right in page.locator(".fg-q").nth(0).locator(".fg-verdict").inner_text()
    checked = page.locator(".fg-q").nth(1).locator("input:checked")
    assert checked.get_attribute("value") == str(stored[second]["choice"])
    # The self-check page counts what this browser answered.
    page.goto(path.replace("tensors/questions/", "self-check/"), wait_until="networkidle")
    progress = page.locator(".fg-progress").first.inner_text()
    assert "1" in progress and "2" in progress, progress
    hosts = {urlsplit(url).netloc for url in context.requests if not url.startswith("data:")}
    assert hosts == {urlsplit(server).netloc}, sorted(context.requests)


def test_without_javascript_the_answers_stay_folded(browser, server):
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/conv/questions/")
    first = page.locator(".fg-q").first
    assert first.locator("input[type=radio]").count() >= 3
    assert first.locator("details.fg-answer").get_attribute("open") is None
    assert first.locator(".fg-verdict").count() == 0
    context.close()
