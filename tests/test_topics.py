"""One model of a topic (fieldguide.topics): its pages, module, test, notebook, includes and
time limits, read once; the run-once keys, the xdist groups, the CI shards, `--changed`, the
module time limits and the unused-snippet rule all ask it."""

from pathlib import Path

import pytest

from fieldguide import changes, executions, sandbox, topics
from fieldguide.layout import ROOT
from fieldguide.rules import unused_snippets
from fieldguide.testing import NOTEBOOK, PAGE, make_site

SLOW_PAGE = PAGE.replace("topics: [T2]", 'topics: [T2]\ntime_limit: "300 s: trains a model"')


@pytest.fixture
def site(tmp_path):
    return make_site(
        tmp_path,
        {
            "docs/en/part/demo.md": SLOW_PAGE,
            "tests/part/test_demo.py": "def test_x():\n    pass\n",
            "notebooks/part/demo_notebook.zh.md": NOTEBOOK,
            "snippets/part/lonely.py": "print(1)\n#> 1\n",
        },
    )


def test_a_topic_gathers_its_pages_module_test_notebook_and_includes(site):
    topic = topics.catalog(site).get("part/demo")
    assert topic.pages == {"zh": site / "docs/zh/part/demo.md", "en": site / "docs/en/part/demo.md"}
    assert topic.module == site / "snippets/part/demo.py"
    assert topic.test == site / "tests/part/test_demo.py"
    assert topic.notebooks == (site / "notebooks/part/demo_notebook.zh.md",)
    assert topic.includes == ("snippets/part/demo.py",)
    assert topic.time_limits == {"docs/en/part/demo.md": "300 s: trains a model"}
    assert topic.test_name == "tests/part/test_demo.py"
    assert topic.key == f"{site.resolve()}:snippets/part/demo"


def test_every_file_of_a_topic_maps_to_it_and_other_files_to_none(site):
    known = topics.catalog(site)
    for name in (
        "docs/zh/part/demo.md",
        "docs/en/part/demo.md",
        "snippets/part/demo.py",
        "tests/part/test_demo.py",
        "notebooks/part/demo_notebook.zh.md",  # the topic of the module it is built from
    ):
        assert known.of(name).id == "part/demo", name
        assert topics.group_key(site / name, site) == known.get("part/demo").key, name
    assert known.of("mkdocs.yml") is None
    assert known.of("docs/topics.yml") is None
    assert topics.group_key(site / "mkdocs.yml", site) == str((site / "mkdocs.yml").resolve())


def test_who_uses_a_module(site):
    known = topics.catalog(site)
    assert known.pages_using("snippets/part/demo.py") == [
        "docs/zh/part/demo.md",
        "docs/en/part/demo.md",
    ]
    assert known.notebooks_using("snippets/part/demo.py") == ["notebooks/part/demo_notebook.zh.md"]
    assert known.pages_using("snippets/part/lonely.py") == []
    assert unused_snippets.check(site) == [
        "snippets/part/lonely.py:1: snippet module is never included by a page or notebook"
    ]


def test_a_module_runs_under_the_longest_limit_of_the_pages_using_it(site):
    assert sandbox.module_time_limit(site / "snippets/part/demo.py", site).seconds == 300
    default = sandbox.TimeLimit().seconds
    assert sandbox.module_time_limit(site / "snippets/part/lonely.py", site).seconds == default


def test_a_small_tree_is_read_again_when_it_changes(site):
    assert topics.catalog(site).get("part/new") is None
    (site / "docs/zh/part/new.md").write_text(PAGE, "utf-8")
    assert topics.catalog(site).get("part/new").pages == {"zh": site / "docs/zh/part/new.md"}
    page = site / "docs/zh/part/demo.md"
    page.write_text(PAGE.replace("snippets/part/demo.py", "snippets/part/lonely.py"), "utf-8")
    assert topics.catalog(site).pages_using("snippets/part/lonely.py") == ["docs/zh/part/demo.md"]


def test_the_repository_is_read_once_per_session():
    first = topics.catalog()
    assert topics.catalog() is first
    topics.forget()
    assert topics.catalog() is not first


def test_the_repository_topics_hold_what_the_other_modules_ask():
    creation = topics.catalog().get("tensors/creation")
    assert set(creation.pages) == {"zh", "en"}
    assert creation.module == ROOT / "snippets/tensors/creation.py"
    assert creation.test == ROOT / "tests/tensors/test_creation.py"
    assert "snippets/tensors/creation.py" in creation.includes
    # One key for the run-once executions and the xdist group of every file of the topic.
    for path in creation.files():
        assert executions.group_key(path) == "snippets/tensors/creation"
    digits = topics.catalog().get("workflows/digits")
    assert ROOT / "notebooks/workflows/digits_notebook.zh.md" in digits.notebooks
    # What --changed runs for a module edit comes from the same catalog.
    picked = changes.tests_for(["snippets/tensors/creation.py"])
    assert [p for p in picked if p.startswith("docs/")] == [
        "docs/en/tensors/creation.md",
        "docs/zh/tensors/creation.md",
    ]
    assert "tests/tensors/test_creation.py" in picked


def test_a_path_outside_the_tree_has_no_topic(tmp_path):
    assert topics.topic_id(Path("/elsewhere/docs/zh/a/b.md"), tmp_path) is None
