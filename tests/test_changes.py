"""`pytest --changed` maps a change to the tests it can affect (fieldguide.changes)."""

import subprocess

import pytest

from fieldguide import changes
from fieldguide.testing import make_site

NOTEBOOK = """\
---
title: Demo
source: snippets/part/demo.py
---

Intro.
"""


@pytest.fixture
def repo(tmp_path):
    site = make_site(
        tmp_path,
        {
            "tests/part/test_demo.py": "def test_x():\n    pass\n",
            "notebooks/part/demo_notebook.zh.md": NOTEBOOK,
            "snippets/part/other.py": "print(1)\n#> 1\n",
            "tests/part/test_other.py": "def test_y():\n    pass\n",
        },
    )

    def git(*args):
        subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    return site


def affected(site):
    return changes.tests_for(changes.changed_files("main", site), site)


def test_nothing_changed_means_nothing_to_run(repo):
    assert affected(repo) == []


def test_a_snippet_edit_lists_only_what_exists(repo):
    path = repo / "snippets/part/demo.py"
    path.write_text(path.read_text() + "\n")
    # tests/test_notebooks.py, tests/test_snippets.py and tests/test_integrity.py are not in
    # the small tree, so only the pages and the topic test remain.
    assert affected(repo) == [
        "docs/en/part/demo.md",
        "docs/zh/part/demo.md",
        "tests/part/test_demo.py",
    ]


def test_a_page_edit_checks_both_languages_and_the_topic_test(repo):
    path = repo / "docs/en/part/demo.md"
    path.write_text(path.read_text() + "\nMore.\n")
    assert affected(repo) == [
        "docs/zh/part/demo.md",
        "docs/en/part/demo.md",
        "tests/part/test_demo.py",
    ]


def test_a_new_untracked_test_is_run(repo):
    (repo / "tests/part/test_new.py").write_text("def test_z():\n    pass\n")
    assert affected(repo) == ["tests/part/test_new.py"]


@pytest.mark.parametrize(
    "name",
    ["fieldguide/runner.py", "hooks/glossary.py", "uv.lock", "mkdocs.en.yml", "tests/conftest.py"],
)
def test_a_machinery_change_runs_everything(repo, name):
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("changed\n")
    assert affected(repo) is None


def test_committed_changes_on_a_branch_count_too(repo):
    subprocess.run(["git", "checkout", "-qb", "topic"], cwd=repo, check=True)
    path = repo / "snippets/part/other.py"
    path.write_text("print(2)\n#> 2\n")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "edit"],
        cwd=repo,
        check=True,
    )
    assert affected(repo) == ["tests/part/test_other.py"]


def test_the_real_include_graph_knows_every_included_module():
    graph = changes.include_graph()
    assert {"docs/zh/tensors/creation.md", "docs/en/tensors/creation.md"} <= graph[
        "snippets/tensors/creation.py"
    ]
    assert any(source.startswith("notebooks/") for sources in graph.values() for source in sources)


def test_a_real_snippet_maps_to_its_pages_test_and_run():
    targets = changes.tests_for(["snippets/tensors/creation.py"])
    assert targets[:2] == ["docs/en/tensors/creation.md", "docs/zh/tensors/creation.md"]
    assert "tests/tensors/test_creation.py" in targets
    assert (
        "tests/test_snippets.py::test_snippet_runs_alone[snippets/tensors/creation.py]" in targets
    )
    assert changes.SITE_RULES in targets
