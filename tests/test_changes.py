"""`pytest --changed` maps a change to the tests it can affect (fieldguide.changes)."""

import subprocess

import pytest

from fieldguide import changes
from fieldguide.testing import NOTEBOOK, make_site


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
    ["fieldguide/sandbox.py", "hooks/glossary.py", "uv.lock", "mkdocs.en.yml", "tests/conftest.py"],
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


# What `nox -s new_page` and a filled page change: none of it forces the whole suite.
def with_checks(repo):
    """The real tree's checks that the small tree lacks, so that add() keeps them."""
    for name in ("tests/test_integrity.py", "tests/claims/test_claims.py"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("def test_x():\n    pass\n")
    subprocess.run(["git", "add", "tests"], cwd=repo, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "checks"],
        cwd=repo,
        check=True,
    )
    return repo


def test_a_new_page_with_its_nav_entries_runs_only_that_topic(repo):
    with_checks(repo)
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        path = repo / config
        path.write_text(
            path.read_text().replace(
                "  - part/demo.md\n", "  - part/demo.md\n  - New: part/new.md\n"
            )
        )
    for lang in ("zh", "en"):
        (repo / f"docs/{lang}/part/new.md").write_text("---\ntopics: [T2]\n---\n\n# New\n")
    (repo / "docs/topics.yml").write_text('T2: "Creation"\nT3: "New"\n')
    assert changes.forcing_file(changes.changed_files("main", repo), repo) is None
    assert affected(repo) == [
        "docs/zh/part/new.md",
        "docs/en/part/new.md",
        changes.SITE_RULES,
        changes.TOPIC_COVERAGE,
    ]


def test_a_page_edit_selects_the_tests_of_its_claims(repo):
    with_checks(repo)
    (repo / "tests/claims/claims.yml").write_text(
        "part:\n  - page: part/other.md\n  - page: part/demo.md\n"
    )
    page = repo / "docs/zh/part/demo.md"
    page.write_text(page.read_text() + "\nMore.\n")
    claims = "tests/claims/test_claims.py::"
    assert affected(repo)[4:] == [
        f"{claims}test_entry_is_well_formed[part/demo.md#1]",
        f"{claims}test_quoted_text_is_on_the_page[part/demo.md#1]",
        claims.removesuffix("::"),  # claims.yml itself changed: all of its tests
    ]


def test_a_config_change_beyond_the_nav_forces_everything_and_is_named(repo):
    path = repo / "mkdocs.en.yml"
    path.write_text(path.read_text().replace("docs_dir: docs/en", "docs_dir: docs/en2"))
    files = changes.changed_files("main", repo)
    assert affected(repo) is None
    assert changes.forcing_file(files, repo) == "mkdocs.en.yml"


def test_an_asset_maps_to_the_pages_that_show_it(repo):
    with_checks(repo)
    for lang in ("zh", "en"):
        page = repo / f"docs/{lang}/part/demo.md"
        page.write_text(page.read_text() + "\n![edges](edges.png)\n")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "image"],
        cwd=repo,
        check=True,
    )
    (repo / "docs/zh/part/edges.png").write_bytes(b"png")
    (repo / "snippets/part/table.csv").write_text("a,b\n")
    assert affected(repo) == [
        "docs/zh/part/demo.md",
        "docs/en/part/demo.md",
        changes.SITE_RULES,
    ]


def test_maintainers_and_claims_data_map_to_their_tests(repo):
    with_checks(repo)
    (repo / "MAINTAINERS.md").write_text("| part |\n")
    (repo / "tests/claims/claims.yml").write_text("[]\n")
    assert affected(repo) == [changes.MAINTAINERS_TABLE, changes.CLAIMS]
