"""The README promises two commands; CI must run exactly the test one."""

import re

import fieldguide

README = (fieldguide.ROOT / "README.md").read_text("utf-8")
CI = (fieldguide.ROOT / ".ci" / "run").read_text("utf-8")


def readme_commands() -> list[str]:
    return re.findall(r"```bash\n(.*?)\n```", README, re.S)


def test_readme_has_exactly_two_commands():
    serve, tests = readme_commands()
    assert serve.endswith("nox -s serve") and tests.endswith("nox -s tests")


def test_ci_runs_the_readme_test_command():
    _serve, tests = readme_commands()
    assert tests in CI.splitlines()
