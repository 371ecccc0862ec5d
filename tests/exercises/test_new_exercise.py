"""`nox -s new_exercise -- <part>/<name>` scaffolds an exercise that the page engine can
run, and refuses bad names without changing anything."""

import shutil

import pytest

import fieldguide
from fieldguide import exercises

ROOT = fieldguide.ROOT


@pytest.fixture
def tree(tmp_path):
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(
        ROOT / "exercises", tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def test_scaffold(tree):
    assert exercises.main(["tensors/masked_fill", "--root", str(tree)]) == 0
    folder = tree / "exercises/tensors/masked_fill"
    solution = (folder / "solution.py").read_text("utf-8")
    assert (folder / "starter.py").read_text("utf-8") == exercises.starter_from_solution(solution)
    assert 'raise NotImplementedError("write masked_fill")' in (folder / "starter.py").read_text()
    entry = exercises.catalog(tree)[-1]
    assert entry == {
        "id": "tensors/masked_fill",
        "part": "tensors",
        "topic": entry["topic"],
        "title_zh": "masked_fill",
        "title_en": "masked_fill",
        "page": "tensors/exercises.md",
        "anchor": "masked_fill",
    }
    assert (tree / "docs/zh" / entry["topic"]).is_file()
    for lang in ("zh", "en"):
        page = (tree / "docs" / lang / "tensors/exercises.md").read_text("utf-8")
        assert page.count("{#masked_fill}") == 1
        assert '--8<-- "exercises/tensors/masked_fill/solution.py"' in page
    blocks = fieldguide.blocks(tree / "docs/zh/tensors/exercises.md", tree)
    assert blocks[-1].code.strip() == solution.strip()
    # a placeholder is left for the contributor, in both languages
    assert "TODO: describe the task" in solution


def test_new_part_gets_pages_and_nav(tree):
    assert exercises.main(["basics/first", "--root", str(tree)]) == 0
    for lang, config in (("zh", "mkdocs.yml"), ("en", "mkdocs.en.yml")):
        assert (tree / "docs" / lang / "basics/exercises.md").is_file()
        assert "basics/exercises.md" in (tree / config).read_text("utf-8")
    assert fieldguide.check_nav(tree) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Tensors/x", "malformed name"),
        ("nowhere/x", "unknown part 'nowhere'"),
        ("tensors/checkerboard", "exists already"),
    ],
)
def test_refused(tree, name, message, capsys):
    before = sorted(p.relative_to(tree) for p in tree.rglob("*"))
    catalog = (tree / exercises.CATALOG).read_text("utf-8")
    assert exercises.main([name, "--root", str(tree)]) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.relative_to(tree) for p in tree.rglob("*")) == before
    assert (tree / exercises.CATALOG).read_text("utf-8") == catalog
