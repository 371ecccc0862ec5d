"""The GPU run is never green with gaps: each loophole of issue 34, planted, fails it.

Each case runs pytest in this process on planted files with FIELDGUIDE_REQUIRE_CUDA=1 and
torch.cuda.is_available() patched to True, as the GPU run on a GPU machine would: no GPU
is needed to see what the plugin makes of an xfail, an xpass, a collection skip, a
two-GPU module run on one GPU, a notebook, or CUDA used in a form the old regex missed.
"""

# gpu run: not selected: CPU tests of the GPU run's rules, with CUDA faked

import pytest
import torch

from fieldguide import gpu
from fieldguide.testing import NOTEBOOK, make_site

pytest_plugins = ["pytester"]

INI = "[pytest]\nmarkers =\n    gpu: needs CUDA\n"


@pytest.fixture
def fake_gpu(pytester, monkeypatch):
    """A run that believes it has ``devices`` GPUs, under FIELDGUIDE_REQUIRE_CUDA=1."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setenv(gpu.REQUIRE_CUDA, "1")
    monkeypatch.delenv(gpu.ALLOW_MISSING, raising=False)

    def run(*args):
        return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rA", *args)

    return run


XFAILS = """
import pytest

@pytest.mark.gpu
@pytest.mark.xfail(reason="flaky on some drivers")
def test_xfail_marker():
    raise AssertionError

@pytest.mark.gpu
@pytest.mark.xfail(run=False, reason="hangs")
def test_xfail_not_run():
    raise AssertionError

@pytest.mark.gpu
def test_xfail_in_the_body():
    pytest.xfail("cannot check this here")

@pytest.mark.gpu
@pytest.mark.xfail(reason="expected to fail, but passes")
def test_xpass_not_strict():
    pass

@pytest.mark.xfail(reason="not a GPU test: an xfail stays an xfail")
def test_cpu_xfail():
    raise AssertionError
"""


def test_xfails_and_xpasses_of_gpu_items_fail_the_run(pytester, fake_gpu):
    pytester.makeini(INI)
    pytester.makepyfile(test_xfails=XFAILS)
    result = fake_gpu()
    result.assert_outcomes(failed=3, errors=1, xfailed=1)  # run=False fails in setup
    result.stdout.fnmatch_lines(["*a test that takes a CUDA path was an expected failure*"])
    result.stdout.fnmatch_lines(["*passed unexpectedly (XPASS)*"])
    result.stdout.fnmatch_lines(["*xfail reason: *NOTRUN* hangs*"])
    result.stdout.fnmatch_lines(["*xfail reason: cannot check this here*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_xfails_stay_xfails_without_the_flag(pytester, fake_gpu, monkeypatch):
    monkeypatch.delenv(gpu.REQUIRE_CUDA)
    pytester.makeini(INI)
    pytester.makepyfile(test_xfails=XFAILS)
    fake_gpu().assert_outcomes(xfailed=4, xpassed=1)


def test_a_file_skipped_at_collection_fails_the_run(pytester, fake_gpu):
    pytester.makeini(INI)
    pytester.makepyfile(
        test_skipped_module="""
        import pytest
        nccl = pytest.importorskip("no_such_module_for_the_gpu_run")

        @pytest.mark.gpu
        def test_never_collected():
            pass
        """
    )
    result = fake_gpu()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*was skipped while it was collected*no_such_module*"])
    assert result.ret != pytest.ExitCode.OK


PAGE_WITH_XFAIL = """\
---
topics: [T2]
---

# Page

<!--pytest.mark.xfail-->
```python
import torch
device = "cuda" if torch.cuda.is_available() else "cpu"
print(1 + 1)
```
"""


def test_an_xfail_on_a_page_block_that_uses_cuda_fails_the_run(pytester, fake_gpu):
    # The page's own code uses CUDA (no snippet module): its blocks are selected, and the
    # page's xfail comment is an xfail like any other.
    make_site(pytester.path, {"docs/zh/part/demo.md": PAGE_WITH_XFAIL})
    result = fake_gpu("-m", "gpu or cuda_path", "docs/zh/part/demo.md")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*a test that takes a CUDA path was an expected failure*"])


TWO_GPU_SNIPPET = """\
\"\"\"Two ranks where two GPUs are visible, one otherwise.\"\"\"

# gpus: 2

# --8<-- [start:run]
import torch

ranks = min(2, torch.cuda.device_count()) if torch.cuda.is_available() else 2
print("ran")
#> ran
# --8<-- [end:run]
"""

TWO_GPU_PAGE = """\
---
topics: [T2]
---

# Page

```python
--8<-- "snippets/part/demo.py:run"
```
"""


def test_a_two_gpu_module_run_on_one_gpu_is_not_verified_by_name(pytester, fake_gpu):
    make_site(
        pytester.path,
        {"snippets/part/demo.py": TWO_GPU_SNIPPET, "docs/zh/part/demo.md": TWO_GPU_PAGE},
    )
    result = fake_gpu("-m", "gpu or cuda_path", "docs/zh/part/demo.md")
    result.assert_outcomes(passed=1)  # the one-rank path itself works ...
    result.stdout.fnmatch_lines(
        [
            "*= NOT VERIFIED =*",
            "NOT VERIFIED [[]multi-gpu[]] docs/zh/part/demo.md::demo.md:7: "
            "snippets/part/demo.py needs 2 CUDA devices for its CUDA path, found 1*",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # ... but the run is not green


def test_with_two_gpus_the_two_gpu_module_is_verified(pytester, fake_gpu, monkeypatch):
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    make_site(
        pytester.path,
        {"snippets/part/demo.py": TWO_GPU_SNIPPET, "docs/zh/part/demo.md": TWO_GPU_PAGE},
    )
    result = fake_gpu("-m", "gpu or cuda_path", "docs/zh/part/demo.md")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK


def test_the_real_two_gpu_modules_say_so():
    from fieldguide.layout import ROOT

    for name in ("snippets/gpu/ddp.py", "snippets/further/fsdp_cuda.py"):
        assert gpu.needs_two_gpus(ROOT / name), f"{name}: its CUDA path needs 2 GPUs"


NOTEBOOK_SOURCE = NOTEBOOK  # a notebook built from snippets/part/demo.py

NOTEBOOK_TEST = """
from pathlib import Path
import pytest

SOURCES = sorted(Path("notebooks").rglob("*.md"))

@pytest.mark.parametrize("source", SOURCES, ids=str)
def test_cells(source):
    pass
"""


def test_notebook_items_map_to_their_snippet_and_are_selected(pytester):
    cuda = 'import torch\nd = "cuda" if torch.cuda.is_available() else "cpu"\n'
    make_site(
        pytester.path,
        {
            "snippets/part/demo.py": cuda,
            "snippets/part/plain.py": "print(1)\n#> 1\n",
            "notebooks/part/demo_notebook.en.md": NOTEBOOK_SOURCE,
            "notebooks/part/plain_notebook.en.md": NOTEBOOK_SOURCE.replace("demo", "plain"),
            "tests/test_nb.py": NOTEBOOK_TEST,
        },
    )
    result = pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "--collect-only", "-q", "-m", "cuda_path", "tests/test_nb.py"
    )
    assert [line for line in result.outlines if "::" in line] == [
        "tests/test_nb.py::test_cells[notebooks/part/demo_notebook.en.md]"
    ]
    assert gpu.notebook_module(pytester.path / "notebooks/part/demo_notebook.en.md", pytester.path)


# ------------------------------------------------ CUDA in every form is found


@pytest.mark.parametrize(
    "code",
    [
        "device = torch.accelerator.current_accelerator()",
        "loader = DataLoader(data, batch_size=8, pin_memory=True)",
        "x = x.cuda()",
        'x = torch.ones(2, device="cuda:1")',
        "torch.backends.cudnn.benchmark = False",
        'dist.init_process_group("nccl")',
        "if torch.accelerator.is_available():\n    pass",
        'label = "# not a comment"; ok = torch.cuda.is_available()',
    ],
)
def test_each_form_of_cuda_use_is_found(code):
    assert gpu.cuda_uses(code), code


@pytest.mark.parametrize(
    "code",
    [
        "# torch.cuda.is_available() in a comment",
        '"""A docstring that talks about cuda and pin_memory."""',
        'name = "cuda is fast"',
        "monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)",
        "accelerator = 'a variable of that name'",
    ],
)
def test_prose_comments_and_fakes_are_not_uses(code):
    assert gpu.cuda_uses(code) == [], code


def test_a_page_whose_inline_code_uses_cuda_is_selected(tmp_path):
    page = tmp_path / "docs/zh/part/demo.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "# Page\n\n```python\nx = torch.ones(2).pin_memory()\n```\n\n"
        "<!-- norun: shown only -->\n```python\ny = z.cuda()\n```\n",
        "utf-8",
    )
    assert gpu.cuda_uses(gpu.page_inline_code(page)) == [(1, "pin_memory")]
    assert gpu.page_uses_cuda(page, tmp_path)


def test_a_test_body_that_uses_cuda_is_selected(pytester):
    make_site(
        pytester.path,
        {
            "tests/other/test_any.py": """
            import torch

            def test_branches():
                if torch.cuda.is_available():
                    assert torch.ones(1, device="cuda").sum() == 1

            def test_plain():
                assert 1 + 1 == 2

            def test_fakes(monkeypatch):
                monkeypatch.setattr(torch.cuda, "is_available", lambda: False)

            def test_opted_out():
                # gpu run: not selected: a claim about CPU-only machines
                assert not torch.cuda.is_available() or True
            """
        },
    )
    result = pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "--collect-only", "-q", "-m", "cuda_path", "tests"
    )
    assert [line for line in result.outlines if "::" in line] == [
        "tests/other/test_any.py::test_branches"
    ]
    assert gpu.selection_files(pytester.path) == ["tests/other/test_any.py"]


# ------------------------------------------------ the rule of `python -m fieldguide check`


def test_the_check_rule_names_a_cuda_helper_no_selected_test_runs(tmp_path):
    helper = "import torch\nprint(torch.cuda.device_count())\n"
    make_site(tmp_path, {"tests/gpu/helper_check.py": helper})
    problems = gpu.check_cuda_selected(tmp_path)
    assert problems == [
        "tests/gpu/helper_check.py:2: uses CUDA (cuda) but the GPU run does not run it: "
        "no selected test runs it"
    ]
    # A selected test that runs it, by name: no problem.
    runner = (
        "import pytest, subprocess, sys\n\n@pytest.mark.gpu\ndef test_it():\n"
        "    subprocess.run([sys.executable, 'tests/gpu/helper_check.py'], check=True)\n"
    )
    make_site(tmp_path, {"tests/gpu/test_helper.py": runner})
    assert gpu.check_cuda_selected(tmp_path) == []


def test_the_check_rule_accepts_a_stated_cpu_only_helper(tmp_path):
    helper = "# gpu run: not selected: fakes for the CPU\nimport torch\nx = torch.cuda\n"
    make_site(tmp_path, {"tests/gpu/fakes.py": helper})
    assert gpu.check_cuda_selected(tmp_path) == []


# On the real tree: the rule is `python -m fieldguide check`'s "cuda selected", which
# tests/test_integrity.py runs there; the selection's known files are checked on the GPU
# run's own record in tests/gpu/test_rehearsal.py (no third reading of the tree).


def _devices_module():
    import importlib.util

    from fieldguide.layout import ROOT

    spec = importlib.util.spec_from_file_location(
        "_devices_cuda_for_counts", ROOT / "tests/gpu/test_devices_cuda.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("mask", "count"),
    [
        (None, 2),
        ("", 0),
        ("1", 1),
        ("1,0", 2),
        ("0,7,1", 1),  # CUDA stops at the first entry that names no GPU
        ("GPU-bbbb", 1),
        ("GPU-b", 1),  # a unique prefix
        ("GPU-", 0),  # not unique
        ("0,0", 1),
    ],
)
def test_the_device_count_under_any_mask_is_checked(mask, count):
    # It used to be checked only without CUDA_VISIBLE_DEVICES.
    smi = [("0", "GPU-aaaa"), ("1", "GPU-bbbb")]
    assert _devices_module().expected_count(mask, smi) == count
