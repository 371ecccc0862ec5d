"""The CI workflow agrees with the repository: ruff's version, the shards, the set-up."""

import re

import yaml

from fieldguide import ROOT

WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
README_SETUP = "python3 -m venv .venv && .venv/bin/pip install -q nox uv"


def steps(job: str) -> list[str]:
    return [step.get("run", "") for step in WORKFLOW["jobs"][job]["steps"]]


def locked_version(package: str) -> str:
    lock = (ROOT / "uv.lock").read_text("utf-8")
    return re.search(rf'^name = "{package}"\nversion = "([^"]+)"', lock, re.M).group(1)


def test_lint_runs_the_locked_ruff_alone():
    runs = steps("lint")
    assert runs[-2:] == [
        f"uvx ruff@{locked_version('ruff')} check .",
        f"uvx ruff@{locked_version('ruff')} format --check .",
    ]
    assert not any("venv" in run or "nox" in run for run in runs)  # no environment, no torch


def test_the_suite_is_sharded_by_topic_into_every_shard_once():
    job = WORKFLOW["jobs"]["tests"]
    shards = int(job["env"]["SHARDS"])
    assert job["strategy"]["matrix"]["shard"] == list(range(1, shards + 1))
    (run,) = [run for run in steps("tests") if "nox -s tests" in run]
    assert "--shard ${{ matrix.shard }}/$SHARDS" in run  # fieldguide/shards.py
    assert "--splits" not in run and "--group" not in run  # pytest-split cut topics in two


def test_the_site_is_built_once_and_handed_to_every_shard():
    site_steps = WORKFLOW["jobs"]["test-site"]["steps"]
    (build,) = [s["run"] for s in site_steps if "fieldguide.shards site" in s.get("run", "")]
    folder = build.split("fieldguide.shards site ", 1)[1].strip('"')
    assert folder == "$RUNNER_TEMP/test-site"  # outside the checkout: not part of its stamp
    (upload,) = [s for s in site_steps if "upload-artifact" in s.get("uses", "")]
    assert upload["with"]["name"] == "test-site"
    assert upload["with"]["path"] == "${{ runner.temp }}/test-site"
    job = WORKFLOW["jobs"]["tests"]
    assert job["needs"] == "test-site"
    assert job["if"] == "${{ !cancelled() }}"  # no site: the shards still run and build it
    (download,) = [s for s in job["steps"] if "download-artifact" in s.get("uses", "")]
    assert download["with"] == {"name": "test-site", "path": "${{ runner.temp }}/test-site"}
    assert download["continue-on-error"] is True
    (suite,) = [s for s in job["steps"] if "nox -s tests" in s.get("run", "")]
    assert suite["env"]["FIELDGUIDE_PREBUILT_SITE"] == "${{ runner.temp }}/test-site"
    names = [s.get("uses", s.get("run", "")) for s in job["steps"]]
    assert names.index(download["uses"]) < names.index(suite["run"])


def test_jobs_that_run_code_set_up_as_the_readme_says_with_uv_cached():
    for name in ("tests", "test-site", "site", "portability"):
        assert any(run.startswith(README_SETUP) for run in steps(name)), name
        uv = [s for s in WORKFLOW["jobs"][name]["steps"] if "setup-uv" in s.get("uses", "")]
        assert uv and uv[0]["with"]["enable-cache"] is True, name
        assert uv[0]["with"]["cache-dependency-glob"] == "uv.lock", name
    assert README_SETUP in (ROOT / "README.md").read_text("utf-8")


def test_the_suite_runs_under_every_python_the_lock_supports():
    import tomllib

    job = WORKFLOW["jobs"]["tests"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["requires-python"] == ">=3.11,<3.14"
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    setup = [s for s in job["steps"] if "setup-python" in s.get("uses", "")]
    assert setup[0]["with"]["python-version"] == "${{ matrix.python }}"
    lock = (ROOT / "uv.lock").read_text("utf-8")
    assert 'requires-python = ">=3.11, <3.14"' in lock
