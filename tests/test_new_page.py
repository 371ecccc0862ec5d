"""`nox -s new_page -- <part>/<topic>` scaffolds a topic that passes the suite as it is."""

import hashlib
import shutil
import sys

import pytest

import fieldguide

ROOT = fieldguide.ROOT
sys.path.insert(0, str(ROOT / "tools"))
import new_page  # noqa: E402


@pytest.fixture
def tree(tmp_path):
    """A copy of the parts of the repository the scaffold touches."""
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("docs", "snippets"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "tests").mkdir()
    return tmp_path


def digest(root):
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return h.hexdigest()


def test_scaffold_passes_the_rules(tree, tmp_path_factory):
    assert new_page.main(["tensors/masking", "--root", str(tree)]) == 0
    for rule in (
        fieldguide.check_pairs,
        fieldguide.check_include_parity,
        fieldguide.check_fences,
        fieldguide.check_includes_resolve,
        fieldguide.check_unused_snippets,
        fieldguide.check_links,
        fieldguide.check_topics,
        fieldguide.check_structure,
    ):
        assert [p for p in rule(tree) if "masking" in p] == [], rule.__name__
    module = tree / "snippets/tensors/masking.py"
    fieldguide.check_snippet(module, tmp_path_factory.mktemp("run"))
    blocks = fieldguide.blocks(tree / "docs/zh/tensors/masking.md", tree)
    assert [b.code for b in blocks] == [fieldguide.section_code(module, "first") + "\n"]
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        assert "      - masking: tensors/masking.md" in (tree / config).read_text("utf-8")
    assert "(masking.md)" in (tree / "docs/en/tensors/index.md").read_text("utf-8")
    assert (tree / "tests/tensors/test_masking.py").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("tensors/creation", "new_page: snippets/tensors/creation.py already exists"),
        ("nowhere/topic", "new_page: unknown part 'nowhere'; known parts: "),
        ("Tensors/My-Topic", "new_page: malformed name 'Tensors/My-Topic'"),
        ("tensors", "new_page: malformed name 'tensors'"),
        ("toolbox/numpy", "new_page: topic 'numpy' would shadow the installed module 'numpy'"),
    ],
)
def test_bad_names_change_nothing(tree, capsys, name, message):
    before = digest(tree)
    assert new_page.main([name, "--root", str(tree)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert digest(tree) == before
