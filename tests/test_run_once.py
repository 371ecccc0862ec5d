"""Each piece of code runs once per suite, and nothing gets weaker for it: the zh and en pages
share one run, a module a page runs in full is not run again, and a wrong `#>` line still
fails on the page (or module) where it is written, naming its own file:line. Also the
guard rails every run has: time limits, scratch folders, randomness, replayed blocks."""

import fieldguide.figures
from fieldguide.testing import PAGE, SNIPPET, make_site

pytest_plugins = ["pytester"]


def run(pytester, *args, files=None):
    make_site(pytester.path, files)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rs", *args)


def test_zh_and_en_pages_run_their_shared_code_once(pytester):
    result = run(pytester, "docs/")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["fieldguide: 2 pieces of code executed, 2 outcomes reused*"])


def test_a_wrong_line_in_the_snippet_fails_on_both_pages_each_naming_itself(pytester):
    result = run(
        pytester, "docs/", files={"snippets/part/demo.py": SNIPPET.replace("#> 2", "#> 3")}
    )
    result.assert_outcomes(failed=2, passed=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/en/part/demo.md:7 (snippets/part/demo.py:2): printed output differs*",
            "*docs/zh/part/demo.md:7 (snippets/part/demo.py:2): printed output differs*",
        ],
        consecutive=False,
    )


INLINE = PAGE + "\n```python\nprint(6 * 7)\n#> {}\n```\n"


def test_a_wrong_line_on_one_page_fails_that_page_only(pytester):
    files = {"docs/zh/part/demo.md": INLINE.format(41), "docs/en/part/demo.md": INLINE.format(42)}
    result = run(pytester, "docs/", "-v", files=files)
    result.assert_outcomes(failed=1, passed=5)
    result.stdout.fnmatch_lines(["*docs/zh/part/demo.md:16: printed output differs*"])
    result.stdout.fnmatch_lines(["*docs/en/part/demo.md::demo.md:15 PASSED*"])


def test_the_other_language_fails_too_when_it_is_the_wrong_one(pytester):
    files = {"docs/zh/part/demo.md": INLINE.format(42), "docs/en/part/demo.md": INLINE.format(41)}
    result = run(pytester, "docs/", files=files)
    result.assert_outcomes(failed=1, passed=5)
    result.stdout.fnmatch_lines(["*docs/en/part/demo.md:16: printed output differs*"])


TOPIC_TEST = """\
import fieldguide

def test_module(request):
    root = request.config.rootpath
    ns = fieldguide.check_snippet(root / "snippets/part/demo.py", root=root)
    assert "__builtins__" in ns
"""


def test_a_module_the_page_runs_in_full_is_not_run_again(pytester):
    files = {"tests/part/test_demo.py": TOPIC_TEST}
    result = run(pytester, "docs/", "tests/", files=files)
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["fieldguide: 2 pieces of code executed, 3 outcomes reused*"])


def test_a_wrong_line_in_a_covered_module_still_fails_naming_the_module(pytester):
    files = {
        "tests/part/test_demo.py": TOPIC_TEST,
        "snippets/part/demo.py": SNIPPET.replace("#> bye", "#> hi"),
    }
    result = run(pytester, "tests/", files=files)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*snippets/part/demo.py:7: printed output differs*"])


def test_a_covered_module_gets_the_verdict_it_would_get_alone(pytester):
    """A stray `#>` outside every section is in no block the page runs; the module's check
    reads the page's run against the whole module, as a run alone would."""
    files = {"tests/part/test_demo.py": TOPIC_TEST, "snippets/part/demo.py": SNIPPET + "#> stray\n"}
    result = run(pytester, "docs/", "tests/", files=files)
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        ["*snippets/part/demo.py:10: '#>' output comment does not follow a top-level statement"]
    )
    result.stdout.fnmatch_lines(["fieldguide: 2 pieces of code executed, 3 outcomes reused*"])


# A module that draws a figure: the page's blocks write it in the page's run folder.
FIGURE_SNIPPET = SNIPPET.replace(
    "#> bye\n", '#> bye\nopen("{name}", "wb").write(b"png")\n'
).replace("# --8<-- [start:hello]", "# figures: demo.png\n\n# --8<-- [start:hello]", 1)


def test_a_covered_module_that_draws_a_figure_is_not_run_again(pytester):
    files = {
        "tests/part/test_demo.py": TOPIC_TEST,
        "snippets/part/demo.py": FIGURE_SNIPPET.format(name="demo.png"),
    }
    result = run(pytester, "docs/", "tests/", files=files)
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["fieldguide: 2 pieces of code executed, 3 outcomes reused*"])
    kept = fieldguide.figures.cache_dir(pytester.path / "snippets/part/demo.py", pytester.path)
    assert (kept / "demo.png").read_bytes() == b"png"  # kept from the page's run for the build


def test_a_covered_module_that_does_not_draw_its_figure_fails(pytester):
    files = {
        "tests/part/test_demo.py": TOPIC_TEST,
        "snippets/part/demo.py": FIGURE_SNIPPET.format(name="other.png"),
    }
    result = run(pytester, "docs/", "tests/", files=files)
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        ["*snippets/part/demo.py:1: declares figure demo.png but did not write it*"]
    )


def test_a_module_with_a_main_block_runs_alone(pytester):
    snippet = SNIPPET + "\nif __name__ == '__main__':\n    print('alone')\n#> alone\n"
    files = {"tests/part/test_demo.py": TOPIC_TEST, "snippets/part/demo.py": snippet}
    result = run(pytester, "docs/", "tests/", files=files)
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["fieldguide: 3 pieces of code executed, 2 outcomes reused*"])


RAISES_FIRST = """\
---
topics: [T2]
---

# Page

```python
raise RuntimeError("the first block is broken")
```

```python
print(2)
#> 2
```
"""


def test_a_replayed_block_that_raises_fails_the_selected_block_naming_it(pytester):
    files = {"docs/zh/part/demo.md": RAISES_FIRST, "docs/en/part/demo.md": RAISES_FIRST}
    result = run(pytester, "docs/zh/part/demo.md", "-k", "demo.md:11", files=files)
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/zh/part/demo.md:11: the earlier block docs/zh/part/demo.md:7*not selected*"
            "RuntimeError: the first block is broken*"
        ]
    )


def test_after_a_reported_failure_later_blocks_are_skipped(pytester):
    files = {"docs/zh/part/demo.md": RAISES_FIRST, "docs/en/part/demo.md": RAISES_FIRST}
    result = run(pytester, "docs/zh/part/demo.md", files=files)
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*not run: an earlier block failed (docs/zh/part/demo.md:7)*"])


SLOW = """\
---
topics: [T2]
time_limit: "1 s: a test of the limit"
---

# Page

```python
import time
time.sleep(60)
```
"""


def test_a_hanging_block_is_stopped_naming_page_line_and_limit(pytester):
    files = {"docs/zh/part/demo.md": SLOW, "docs/en/part/demo.md": SLOW}
    result = run(pytester, "docs/zh/part/demo.md", files=files)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*The block docs/zh/part/demo.md:8 ran past its time limit of 1 s "
            "(a test of the limit), stopped at docs/zh/part/demo.md:10*"
        ]
    )


def test_a_time_limit_without_a_reason_fails_the_page(pytester):
    page = SLOW.replace(': a test of the limit"', '"')
    result = run(pytester, "docs/zh/part/demo.md", files={"docs/zh/part/demo.md": page})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*docs/zh/part/demo.md: front matter: time limit*needs its reason*"]
    )


STRAY = PAGE + "\n```python\nimport pathlib\npathlib.Path({!r}).write_text('x')\n```\n"


def test_a_block_writing_into_the_tree_fails_naming_block_and_file(pytester):
    target = str(pytester.path / "snippets" / "stray.txt")
    files = {"docs/zh/part/demo.md": STRAY.format(target)}
    result = run(pytester, "docs/zh/part/demo.md", files=files)
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(
        ["*The block docs/zh/part/demo.md:15 writes into the repository: snippets/stray.txt*"]
    )
    assert not (pytester.path / "snippets" / "stray.txt").exists()


# Seven decimals: a random number in [0, 1) matches by chance once in five million runs.
RANDOM = PAGE + "\n```python\nimport torch\nprint(torch.rand(1).item())\n#> 0.1234567\n```\n"


def test_a_mismatch_that_changes_from_run_to_run_says_so(pytester):
    result = run(pytester, "docs/zh/part/demo.md", files={"docs/zh/part/demo.md": RANDOM})
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(
        ["*not reproducible: seed it, or mark the line `#~` with a reason*"]
    )


# A run leaves no scratch folders behind: asserted by the thread test of
# tests/test_guard_rails.py, in the one fresh pytest process it starts anyway.


def test_the_session_freezes_what_it_collected_but_a_session_inside_a_test_does_not(
    pytester, monkeypatch
):
    """The outer session's modules and items are out of the garbage collector's full
    passes (gc.freeze), and the collector runs again while the tests run; a pytester
    session inside a test neither freezes the test's objects nor turns the collector off."""
    import gc

    assert gc.get_freeze_count() > 0 and gc.isenabled()
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    run(pytester, "docs/").assert_outcomes(passed=4)
    assert calls == [] and gc.isenabled()
