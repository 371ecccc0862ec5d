""".github/workflows/gpu.yml runs whenever a change can alter what runs on the GPU, and
its runs neither share the GPU nor lose their log.

The files that can change GPU behaviour are found here from the repository itself: the
machinery, the environment, every snippet module that needs CUDA or branches on it (with
its tests and the pages that include it), the GPU tests and the benchmark. Every one must
match the workflow's path filters, for pushes and pull requests alike."""

import re

import pytest
import yaml

import fieldguide
from fieldguide import gpu

ROOT = fieldguide.ROOT
WORKFLOW = ROOT / ".github/workflows/gpu.yml"
LOCKS = ("requirements.lock", "uv.lock", "pylock.toml")  # the lock, by any of its names


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    data["on"] = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as True
    return data


def github_glob(pattern: str) -> re.Pattern:
    """GitHub's path filter syntax: `**` crosses directories, `*` and `?` do not."""
    out = ""
    for token in re.split(r"(\*\*/?|\*|\?)", pattern):
        if token in ("**", "**/"):
            out += ".*"
        elif token == "*":
            out += "[^/]*"
        elif token == "?":
            out += "[^/]"
        else:
            out += re.escape(token)
    return re.compile(out + r"\Z")


@pytest.fixture(scope="module")
def files_that_change_gpu_behaviour() -> list[str]:
    """Read from the tree once for both events."""
    names = {
        ".github/workflows/gpu.yml",
        "benchmarks/gpu.py",
        "noxfile.py",
        "pyproject.toml",
        "tests/conftest.py",
        "tests/test_snippets.py",
        "tests/test_gpu_marker.py",
    }
    names |= {fieldguide.rel(p) for p in (ROOT / "fieldguide").rglob("*.py")}
    names |= {fieldguide.rel(p) for p in (ROOT / "tests/gpu").rglob("*.py")}
    names |= set(gpu.selection_files(ROOT))  # what the GPU run collects
    for source in fieldguide.notebook_sources():  # notebooks whose cells use CUDA
        module = gpu.notebook_module(source, ROOT)
        if module is not None and gpu.module_uses_cuda(module):
            names.add(fieldguide.rel(source))
    modules = [
        m
        for m in fieldguide.snippet_modules()
        if fieldguide.needs_cuda(m) or gpu.module_uses_cuda(m)
    ]
    assert len(modules) >= 8  # the five *_cuda modules and the CPU-or-CUDA ones at least
    for module in modules:
        part, name = module.relative_to(ROOT / "snippets").with_suffix("").parts
        names.add(fieldguide.rel(module))
        names.add(f"tests/{part}/test_{name}.py")
        target = fieldguide.rel(module)
        for lang in fieldguide.LANGS:
            for page in fieldguide.pages(lang=lang, suffixes=(".md",)):
                if any(t.partition(":")[0] == target for _, t in fieldguide.includes(page)):
                    names.add(fieldguide.rel(page))
    return sorted(names)


@pytest.mark.parametrize("event", ["push", "pull_request"])
def test_every_file_that_changes_gpu_behaviour_triggers_the_run(
    workflow, event, files_that_change_gpu_behaviour
):
    filters = workflow["on"][event]["paths"]
    patterns = [github_glob(p) for p in filters]
    missed = [f for f in files_that_change_gpu_behaviour if not any(p.match(f) for p in patterns)]
    assert not missed, f"{event}: these files change GPU behaviour but trigger no GPU run: {missed}"
    # The lock under each of its names: a torch bump must run the GPU job.
    for lock in LOCKS:
        assert any(p.match(lock) for p in patterns), f"{event}: {lock} triggers no GPU run"


def test_pushes_and_pull_requests_use_the_same_filters(workflow):
    assert workflow["on"]["push"]["paths"] == workflow["on"]["pull_request"]["paths"]
    assert workflow["on"]["push"]["branches"] == ["main"]


def test_the_glob_reading_is_githubs():
    assert github_glob("fieldguide/**").match("fieldguide/plugin.py")
    assert github_glob("docs/*/gpu/**").match("docs/zh/gpu/ddp.md")
    assert not github_glob("docs/*/gpu/**").match("docs/zh/deploy/gpu/x.md")
    assert github_glob("snippets/**/*_cuda.py").match("snippets/gpu/devices_cuda.py")
    assert not github_glob("snippets/gpu/*.py").match("snippets/gpu/sub/x.py")


def test_one_gpu_one_run_at_a_time_and_main_is_never_cancelled(workflow):
    concurrency = workflow["concurrency"]
    assert "${{" not in concurrency["group"], "one fixed group: runs of any branch share it"
    assert concurrency["cancel-in-progress"] is False


def test_the_log_and_report_are_kept_when_tests_fail(workflow):
    steps = workflow["jobs"]["gpu"]["steps"]
    run = next(s for s in steps if "nox -s gpu" in s.get("run", ""))
    # The whole log goes to a file, and the step still fails when nox fails.
    assert "tee bench-report/" in run["run"] and "pipefail" in run["run"]
    upload = next(s for s in steps if "upload-artifact" in s.get("uses", ""))
    assert upload["if"] == "always()" and upload["with"]["path"] == "bench-report/"
    # Forks never reach the self-hosted runner.
    assert "head.repo.full_name == github.repository" in workflow["jobs"]["gpu"]["if"]
