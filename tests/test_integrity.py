"""Integrity rules: every rule passes on the real site and catches a bad fixture."""

import pytest

import fieldguide
from fieldguide.testing import PAGE, SNIPPET, make_site

ROOT = fieldguide.ROOT

RULES = {
    "fences": fieldguide.check_fences,
    "pairs": fieldguide.check_pairs,
    "include parity": fieldguide.check_include_parity,
    "includes resolve": fieldguide.check_includes_resolve,
    "unused snippets": fieldguide.check_unused_snippets,
    "links": fieldguide.check_links,
    "topics": fieldguide.check_topics,
    "sections": fieldguide.check_sections,
    "nav": fieldguide.check_nav,
    "scaffolds": fieldguide.check_scaffolds,
}


@pytest.mark.parametrize("rule", RULES)
def test_rule_holds_for_the_site(rule):
    assert RULES[rule](ROOT) == []


def test_expansion_line_by_line_matches_the_build():
    """expand() works line by line to keep line numbers; prove it equals the build's."""
    for lang in fieldguide.LANGS:
        for page in fieldguide.pages(lang=lang, suffixes=(".md",)):
            assert fieldguide.expand(page).text.rstrip("\n") == fieldguide.expand_whole(
                page
            ).rstrip("\n"), page


def test_fixture_site_is_clean(tmp_path):
    site = make_site(tmp_path)
    for rule, check in RULES.items():
        assert check(site) == [], rule
    blocks = fieldguide.blocks(site / "docs/zh/part/demo.md", site)
    assert [b.line for b in blocks] == [7, 11]
    assert blocks[0].code == "print(1 + 1)\n#> 2\n"


@pytest.mark.parametrize(
    "fence",
    ["```py", '```python title="demo.py"', "```text", "```pycon", "~~~python"],
)
def test_skipped_fence_is_caught(tmp_path, fence):
    page = PAGE + f"\n{fence}\nprint('never run')\n{fence[:3]}\n"
    site = make_site(tmp_path, {"docs/zh/part/demo.md": page, "docs/en/part/demo.md": page})
    problems = fieldguide.check_fences(site)
    assert len(problems) == 2
    assert problems[0].startswith("docs/zh/part/demo.md:15: ")
    assert problems[1].startswith("docs/en/part/demo.md:15: ")


def test_norun_fence_needs_a_reason(tmp_path):
    ok = PAGE + "\n<!-- norun: installs packages -->\n```bash\npip install torch\n```\n"
    empty = PAGE + "\n<!-- norun: -->\n```text\nanything\n```\n"
    site = make_site(tmp_path, {"docs/zh/part/demo.md": ok, "docs/en/part/demo.md": empty})
    assert fieldguide.check_fences(site) == [
        "docs/en/part/demo.md:16: 'norun' needs a reason: <!-- norun: why -->"
    ]
    # The marked block is not collected for running.
    assert [b.line for b in fieldguide.blocks(site / "docs/zh/part/demo.md", site)] == [7, 11]


def test_page_in_one_language_is_caught(tmp_path):
    site = make_site(tmp_path, {"docs/en/part/demo.md": None})
    assert fieldguide.check_pairs(site) == [
        "docs/zh/part/demo.md:1: page exists in 'zh' only; add docs/en/part/demo.md"
    ]


def test_different_sections_between_languages_are_caught(tmp_path):
    en = PAGE.replace("demo.py:bye", "demo.py:hello")
    site = make_site(tmp_path, {"docs/en/part/demo.md": en})
    [problem] = fieldguide.check_include_parity(site)
    assert problem.startswith("docs/zh/part/demo.md:12 and docs/en/part/demo.md:12: include #2")


def test_missing_section_is_caught(tmp_path):
    page = PAGE.replace("demo.py:bye", "demo.py:nope")
    site = make_site(tmp_path, {"docs/zh/part/demo.md": page, "docs/en/part/demo.md": page})
    problems = fieldguide.check_includes_resolve(site)
    assert problems[0] == (
        "docs/zh/part/demo.md:12: include 'snippets/part/demo.py:nope': "
        "snippets/part/demo.py has no section [start:nope]"
    )
    with pytest.raises(fieldguide.IncludeError, match=r"docs/zh/part/demo.md:12"):
        fieldguide.blocks(site / "docs/zh/part/demo.md", site)


def test_unused_snippet_is_caught(tmp_path):
    site = make_site(tmp_path, {"snippets/part/orphan.py": "print('lonely')\n#> lonely\n"})
    assert fieldguide.check_unused_snippets(site) == [
        "snippets/part/orphan.py:1: snippet module is never included by a page or notebook"
    ]


def test_misspelt_section_marker_is_caught(tmp_path):
    snippet = SNIPPET.replace("[end:hello]", "[end:helo]")
    site = make_site(tmp_path, {"snippets/part/demo.py": snippet})
    assert fieldguide.check_sections(site) == [
        "snippets/part/demo.py:4: [end:helo] does not match the open section [start:hello] "
        "(line 1); a typo?"
    ]


@pytest.mark.parametrize(
    ("snippet", "problem"),
    [
        (
            "# --8<-- [start:a]\n# --8<-- [start:b]\nx = 1\n# --8<-- [end:b]\n# --8<-- [end:a]\n",
            "snippets/part/demo.py:2: [start:b] inside section [start:a] (line 1)",
        ),
        ("x = 1\n# --8<-- [end:a]\n", "snippets/part/demo.py:2: [end:a] closes no open section"),
        ("# --8<-- [start:a]\nx = 1\n", "snippets/part/demo.py:1: [start:a] is never closed"),
        ("# --8<-- [stop:a]\n", "snippets/part/demo.py:1: malformed section marker"),
        (
            "# --8<-- [start:a]\n# --8<-- [end:a]\n# --8<-- [start:a]\n# --8<-- [end:a]\n",
            "snippets/part/demo.py:3: section 'a' starts again (first at line 1)",
        ),
    ],
    ids=["nested", "stray end", "unclosed", "malformed", "twice"],
)
def test_bad_section_markers_are_caught(tmp_path, snippet, problem):
    site = make_site(tmp_path, {"snippets/part/demo.py": snippet})
    problems = fieldguide.check_sections(site)
    assert len(problems) == 1 and problems[0].startswith(problem), problems


def test_page_missing_from_the_nav_is_caught(tmp_path):
    page = PAGE + "\nSee [the other page](other.md).\n"
    site = make_site(
        tmp_path,
        {
            "docs/zh/part/other.md": PAGE,
            "docs/en/part/other.md": PAGE,
            "docs/zh/part/demo.md": page,
            "docs/en/part/demo.md": page,
        },
    )
    assert fieldguide.check_nav(site) == [
        "docs/zh/part/other.md:1: page is not in the nav of mkdocs.yml; add "
        "'- <title>: part/other.md' to its part",
        "docs/en/part/other.md:1: page is not in the nav of mkdocs.en.yml; add "
        "'- <title>: part/other.md' to its part",
    ]


def test_nav_entry_without_a_page_is_caught(tmp_path):
    site = make_site(tmp_path, {"docs/en/part/demo.md": None, "docs/zh/part/demo.md": None})
    assert fieldguide.check_nav(site) == [
        "mkdocs.yml:1: nav entry 'part/demo.md' has no page docs/zh/part/demo.md",
        "mkdocs.en.yml:1: nav entry 'part/demo.md' has no page docs/en/part/demo.md",
    ]


def test_link_to_a_missing_anchor_is_caught(tmp_path):
    zh = (
        PAGE
        + "\n## 小节\n\n见[本节](#_1)、[页首](demo.md#page)和[别处](demo.md#no-such-anchor)。\n"
    )
    en = PAGE + "\n## Part\n\nSee [here](#part) and [there](demo.md#nope).\n"
    site = make_site(tmp_path, {"docs/zh/part/demo.md": zh, "docs/en/part/demo.md": en})
    assert fieldguide.check_links(site) == [
        "docs/zh/part/demo.md:17: link 'demo.md#no-such-anchor': docs/zh/part/demo.md has no "
        "anchor #no-such-anchor",
        "docs/en/part/demo.md:17: link 'demo.md#nope': docs/en/part/demo.md has no anchor #nope",
    ]


def test_broken_link_is_caught(tmp_path):
    page = PAGE + "\nSee [the next page](next.md) and [PyTorch](https://pytorch.org).\n"
    site = make_site(tmp_path, {"docs/zh/part/demo.md": page, "docs/en/part/demo.md": page})
    assert fieldguide.check_links(site) == [
        "docs/zh/part/demo.md:15: broken link 'next.md'",
        "docs/en/part/demo.md:15: broken link 'next.md'",
    ]


def test_unknown_or_mismatched_topics_are_caught(tmp_path):
    en = PAGE.replace("topics: [T2]", "topics: [T2, Z9]")
    site = make_site(tmp_path, {"docs/en/part/demo.md": en})
    assert fieldguide.check_topics(site) == [
        "docs/en/part/demo.md:1: unknown topic ID 'Z9'",
        "docs/zh/part/demo.md:1 and docs/en/part/demo.md:1: topics differ: ['T2'] vs ['T2', 'Z9']",
    ]


def test_snippet_with_wrong_output_is_caught(tmp_path):
    site = make_site(tmp_path, {"snippets/part/demo.py": SNIPPET.replace("#> 2", "#> 3")})
    with pytest.raises(fieldguide.OutputMismatch, match=r"demo.py:2: printed output differs"):
        fieldguide.check_snippet(site / "snippets/part/demo.py", tmp_path, root=site)
    with pytest.raises(fieldguide.OutputMismatch, match=r"nox -s outputs -- snippets/part/demo"):
        fieldguide.check_snippet(site / "snippets/part/demo.py", tmp_path, root=site)


def test_snippet_that_leaks_global_state_is_named(tmp_path):
    code = "import torch\ntorch.set_grad_enabled(False)\ntorch.set_num_threads(1)\n"
    site = make_site(tmp_path, {"snippets/part/demo.py": code})
    import torch

    threads = torch.get_num_threads()
    with pytest.raises(AssertionError, match=r"snippet module snippets/part/demo.py changed"):
        fieldguide.check_snippet(site / "snippets/part/demo.py", tmp_path, root=site)
    assert torch.is_grad_enabled() and torch.get_num_threads() == threads


def test_snippet_with_unshown_output_is_caught(tmp_path):
    site = make_site(tmp_path, {"snippets/part/demo.py": "print('surprise')\n"})
    with pytest.raises(fieldguide.OutputMismatch, match="surprise"):
        fieldguide.check_snippet(site / "snippets/part/demo.py", tmp_path)


def test_snippet_that_fails_is_caught(tmp_path):
    site = make_site(tmp_path, {"snippets/part/demo.py": "import torch\ntorch.view(1)\n"})
    with pytest.raises(AttributeError):
        fieldguide.check_snippet(site / "snippets/part/demo.py", tmp_path)


def test_snippet_runs_as_main_from_its_workdir(tmp_path):
    code = "import os\nif __name__ == '__main__':\n    print(os.listdir('.'))\n#> []\n"
    site = make_site(tmp_path / "site", {"snippets/part/demo.py": code})
    workdir = tmp_path / "empty"
    workdir.mkdir()
    fieldguide.check_snippet(site / "snippets/part/demo.py", workdir)


def test_orphan_output_comment_is_caught():
    with pytest.raises(fieldguide.OutputMismatch, match="line 3"):
        fieldguide.expected_output("def f():\n    print(1)\n    #> 1\n    return 2\n")


def test_loop_output_goes_under_the_loop():
    source = "for i in range(3):\n    print(i)\n#> 0\n#> 1\n#> 2\n"
    printed = fieldguide.run_code(source, "<loop>", {})
    fieldguide.check_output(source, printed, "<loop>")


def test_subprocess_block_runs_in_a_fresh_interpreter(tmp_path):
    page = PAGE + (
        "\n<!-- run: subprocess -->\n```python\nimport sys\nprint(__name__)\n#> __main__\n```\n"
    )
    site = make_site(tmp_path, {"docs/zh/part/demo.md": page, "docs/en/part/demo.md": page})
    last = fieldguide.blocks(site / "docs/zh/part/demo.md", site)[-1]
    assert last.subprocess and last.line == 16
    script = tmp_path / "block.py"
    script.write_text(last.code)
    fieldguide.run_in_subprocess(script, tmp_path)
    script.write_text(last.code.replace("#> __main__", "#> something else"))
    with pytest.raises(fieldguide.OutputMismatch):
        fieldguide.run_in_subprocess(script, tmp_path)


def test_every_topic_is_covered_in_both_languages():
    missing = {
        topic: [lang for lang, pages in langs.items() if not pages]
        for topic, langs in fieldguide.coverage().items()
        if not all(langs.values())
    }
    assert missing == {}


def test_pages_with_topics_run_code():
    """A page that claims topics shows them with at least one executed Python block."""
    for lang in fieldguide.LANGS:
        for page in fieldguide.pages(lang=lang, suffixes=(".md",)):
            if fieldguide.front_matter(page).get("topics"):
                blocks = fieldguide.blocks(page)
                assert any(b.syntax == "python" for b in blocks), fieldguide.rel(page)
