"""Pages are test files (the fieldguide pytest plugin): each block that runs is an item
named after its Markdown line. These tests run pytest on small planted sites and check
what a contributor sees when something is wrong."""

import textwrap

import pytest

import fieldguide
from fieldguide.testing import PAGE, SNIPPET, make_site

pytest_plugins = ["pytester"]

ROOT = fieldguide.ROOT


def test_pages_have_blocks():
    blocks = [
        b
        for lang in fieldguide.LANGS
        for page in fieldguide.pages(lang=lang, suffixes=(".md",))
        for b in fieldguide.blocks(page)
    ]
    assert len(blocks) > 0


def run(pytester, *args, files=None):
    make_site(pytester.path, files)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rs", *args)


def both(page):
    return {"docs/zh/part/demo.md": page, "docs/en/part/demo.md": page}


def test_one_page_lists_its_blocks(pytester):
    result = run(pytester, "docs/zh/part/demo.md", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*docs/zh/part/demo.md::demo.md:7 PASSED*", "*demo.md:11 PASSED*"])


def test_the_real_page_collects_alone(pytester):
    page = ROOT / "docs/zh/tensors/creation.md"
    pytester.chdir()
    result = pytester.runpytest_inprocess(
        str(page), "--collect-only", "-q", "-p", "no:cacheprovider", f"--rootdir={ROOT}"
    )
    lines = [line for line in result.outlines if "::" in line]
    assert lines and all("docs/zh/tensors/creation.md::creation.md:" in line for line in lines)
    assert len(lines) == len(fieldguide.blocks(page))


def test_wrong_output_names_page_snippet_and_command(pytester):
    result = run(pytester, files={"snippets/part/demo.py": SNIPPET.replace("#> 2", "#> 3")})
    result.assert_outcomes(failed=2, passed=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/zh/part/demo.md:7 (snippets/part/demo.py:2): printed output differs*",
            "*snippets/part/demo.py:2: printed output differs*",
            "*`nox -s outputs -- snippets/part/demo.py`*",
        ]
    )


def test_selected_block_replays_the_blocks_before_it(pytester):
    snippet = (
        SNIPPET.replace('print("bye")', 'print("bye", answer)')
        .replace("print(1 + 1)", "answer = 1 + 1\nprint(answer)")
        .replace("#> bye", "#> bye 2")
    )
    result = run(
        pytester, "-k", "zh and demo.md:11", "-v", files={"snippets/part/demo.py": snippet}
    )
    result.assert_outcomes(passed=1, deselected=3)


def test_failing_block_does_not_cascade(pytester):
    snippet = SNIPPET.replace("print(1 + 1)\n#> 2", "import torch\ntorch.view(1)")
    result = run(pytester, "docs/zh/part/demo.md", files={"snippets/part/demo.py": snippet})
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/zh/part/demo.md:7 (snippets/part/demo.py:2): AttributeError*",
            "*snippets/part/demo.py:3, in <module>*",
            "*torch.view(1)*",
            "*not run: an earlier block failed (docs/zh/part/demo.md:7*",
        ]
    )


def test_syntax_error_points_at_the_snippet_line(pytester):
    snippet = SNIPPET.replace('print("bye")', 'print("bye"')
    result = run(pytester, "docs/zh/part/demo.md", files={"snippets/part/demo.py": snippet})
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*snippets/part/demo.py:7: SyntaxError:*", '*print("bye"*'])


def test_bad_include_fails_that_page_only(pytester):
    page = PAGE.replace("demo.py:bye", "demo.py:nope")
    result = run(pytester, files={"docs/zh/part/demo.md": page})
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(["*docs/zh/part/demo.md:12*nope*"])


def test_misspelt_end_marker_fails_the_page(pytester):
    snippet = SNIPPET.replace("[end:hello]", "[end:helo]")
    result = run(pytester, "docs/zh/part/demo.md", files={"snippets/part/demo.py": snippet})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*snippets/part/demo.py:4: [[]end:helo[]] does not match the open section*"]
    )


LEAKY = """\
---
topics: [T2]
---

# Leaky

```python
import torch

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=2)
```
"""

VICTIM = """\
---
topics: [T2]
---

# Victim

```python
import torch

print(torch.get_default_dtype(), torch.tensor([1 / 3]))
#> torch.float32 tensor([0.3333])
```
"""


def test_leaking_page_is_named_and_the_next_page_is_unaffected(pytester):
    files = {"docs/zh/part/a_leaky.md": LEAKY, "docs/zh/part/b_victim.md": VICTIM}
    result = run(pytester, "docs/zh/part/", files=files)
    result.assert_outcomes(passed=4, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*The page docs/zh/part/a_leaky.md changed torch's global state*",
            "*default dtype (torch.set_default_dtype): torch.float32 -> torch.float64*",
            "*print options (torch.set_printoptions)*",
        ]
    )
    import torch

    assert torch.get_default_dtype() == torch.float32


@pytest.mark.parametrize(
    "code",
    [
        "import urllib.request\nurllib.request.urlopen('http://example.com/data.gz', timeout=5)",
        # a downloader that swallows the error (prints it, tries the next mirror)
        "import urllib.request\ntry:\n    urllib.request.urlopen('http://example.com/x')\n"
        "except OSError as err:\n    pass",
    ],
    ids=["raises", "swallowed"],
)
def test_download_fails_naming_the_block(pytester, code):
    page = PAGE + f"\n```python\n{code}\n```\n"
    result = run(pytester, "docs/zh/part/demo.md", files={"docs/zh/part/demo.md": page})
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        ["*The block docs/zh/part/demo.md:15 tried to reach 'example.com'*Pages must work offline*"]
    )


def test_loopback_is_allowed():
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


def test_require_cuda_turns_gpu_skips_into_errors(pytester, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv("FIELDGUIDE_REQUIRE_CUDA", "1")
    page = PAGE.replace(
        '```python\n--8<-- "snippets/part/demo.py:bye"',
        '<!--pytest.mark.gpu-->\n```python\n--8<-- "snippets/part/demo.py:bye"',
    )
    pytester.makeini("[pytest]\nmarkers =\n    gpu: needs CUDA\n")
    result = run(pytester, "docs/zh/part/demo.md", files={"docs/zh/part/demo.md": page})
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*FIELDGUIDE_REQUIRE_CUDA=1 but CUDA is not available*"])


def test_plain_page_code_is_reported_at_its_markdown_line(pytester):
    page = PAGE + textwrap.dedent(
        """
        ```python
        x = 1
        print(x + 1)
        #> 3
        ```
        """
    )
    result = run(pytester, "docs/zh/part/demo.md", files={"docs/zh/part/demo.md": page})
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/zh/part/demo.md:15: printed output differs*",
            "*docs/zh/part/demo.md:17: printed output differs*",
            "*correct its `#>` lines there*",
        ]
    )


def test_blocks_of_both_pages_of_a_topic_share_an_xdist_group(pytester):
    """zh and en pages of a topic run the same code once, so they stay on one worker
    (with the topic's test and its module, which use the same run)."""
    make_site(pytester.path)
    items, _ = pytester.inline_genitems("docs/")
    groups = {item.nodeid: item.get_closest_marker("xdist_group").args[0] for item in items}
    key = f"{pytester.path.resolve()}:snippets/part/demo"
    assert groups == {
        "docs/en/part/demo.md::demo.md:7": key,
        "docs/en/part/demo.md::demo.md:11": key,
        "docs/zh/part/demo.md::demo.md:7": key,
        "docs/zh/part/demo.md::demo.md:11": key,
    }
