"""Guard rails, round three (issue 36): seven mistakes a contributor once slipped past the
checks, each planted in a small site and caught by `python -m fieldguide check` (a rule) or
by the page's own pytest run, with a message naming the file, the line and the cause."""

import pytest

from fieldguide import rules, update_outputs
from fieldguide.testing import PAGE, SNIPPET, make_site

pytest_plugins = ["pytester"]


def run_page(pytester, files, *args):
    make_site(pytester.path, files)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", "docs/zh/part/demo.md", *args)


# 1. A block that starts a non-daemon thread and never joins it.
THREAD = PAGE + (
    "\n```python\nimport threading\n\ndef worker():\n    threading.Event().wait()\n\n"
    "t = threading.Thread(target=worker)\nt.start()\n```\n"
)


def test_a_thread_left_running_fails_naming_it_and_the_run_does_not_wait_for_it(
    pytester, tmp_path, monkeypatch
):
    """Also, in the same fresh pytest process (one interpreter, not two): the run leaves no
    scratch folders behind, though a block wrote a file in its own and the run ended with a
    thread still running. Counts only this run's folders: its temporary directory is its
    own, so other runs on the same machine (a preview, a second suite) cannot make it fail."""
    written = PAGE + "\n```python\nopen('f.txt', 'w').write('x')\n```\n"
    make_site(pytester.path, {"docs/zh/part/demo.md": THREAD, "docs/en/part/demo.md": written})
    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setenv("TMPDIR", str(own))
    # The thread waits forever: if the run waited for it at exit, this would hang (the
    # timeout turns a hang into a failure; it is no measure of speed).
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "docs/", timeout=240)
    result.assert_outcomes(failed=1, passed=5)
    result.stdout.fnmatch_lines(
        [
            "*The block docs/zh/part/demo.md:15 left thread 'Thread-* (worker)' (running "
            "worker, docs/zh/part/demo.md:18) running after it ended*"
        ]
    )
    assert result.ret == 1
    assert [p.name for p in own.iterdir() if p.name.startswith("fieldguide-run-")] == []


# 2. Code written in the pages (not included) that differs between the languages.
INLINE = PAGE + "\n```python\nimport torch\nprint(torch.arange({n}).sum().item())\n#> {s}\n```\n"


def test_inline_code_that_differs_between_the_languages_is_caught(tmp_path):
    site = make_site(
        tmp_path,
        {
            "docs/zh/part/demo.md": INLINE.format(n=5, s=10),
            "docs/en/part/demo.md": INLINE.format(n=6, s=15),
        },
    )
    assert rules.check_inline_code_parity(site) == [
        "docs/zh/part/demo.md:17 and docs/en/part/demo.md:17: the code of the block at line "
        "15 / 15 differs between the languages: 'print(torch.arange(5).sum().item())' vs "
        "'print(torch.arange(6).sum().item())'; only the prose is translated, the code is the "
        "same in both"
    ]
    same = make_site(tmp_path / "same", {"docs/en/part/demo.md": PAGE})
    assert rules.check_inline_code_parity(same) == []


# 3. A big binary file under docs/ (or snippets/).
@pytest.mark.parametrize("where", ["docs/zh/part/weights.bin", "snippets/part/data.npy"])
def test_a_file_over_the_size_limit_is_caught(tmp_path, where):
    site = make_site(tmp_path)
    (site / where).write_bytes(b"\0" * (rules.MAX_FILE_BYTES + 1))
    (problem,) = rules.check_file_sizes(site)
    assert problem.startswith(f"{where}:1: file is 0.5 MB, over the limit of 512 KB")
    (site / where).write_bytes(b"\0" * rules.MAX_FILE_BYTES)
    assert rules.check_file_sizes(site) == []


# 4. An image without alt text.
@pytest.mark.parametrize(
    ("image", "cause"),
    [
        ("![](figures/edges.png)", "image 'figures/edges.png' has no alt text"),
        ("![  ](figures/edges.png)", "image 'figures/edges.png' has no alt text"),
        ('<img src="figures/edges.png">', "<img> without alt text"),
        ('<img src="figures/edges.png" alt="">', "<img> without alt text"),
    ],
)
def test_an_image_without_alt_text_is_caught(tmp_path, image, cause):
    site = make_site(tmp_path, {"docs/en/part/demo.md": PAGE + f"\nThe edges:\n\n{image}\n"})
    (problem,) = rules.check_alt_text(site)
    assert problem.startswith(f"docs/en/part/demo.md:17: {cause}")
    fine = PAGE + '\n![the edges](figures/edges.png) <img src="x.png" alt="the edges">\n'
    assert rules.check_alt_text(make_site(tmp_path / "ok", {"docs/en/part/demo.md": fine})) == []


# 5. A deprecated API that warns with a plain UserWarning.
DEPRECATED = PAGE + "\n```python\nimport torch\nx = torch.range(0, 3)\n```\n"


def test_a_deprecated_call_warning_with_a_user_warning_fails_the_block(pytester):
    result = run_page(pytester, {"docs/zh/part/demo.md": DEPRECATED})
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(
        [
            "*The block docs/zh/part/demo.md:15 at docs/zh/part/demo.md:17: calls a deprecated "
            "API, which warns: UserWarning: "
            "torch.range is deprecated*"
        ]
    )


SHOWN = PAGE + (
    "\n```python\nimport warnings\n\nimport torch\n\n"
    "with warnings.catch_warnings(record=True) as caught:\n"
    '    warnings.simplefilter("always")\n    torch.range(0, 3)\n'
    'print("deprecated" in str(caught[0].message))\n#> True\n```\n'
)


def test_a_deprecation_shown_on_purpose_passes(pytester):
    result = run_page(pytester, {"docs/zh/part/demo.md": SHOWN})
    result.assert_outcomes(passed=3)


# 6. A snippet that imports another snippet (or the project).
@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("from snippets.part.other import x", "snippets.part.other"),
        ("import fieldguide", "fieldguide"),
        ("from other import x", "other"),
        ("from . import other", "."),
    ],
)
def test_a_snippet_importing_the_project_is_caught(tmp_path, line, name):
    site = make_site(
        tmp_path,
        {
            "snippets/part/other.py": "x = 1\n",
            "snippets/part/demo.py": SNIPPET.replace("print(1 + 1)", f"{line}\nprint(1 + 1)"),
        },
    )
    assert rules.check_snippet_imports(site) == [
        f"snippets/part/demo.py:2: imports {name!r} from this repository; a snippet runs "
        "alone, copied out of the project: copy the few lines it needs into this module instead"
    ]


def test_page_code_importing_a_snippet_is_caught(tmp_path):
    page = PAGE + "\n```python\nfrom snippets.part.demo import x\n```\n"
    site = make_site(tmp_path, {"docs/zh/part/demo.md": page, "docs/en/part/demo.md": page})
    problems = rules.check_snippet_imports(site)
    assert [p.split(":")[:2] for p in problems] == [
        ["docs/zh/part/demo.md", "16"],
        ["docs/en/part/demo.md", "16"],
    ]


# 7. `#>` under the print of a set of strings: another process, another order.
SET = 'letters = {"a", "b", "c", "d", "e"}\nprint(letters)\n#> {shown}\n'


def test_a_set_of_strings_in_checked_output_is_caught(tmp_path):
    site = make_site(
        tmp_path, {"snippets/part/extra.py": SET.replace("{shown}", "{'c', 'a', 'e', 'b', 'd'}")}
    )
    (problem,) = rules.check_set_outputs(site)
    assert problem.startswith(
        "snippets/part/extra.py:3: `#>` shows a set of strings ({'c', 'a', 'e', 'b', 'd'}), "
        "whose order changes from run to run"
    )
    fine = "print({'a': 1, 'b': 2}, {1, 2}, {'x'}, sorted({'b', 'a'}))\n"
    fine += "#> {'a': 1, 'b': 2} {1, 2} {'x'} ['a', 'b']\n"
    assert rules.check_set_outputs(make_site(tmp_path / "ok", {"snippets/part/x.py": fine})) == []


def test_outputs_refuses_output_that_depends_on_the_hash_seed(tmp_path, monkeypatch):
    """`outputs` runs the module in two processes with two hash seeds (in one process,
    both runs would print the same order). These two seeds order this set differently."""
    site = make_site(tmp_path)
    module = site / "snippets/part/letters.py"
    module.write_text(SET.replace("#> {shown}\n", ""), "utf-8")
    monkeypatch.setattr(update_outputs, "_run", _run_in(site))
    with pytest.raises(update_outputs.NotReproducible) as caught:
        update_outputs.update(module)
    message = str(caught.value)
    assert "letters.py:2: `print(letters)` printed" in message
    assert "the order of a set of strings depends on the string hash seed" in message
    assert "print sorted(...)" in message and "nox -s outputs" not in message
    assert module.read_text("utf-8") == SET.replace("#> {shown}\n", "")


def _run_in(site):
    from fieldguide.sandbox import printed_in_fresh_process

    return lambda path, seed: printed_in_fresh_process(path, seed, site)


def test_a_reordered_set_on_a_page_is_not_sent_to_outputs(pytester):
    """Where the shown and printed lines hold the same items in another order, the failure
    says why and does not advise `nox -s outputs` (which would write another order)."""
    page = PAGE + "\n```python\nprint({'a', 'b', 'c'} if False else '{x, y}')\n#> {y, x}\n```\n"
    result = run_page(pytester, {"docs/zh/part/demo.md": page})
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(["*the same items in another order*sorted(...)*"])
    result.stdout.no_fnmatch_line("*nox -s outputs*")


# Diagnoses that used to mislead.
def test_a_missing_relative_file_says_code_runs_in_a_scratch_folder(pytester):
    page = PAGE + "\n```python\ntext = open('README.md').read()\n```\n"
    result = run_page(pytester, {"docs/zh/part/demo.md": page})
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/zh/part/demo.md:15: FileNotFoundError: *No such file or directory (the code "
            "runs in an empty scratch folder of its own, not in the repository*'README.md'"
        ]
    )


def test_a_leaked_setting_names_the_block_that_changed_it_without_a_traceback(pytester):
    page = PAGE + "\n```python\nimport torch\ntorch.set_default_dtype(torch.float64)\n```\n"
    result = run_page(pytester, {"docs/zh/part/demo.md": page})
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*The page docs/zh/part/demo.md changed torch's global state*",
            "*default dtype (torch.set_default_dtype): torch.float32 -> torch.float64",
            "*changed by block docs/zh/part/demo.md:15",
        ]
    )
    assert "pluggy/" not in result.stdout.str() and "Traceback" not in result.stdout.str()


def test_output_shown_under_a_print_that_never_runs_says_nothing_was_printed(pytester):
    page = PAGE + "\n```python\nif False:\n    print('hidden')\n#> hidden\n```\n"
    result = run_page(pytester, {"docs/zh/part/demo.md": page})
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(
        [
            "*--- printed",
            "(nothing was printed: the statement printed nothing, or never ran)",
            "*the code is written in the page: if the new output is right, correct its `#>` lines "
            "there)",
        ]
    )
    result.stdout.no_fnmatch_line("*nox -s outputs*")
