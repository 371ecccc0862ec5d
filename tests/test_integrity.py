"""Integrity rules: every rule passes on the real site and catches a bad fixture."""

import json
import re
import subprocess
import sys

import nbformat
import pytest

import fieldguide
from fieldguide import rules
from fieldguide.testing import PAGE, SNIPPET, make_site

ROOT = fieldguide.ROOT

# Every rule of `python -m fieldguide check`, from its registry (one module per rule under
# fieldguide/rules/): a rule added there is run here, on the real tree and the fixture.
RULES = {rule.name: rule.check for rule in rules.REGISTRY}


# Modules that run code (or test it): `check` loads none of them.
HEAVY = ("torch", "pytest", "_pytest", "pytest_codeblocks", "xdist")

# `python -m fieldguide check` in a fresh interpreter, each rule's problems recorded as the
# command runs it: the rules' tests read them there, so no rule runs twice on the real tree.
CHECK = f"""\
import dataclasses, json, sys
from fieldguide import rules
from fieldguide.__main__ import main

found = {{}}

def recorded(rule):
    def check(root):
        found[rule.name] = rule.check(root)
        return found[rule.name]
    return dataclasses.replace(rule, check=check)

rules.REGISTRY = tuple(recorded(rule) for rule in rules.REGISTRY)
rc = main(["check"])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
print(json.dumps({{"heavy": heavy, "rules": found}}))
sys.exit(rc)
"""


@pytest.fixture(scope="module")
def check_run() -> subprocess.CompletedProcess:
    """The check command's run; ``.record``: the heavy modules it loaded, each rule's
    problems."""
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=fieldguide.ROOT
    )
    *_, last = result.stdout.splitlines() or [""]
    assert last.startswith("{"), result  # the command crashed: its stderr says why
    result.record = json.loads(last)
    return result


# One worker runs the check command for these tests (-n 2 --dist loadgroup).
@pytest.mark.xdist_group("check command")
@pytest.mark.parametrize("rule", RULES)
def test_rule_holds_for_the_site(rule, check_run):
    assert check_run.record["rules"][rule] == []


def test_the_registry_is_every_rule_module():
    """Each module of fieldguide/rules/ not starting with _ is a rule, and `check` runs them."""
    modules = sorted(
        p.stem for p in (ROOT / "fieldguide" / "rules").glob("*.py") if not p.stem.startswith("_")
    )
    assert [r.module.rsplit(".", 1)[1] for r in rules.REGISTRY] == modules
    assert "links" in RULES and "cuda selected" in RULES and "glossary terms" in RULES
    for rule in rules.REGISTRY:
        assert rule.about["en"].strip() and rule.about["zh"].strip(), rule.name
        assert re.search(r"[\u4e00-\u9fff]", rule.about["zh"]), rule.name


@pytest.mark.parametrize("rule", RULES)
def test_what_a_rule_reads_exists(rule):
    """Each pattern of READS matches a file of the real tree (a renamed folder would leave a
    rule reading nothing without a word)."""
    [registered] = [r for r in rules.REGISTRY if r.name == rule]
    for pattern in registered.reads:
        expanded = [pattern.replace("<lang>", lang) for lang in fieldguide.LANGS]
        for glob in dict.fromkeys(expanded):
            assert any(p.is_file() for p in ROOT.glob(glob)), f"{rule}: {glob} matches nothing"


@pytest.mark.parametrize(
    ("file", "lang"), [("CONTRIBUTING.md", "en"), ("CONTRIBUTING.zh.md", "zh")]
)
def test_contributing_lists_the_rules_of_the_registry(file, lang):
    text = (ROOT / file).read_text("utf-8")
    m = re.search(r"<!-- rules -->\n(.*?)\n<!-- /rules -->", text, re.S)
    assert m, f"{file}: no <!-- rules --> ... <!-- /rules --> table"
    assert m[1] == rules.table(lang), (
        f"{file}: the table of rules differs from fieldguide/rules/; paste the output of "
        f"`python -m fieldguide check --table {lang}` between the markers"
    )


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
        "docs/en/part/demo.md:2: unknown topic ID 'Z9'; the IDs are defined in docs/topics.yml",
        "docs/zh/part/demo.md:1 and docs/en/part/demo.md:1: topics differ: ['T2'] vs ['T2', 'Z9']",
    ]


def test_unknown_topic_in_a_block_list_is_caught_at_its_line(tmp_path):
    page = PAGE.replace("topics: [T2]", "title: Demo\ntopics:\n  - T2\n  - T99\nhide: [toc]")
    site = make_site(tmp_path, {"docs/zh/part/demo.md": page, "docs/en/part/demo.md": page})
    assert fieldguide.check_topics(site) == [
        f"docs/{lang}/part/demo.md:5: unknown topic ID 'T99'; the IDs are defined in "
        "docs/topics.yml"
        for lang in ("zh", "en")
    ]


EXTERNAL = [
    ("![logo](https://example.com/logo.png)", "a Markdown image"),
    ("![logo][l]\n\n[l]: //example.com/logo.png", "a Markdown image"),
    ('<img alt="logo"\n     src="https://example.com/logo.png">', "<img src>"),
    ('<script src="https://cdn.example.com/lib.js"></script>', "<script src>"),
    ('<link rel="stylesheet" href="https://example.com/a.css">', "<link href>"),
    ('<link rel="preload" as="font" href="//example.com/f.woff2">', "<link href>"),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "<iframe src>"),
    ('<video controls poster="https://example.com/p.jpg"></video>', "<video poster>"),
    ('<audio><source src="https://example.com/a.ogg"></audio>', "<source src>"),
    (
        '<picture><source srcset="a.webp 1x, https://example.com/b.webp 2x"></picture>',
        "<source srcset>",
    ),
    ('<object data="https://example.com/a.pdf"></object>', "<object data>"),
    ('<embed src="https://example.com/a.svg">', "<embed src>"),
    ("<style>@import 'https://fonts.example.com/font.css';</style>", "CSS @import"),
    ('<div style="background: url(https://example.com/bg.png)">x</div>', "CSS url()"),
]


@pytest.mark.parametrize(("html", "what"), EXTERNAL, ids=[w for _, w in EXTERNAL])
def test_external_resource_on_a_page_is_caught(tmp_path, html, what):
    page = PAGE + '\nSee [PyTorch](https://pytorch.org) and <a href="https://pytorch.org">it</a>.\n'
    site = make_site(tmp_path, {"docs/en/part/demo.md": page + "\n" + html + "\n"})
    problems = rules.check_external(site)
    line = 17 + html.count("\n") if "[l]:" not in html and "\n" in html else 17
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"docs/en/part/demo.md:{line}: {what} loads "), problems
    assert "from another host" in problems[0]
    assert "ship the file in the repository and use a relative path" in problems[0]


def test_links_code_and_local_files_are_not_external(tmp_path):
    page = PAGE + (
        "\n[PyTorch](https://pytorch.org) <a href='https://pytorch.org'>home</a>\n"
        '\n<img src="figures/a.png"> ![b](../assets/b.png) `<script src="https://x.org/a.js">`\n'
        '\n<!-- <img src="https://example.com/old.png"> -->\n'
        '\n<link rel="canonical" href="https://example.com/">\n'
        '\n```html\n<script src="https://example.com/shown-as-code.js"></script>\n```\n'
    )
    site = make_site(tmp_path, {"docs/en/part/demo.md": page})
    assert rules.check_external(site) == []


@pytest.mark.parametrize(
    ("name", "text", "line", "what"),
    [
        ("hooks/banner.py", "X = 1\nHTML = '<img src=\"https://e.com/a.png\">'\n", 2, "<img src>"),
        (
            "overrides/main.html",
            '{% block x %}\n<script src="//e.com/a.js"></script>\n',
            2,
            "<script src>",
        ),
        (
            "overrides/assets/extra.css",
            "body {\n  font-family: x;\n}\n@import url('https://e.com/f.css');\n",
            4,
            "CSS url()",
        ),
        (
            "overrides/assets/extra.js",
            'const m = await import("https://esm.sh/lib");\n',
            1,
            "a script",
        ),
        (
            "notebooks/part/demo.en.md",
            "---\ntitle: x\n---\n\n![x](https://e.com/x.png)\n",
            5,
            "a Markdown image",
        ),
    ],
    ids=["hook", "template", "css", "js", "notebook source"],
)
def test_external_resource_in_hooks_overrides_and_notebooks_is_caught(
    tmp_path, name, text, line, what
):
    site = make_site(tmp_path, {name: text})
    problems = rules.check_external(site)
    assert len(problems) == 1 and problems[0].startswith(f"{name}:{line}: {what} loads "), problems


def test_external_stylesheet_or_font_in_the_config_is_caught(tmp_path):
    config = (fieldguide.ROOT / "mkdocs.yml").read_text("utf-8")
    config = config[: config.index("\nnav:\n")] + "\nnav:\n  - part/demo.md\n"
    config = config.replace("  font: false", "  font:\n    text: Roboto")
    config = config.replace("extra_css:\n", "extra_css:\n  - https://cdn.example.com/a.css\n")
    config = config.replace("  font:\n", "  logo: https://example.com/logo.svg\n  font:\n")
    site = make_site(tmp_path, {"mkdocs.yml": config})
    lines = config.splitlines()
    font = lines.index("  font:") + 1
    css = lines.index("  - https://cdn.example.com/a.css") + 1
    assert rules.check_external(site) == [
        f"mkdocs.yml:{css}: extra_css loads https://cdn.example.com/a.css from another host; "
        "ship the file under overrides/assets/ and list its relative path",
        f"mkdocs.yml:{font - 1}: theme.logo loads https://example.com/logo.svg from another "
        "host; ship the file under overrides/assets/ and give its relative path",
        f"mkdocs.yml:{font}: Material loads Google Fonts from fonts.googleapis.com unless the "
        "theme says `font: false`; set it (the site uses the reader's own fonts)",
    ]


def test_syntax_error_in_an_unincluded_section_is_caught(tmp_path):
    snippet = SNIPPET + "\n# --8<-- [start:unused]\ndef broken(:\n    pass\n# --8<-- [end:unused]\n"
    site = make_site(tmp_path, {"snippets/part/demo.py": snippet})
    assert rules.check_snippet_syntax(site) == [
        "snippets/part/demo.py:12: syntax error: invalid syntax"
    ]


NOTEBOOK_SOURCE = """\
---
title: Demo notebook
source: snippets/part/demo.py
topics: [T2]
---

Intro text.

<!-- cell: hello -->

Say hello.

<!-- cell: bye -->
"""


def notebook_site(tmp_path):
    """A site with one notebook source, its notebook stored as freshly built."""
    site = make_site(tmp_path, {"notebooks/part/demo.en.md": NOTEBOOK_SOURCE})
    nbformat.write(
        fieldguide.build_notebook(site / "notebooks/part/demo.en.md", site),
        site / "docs/en/part/demo.ipynb",
    )
    return site


def test_fresh_notebook_passes(tmp_path):
    assert rules.check_notebooks(notebook_site(tmp_path)) == []


def test_stale_notebook_prose_is_caught(tmp_path):
    site = notebook_site(tmp_path)
    source = site / "notebooks/part/demo.en.md"
    source.write_text(NOTEBOOK_SOURCE.replace("Say hello.", "Say hello, twice."), "utf-8")
    assert rules.check_notebooks(site) == [
        "notebooks/part/demo.en.md:11: the notebook docs/en/part/demo.ipynb is stale: cell 2 "
        "differs from a fresh build of notebooks/part/demo.en.md; rebuild it: nox -s notebooks"
    ]


def test_stale_notebook_code_is_caught_at_the_snippet(tmp_path):
    site = notebook_site(tmp_path)
    module = site / "snippets/part/demo.py"
    module.write_text(SNIPPET.replace('print("bye")', 'print("bye!")'), "utf-8")
    assert rules.check_notebooks(site) == [
        "snippets/part/demo.py:6: the notebook docs/en/part/demo.ipynb is stale: cell 4 "
        "differs from a fresh build of notebooks/part/demo.en.md; rebuild it: nox -s notebooks"
    ]


def test_missing_notebook_is_caught(tmp_path):
    site = notebook_site(tmp_path)
    (site / "docs/en/part/demo.ipynb").unlink()
    assert rules.check_notebooks(site) == [
        "notebooks/part/demo.en.md:1: no notebook docs/en/part/demo.ipynb built from it; "
        "rebuild it: nox -s notebooks"
    ]


@pytest.mark.xdist_group("check command")
def test_check_command_loads_no_torch_and_no_pytest(check_run):
    """`python -m fieldguide check` runs every rule on the real tree without importing torch,
    pytest or anything else that runs code, and prints one `file:line:` problem a line, or "no
    problems" (whether there are problems is the rules' tests' job). How long it takes is
    measured by the benchmark (`nox -s bench -- --loops`), not asserted: a busy machine is
    not a failure."""
    *problems, _ = check_run.stdout.splitlines()
    assert check_run.record["heavy"] == [], check_run
    assert sorted(check_run.record["rules"]) == sorted(RULES)  # it ran every rule
    if problems == ["no problems"]:
        assert check_run.returncode == 0, check_run
    else:
        assert check_run.returncode == 1 and problems, check_run
        assert all(re.match(r"^[\w./-]+:\d+[: ]", p) for p in problems), problems


def test_snippet_with_wrong_output_is_caught(tmp_path):
    site = make_site(tmp_path, {"snippets/part/demo.py": SNIPPET.replace("#> 2", "#> 3")})
    with pytest.raises(fieldguide.OutputMismatch, match=r"demo.py:2: printed output differs"):
        fieldguide.check_snippet(site / "snippets/part/demo.py", root=site)
    with pytest.raises(fieldguide.OutputMismatch, match=r"nox -s outputs -- snippets/part/demo"):
        fieldguide.check_snippet(site / "snippets/part/demo.py", root=site)


def test_snippet_that_leaks_global_state_is_named(tmp_path):
    code = "import torch\ntorch.set_grad_enabled(False)\ntorch.set_num_threads(1)\n"
    site = make_site(tmp_path, {"snippets/part/demo.py": code})
    import torch

    threads = torch.get_num_threads()
    with pytest.raises(AssertionError, match=r"snippet module snippets/part/demo.py changed"):
        fieldguide.check_snippet(site / "snippets/part/demo.py", root=site)
    assert torch.is_grad_enabled() and torch.get_num_threads() == threads


def test_snippet_with_unshown_output_is_caught(tmp_path):
    site = make_site(tmp_path, {"snippets/part/demo.py": "print('surprise')\n"})
    with pytest.raises(fieldguide.OutputMismatch, match="surprise"):
        fieldguide.check_snippet(site / "snippets/part/demo.py", root=site)


def test_snippet_that_fails_is_caught(tmp_path):
    site = make_site(tmp_path, {"snippets/part/demo.py": "import torch\ntorch.view(1)\n"})
    with pytest.raises(AttributeError):
        fieldguide.check_snippet(site / "snippets/part/demo.py", root=site)


def test_snippet_runs_as_main_from_its_workdir(tmp_path):
    code = "import os\nif __name__ == '__main__':\n    print(os.listdir('.'))\n#> []\n"
    site = make_site(tmp_path / "site", {"snippets/part/demo.py": code})
    fieldguide.check_snippet(site / "snippets/part/demo.py", root=site)


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
    limit, culprit = fieldguide.TimeLimit(), "The block"
    stdout = fieldguide.sandbox.run_in_subprocess(script, limit, culprit)
    fieldguide.check_whole_output(last.code, stdout, "block.py")
    wrong = last.code.replace("#> __main__", "#> something else")
    with pytest.raises(fieldguide.OutputMismatch):
        fieldguide.check_whole_output(wrong, stdout, "block.py")


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
            # A quiz page's blocks live in questions/<part>.yml, each run with its variants
            # by tests/questions (the page is rendered from them at build time).
            if fieldguide.front_matter(page).get("topics") and page.name != "questions.md":
                blocks = fieldguide.blocks(page)
                assert any(b.syntax == "python" for b in blocks), fieldguide.rel(page)
