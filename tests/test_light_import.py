"""The package imports light: the MkDocs hooks need neither pytest nor torch to load, and the
site builds in an environment holding only the `docs` dependency group (no pytest)."""

import os
import subprocess
import sys
import textwrap

import pytest

import fieldguide

ROOT = fieldguide.ROOT
TEST_ONLY = ("pytest", "_pytest", "pytest_codeblocks", "xdist", "pytest_split")


def test_hooks_and_the_package_load_without_test_packages_or_torch():
    """In a fresh interpreter where the test packages cannot be imported at all."""
    script = textwrap.dedent(f"""\
        import importlib.util, pathlib, sys
        for name in {TEST_ONLY!r}:
            sys.modules[name] = None  # importing it now raises ImportError
        import fieldguide
        for module in ("reader", "translation", "layout", "building", "figures", "notebooks",
                       "rules", "gpu_selection", "codeblocks", "__main__"):
            importlib.import_module("fieldguide." + module)
        for hook in sorted(pathlib.Path({str(ROOT / "hooks")!r}).glob("*.py")):
            spec = importlib.util.spec_from_file_location("hook_" + hook.stem, hook)
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
        assert "torch" not in sys.modules, "a hook or module imports torch when it loads"
        print("light")
    """)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "light"


def test_a_plain_import_loads_no_module_of_the_package_yet():
    script = "import sys, fieldguide; print(sorted(m for m in sys.modules if 'fieldguide' in m))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['fieldguide']"


@pytest.mark.slow
def test_the_site_builds_with_the_docs_group_alone(tmp_path, site, site_python, docs_env):
    """The environment of the docs group of uv.lock alone holds no pytest, and the strict
    build of every edition (`python -m fieldguide.building`, as `nox -s docs` runs it, every
    hook) runs in it: the suite's own ``site`` is that build (tests/conftest.py); only a
    prebuilt site (CI) is built again here. (Asking for ``site`` first keeps this test on its
    worker, after it: the figures are drawn once, not by two builds at the same time.)"""
    docs_python, why = docs_env
    if docs_python is None and why.startswith("needs uv"):
        pytest.skip(why)
    assert docs_python is not None, why  # uv could not make the environment
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*args):
        result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stderr[-3000:]}"
        return result

    probe = run(docs_python, "-c", "import importlib.util as u; print(u.find_spec('pytest'))")
    assert probe.stdout.strip() == "None", "pytest is in the docs environment"
    if site_python != docs_python:  # a prebuilt site: built elsewhere, so build it here
        site = tmp_path / "site"
        run(docs_python, "-m", "fieldguide.building", "--site", str(site), "--url", "8000")
    assert (site / "tensors" / "creation" / "index.html").is_file()
    assert (site / "en" / "tensors" / "creation" / "index.html").is_file()
