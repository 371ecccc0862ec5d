"""Other environments: the versions found beside the pins, version drift under other
versions (reported, never a failure; an exception still fails), and the drift report."""

import json

import pytest

from fieldguide import drift, environments
from fieldguide.testing import SNIPPET, make_site

pytest_plugins = ["pytester"]

OTHER = "torch=2.11.0,torchvision=0.26.0"
WRONG = {"snippets/part/demo.py": SNIPPET.replace("#> 2", "#> 3")}


def run(pytester, monkeypatch, *args, pretend=None, files=None):
    make_site(pytester.path, files)
    if pretend:
        monkeypatch.setenv(environments.PRETEND, pretend)
    environments.on_pins.cache_clear()
    try:
        return pytester.runpytest_inprocess("-p", "no:cacheprovider", *args)
    finally:
        monkeypatch.delenv(environments.PRETEND, raising=False)
        environments.on_pins.cache_clear()


def test_pins_are_read_from_pyproject():
    pins = environments.pins()
    assert pins["torch"] == "2.14.1" and pins["torchvision"] == "0.29.1"
    assert pins["python"] == "3.11, 3.12 or 3.13"


def test_a_local_build_tag_is_the_same_release():
    assert environments.release("2.11.0+cu130") == "2.11.0"
    assert environments.release("2.14.1") == "2.14.1"


def test_the_header_names_what_differs_from_the_pins(monkeypatch):
    monkeypatch.setenv(environments.PRETEND, OTHER)
    lines = environments.header_lines()
    torch = next(line for line in lines if line.strip().startswith("torch "))
    assert "2.11.0" in torch and "pinned 2.14.1" in torch and "differs" in torch
    assert "drift" in lines[-1]


def test_under_the_pins_a_mismatch_fails(pytester, monkeypatch):
    result = run(pytester, monkeypatch, "docs/", files=WRONG)
    result.assert_outcomes(passed=2, failed=2)


def test_under_other_versions_a_mismatch_is_drift_with_both_values(pytester, monkeypatch):
    result = run(pytester, monkeypatch, "docs/", pretend=OTHER, files=WRONG)
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        ["*version drift (expected -> got)*", "*snippets/part/demo.py:2: #> 3 -> 2*"]
    )
    assert "2 drift" in result.stdout.str() and "2 passed" in result.stdout.str()


def test_under_other_versions_an_exception_still_fails(pytester, monkeypatch):
    files = {"snippets/part/demo.py": SNIPPET.replace("print(1 + 1)", "print(1 / 0)")}
    result = run(pytester, monkeypatch, "docs/", pretend=OTHER, files=files)
    assert result.ret == 1
    result.assert_outcomes(failed=2, skipped=2)


def test_under_other_versions_a_broken_output_rule_still_fails(pytester, monkeypatch):
    files = {"snippets/part/demo.py": SNIPPET.replace("#> 2", "#~ 2")}  # no `# varies:`
    result = run(pytester, monkeypatch, "docs/", pretend=OTHER, files=files)
    assert result.ret == 1


def test_the_drift_report_has_every_block_with_its_hash_and_status(pytester, monkeypatch):
    files = {**WRONG, "docs/en/part/demo.md": None}
    report = pytester.path / "report.json"
    result = run(pytester, monkeypatch, "docs/", f"--drift-report={report}", pretend=OTHER,
                 files=files)  # fmt: skip
    assert result.ret == 0
    data = json.loads(report.read_text("utf-8"))
    assert data["torch"] == "2.11.0" and data["pins"]["torch"] == "2.14.1"
    blocks = data["blocks"]
    assert sorted(blocks) == ["docs/zh/part/demo.md#0", "docs/zh/part/demo.md#1"]
    changed, same = blocks["docs/zh/part/demo.md#0"], blocks["docs/zh/part/demo.md#1"]
    assert changed["status"] == "changed" and same["status"] == "same"
    assert changed["changes"] == [
        {"at": "snippets/part/demo.py:2", "expected": ["#> 3"], "got": ["2"]}
    ]
    assert len(changed["hash"]) == 16 and changed["hash"] != same["hash"]


def test_a_failing_block_is_reported_with_its_exception(pytester, monkeypatch):
    files = {
        "snippets/part/demo.py": SNIPPET.replace("print(1 + 1)", "print(1 / 0)"),
        "docs/en/part/demo.md": None,
    }
    report = pytester.path / "report.json"
    run(pytester, monkeypatch, "docs/", f"--drift-report={report}", pretend=OTHER,
        files=files)  # fmt: skip
    blocks = json.loads(report.read_text("utf-8"))["blocks"]
    failed = blocks["docs/zh/part/demo.md#0"]
    assert failed["status"] == "fails" and "ZeroDivisionError" in failed["error"]
    assert blocks["docs/zh/part/demo.md#1"]["status"] == "not run"


def test_stale_names_changed_new_and_gone_blocks():
    report = {"blocks": {"a#0": {"hash": "1"}, "b#0": {"hash": "2"}}}
    assert drift.stale(report, {"a#0": "1", "b#0": "2"}) == []
    assert drift.stale(report, {"a#0": "9", "c#0": "3"}) == [
        "a#0: changed",
        "c#0: new, not recorded",
        "b#0: gone",
    ]


def test_drift_needs_both_packages_or_an_interpreter():
    with pytest.raises(SystemExit, match="usage: nox -s drift"):
        drift.main(["torch==2.11.0"])


def test_every_cache_key_includes_the_versions(tmp_path, monkeypatch):
    from fieldguide import buildcache, figures

    module = tmp_path / "snippets" / "part" / "demo.py"
    module.parent.mkdir(parents=True)
    module.write_text("print(1)\n", "utf-8")
    before = (figures.cache_dir(module, tmp_path), buildcache.digest("page"))
    monkeypatch.setenv(environments.PRETEND, "matplotlib=3.0.0")
    environments.key.cache_clear()
    try:
        after = (figures.cache_dir(module, tmp_path), buildcache.digest("page"))
    finally:
        monkeypatch.delenv(environments.PRETEND)
        environments.key.cache_clear()
    assert before[0] != after[0] and before[1] != after[1]
    assert "python=" in environments.key() and "torch=" in environments.key()


def test_an_interpreter_that_cannot_run_is_named_in_one_line(tmp_path):
    with pytest.raises(SystemExit, match=r"--python .*nope: cannot run it"):
        environments.check_interpreter(str(tmp_path / "nope"))


def test_another_interpreter_gets_the_plugin_and_the_repository_on_its_path(tmp_path):
    env = environments.pytest_env("python3", {"PYTHONPATH": "/elsewhere"})
    assert env["PYTHONPATH"].split(":") == [str(environments.ROOT), "/elsewhere"]


@pytest.mark.parametrize(
    ("version", "supported"), [((3, 10), False), ((3, 11), True), ((3, 13), True), ((3, 14), False)]
)
def test_the_supported_pythons(version, supported):
    assert environments.python_supported(version) is supported


def test_bytecode_is_kept_where_the_environment_forbids_writing_it(tmp_path):
    """A container's PYTHONDONTWRITEBYTECODE made every fresh interpreter compile torch again;
    the suite's processes keep their bytecode under .cache/pycache instead."""
    root = environments.ROOT
    kept = {"PYTHONDONTWRITEBYTECODE": None, "PYTHONPYCACHEPREFIX": str(root / ".cache/pycache")}
    assert environments.bytecode_kept({"PYTHONDONTWRITEBYTECODE": "1"}) == kept
    assert environments.bytecode_kept({}) == {}
    assert (
        environments.bytecode_kept({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "x"})
        == {}
    )
    env = environments.pytest_env("python3", {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin"})
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"] == str(root / ".cache/pycache")
