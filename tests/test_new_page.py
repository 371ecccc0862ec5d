"""`nox -s new_page -- <part>/<topic>` scaffolds a topic that runs, and the suite fails until
the contributor fills it in."""

import hashlib
import shutil

import markdown
import pytest

import fieldguide
from fieldguide import new_page

ROOT = fieldguide.ROOT


def copy_tree(target):
    """A copy of the parts of the repository the scaffold touches."""
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, target / name)
    for folder in ("docs", "snippets"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "tests").mkdir()
    return target


@pytest.fixture
def tree(tmp_path):
    return copy_tree(tmp_path)


@pytest.fixture(scope="module")
def shared_tree(tmp_path_factory):
    """One copy for the tests that must change nothing: each asserts its own digest is
    unchanged, so a test that changed it would fail itself."""
    return copy_tree(tmp_path_factory.mktemp("tree"))


def digest(root):
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return h.hexdigest()


def test_scaffold_runs_but_must_be_filled_in(tree, tmp_path_factory):
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
    fieldguide.check_snippet(module)
    blocks = fieldguide.blocks(tree / "docs/zh/tensors/masking.md", tree)
    assert [b.code for b in blocks] == [fieldguide.section_code(module, "first") + "\n"]
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        assert "      - masking: tensors/masking.md" in (tree / config).read_text("utf-8")
    for lang in ("zh", "en"):
        index = (tree / f"docs/{lang}/tensors/index.md").read_text("utf-8").splitlines()
        at = index.index("- [masking](masking.md)")
        assert index[at - 1].endswith("(first_look.ipynb)") and index[at + 1] == "", lang
        assert '<li><a href="masking.md">masking</a></li>' in markdown.markdown("\n".join(index))
    assert (tree / "tests/tensors/test_masking.py").exists()
    # Unfilled, it fails the suite: placeholders, `topics: []`, the file name as zh title.
    problems = [p for p in fieldguide.check_scaffolds(tree) if "masking" in p]
    assert any(p.startswith("snippets/tensors/masking.py:1: placeholder text") for p in problems)
    assert any(p.startswith("docs/zh/tensors/masking.md:7: placeholder text") for p in problems)
    assert any(p.startswith("docs/en/tensors/masking.md:7: placeholder text") for p in problems)
    assert (
        "docs/zh/tensors/masking.md:2: 'topics: []' is empty; list the IDs from "
        "docs/topics.yml this page teaches" in problems
    )
    assert any(p.startswith("docs/zh/tensors/masking.md:5: title '# masking'") for p in problems)
    assert any(p.startswith("mkdocs.yml:") and "nav title 'masking'" in p for p in problems)
    # The English side too: its title, its nav entry and both index entries.
    assert any(p.startswith("docs/en/tensors/masking.md:5: title '# masking'") for p in problems)
    assert any(p.startswith("mkdocs.en.yml:") and "nav title 'masking'" in p for p in problems)
    for lang in ("zh", "en"):
        assert any(
            p.startswith(f"docs/{lang}/tensors/index.md:")
            and "'- [masking](masking.md)' shows the file name" in p
            for p in problems
        ), lang
    # Filled in, it passes.
    for lang, title, text in (("zh", "掩码", "用布尔张量筛选元素。"), ("en", "Masking", "Select.")):
        page = tree / f"docs/{lang}/tensors/masking.md"
        body = page.read_text("utf-8").replace("topics: []", "topics: [X1]")
        body = body.replace("# masking", f"# {title}")
        page.write_text(
            "\n".join(line for line in body.splitlines() if "TOPICS" not in line) + f"\n\n{text}\n",
            "utf-8",
        )
    module = tree / "snippets/tensors/masking.py"
    module.write_text(
        module.read_text("utf-8").replace(
            "TODO: one line on what this module teaches (TOPICS ...).", "Masks (TOPICS X1)."
        )
    )
    for name, title in (("mkdocs.yml", "掩码"), ("mkdocs.en.yml", "Masking")):
        config = tree / name
        config.write_text(
            config.read_text("utf-8").replace("- masking: tensors/", f"- {title}: tensors/")
        )
    for lang, title in (("zh", "掩码"), ("en", "Masking")):
        index = tree / f"docs/{lang}/tensors/index.md"
        index.write_text(
            index.read_text("utf-8").replace("[masking](masking.md)", f"[{title}](masking.md)")
        )
    assert [p for p in fieldguide.check_scaffolds(tree) if "masking" in p] == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("tensors/creation", "new_page: 'creation' is already a page (tensors/creation.md)"),
        ("nowhere/topic", "new_page: unknown part 'nowhere'; known parts: "),
        ("Tensors/My-Topic", "new_page: malformed name 'Tensors/My-Topic'"),
        ("tensors", "new_page: malformed name 'tensors'"),
        ("toolbox/numpy", "new_page: topic 'numpy' would shadow the installed module 'numpy'"),
        ("tensors/index", "new_page: 'index' is reserved"),
        ("nn/glossary", "new_page: 'glossary' is reserved"),
        ("nn/creation", "new_page: 'creation' is already a page (tensors/creation.md)"),
        (
            "nn/distributeddataparallel",
            "new_page: 'distributeddataparallel' is already the nav title of gpu/ddp.md",
        ),
    ],
)
def test_bad_names_change_nothing(shared_tree, capsys, name, message):
    before = digest(shared_tree)
    assert new_page.main([name, "--root", str(shared_tree)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert digest(shared_tree) == before


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (
            "# Part\n\nIntro.\n\n- [One](one.md): the first\n  page, continued\n"
            "- [Two](two.md)\nlazily continued\n\n![fig](figures/a.png)\n\nA closing "
            "paragraph with [a link](../other/index.md).\n",
            "# Part\n\nIntro.\n\n- [One](one.md): the first\n  page, continued\n"
            "- [Two](two.md)\nlazily continued\n- [masking](masking.md)\n\n"
            "![fig](figures/a.png)\n\nA closing paragraph with [a link](../other/index.md).\n",
        ),
        (
            "# Part\n\nNo pages yet.\n",
            "# Part\n\nNo pages yet.\n\n- [masking](masking.md)\n",
        ),
    ],
    ids=["after the last item", "a new list"],
)
def test_index_entry_goes_into_the_list(tmp_path, index, expected):
    page = tmp_path / "index.md"
    page.write_text(index, "utf-8")
    text = new_page.add_to_index(page, "masking")
    assert text == expected
    assert '<li><a href="masking.md">masking</a></li>' in markdown.markdown(text)
