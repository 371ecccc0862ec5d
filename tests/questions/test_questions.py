"""The "what does this print?" questions (questions/<part>.yml, fieldguide/questions.py).

For every question: the block, run now, prints exactly its stored right choice; each wrong
choice is exactly what its named variant prints, and differs from the right one and from the
other choices. The choices' order is fixed by the question's id and not always first. Runs
in this process (one torch import for all), through the project's sandbox (fieldguide.sandbox).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldguide import questions as Q
from fieldguide.layout import ROOT
from fieldguide.translation import terms

# Two blocks read the .grad of a non-leaf tensor on purpose (it is None, and torch says so).
pytestmark = pytest.mark.filterwarnings("ignore:The .grad attribute of a Tensor that is not a leaf")
QUESTIONS = Q.load()
PARTS = ("tensors", "autograd", "nn", "conv", "losses", "data", "vision", "workflows")


def stored_outputs(q: Q.Question) -> list[str]:
    outputs = Q.stored(q, Q.load_outputs(q.file))
    assert outputs is not None, (
        f"{q.file.name}:{q.line}: {q.key} has no output stored from its current code; run "
        "`python -m fieldguide questions --write`"
    )
    return outputs


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.key for q in QUESTIONS])
def test_choices_are_what_the_block_and_its_variants_print(q):
    outputs = stored_outputs(q)
    assert len(outputs) == len(q.variants) + 1 and 3 <= len(outputs) <= 4
    assert Q.execute(q.code, q.key) == outputs[0], f"{q.key}: the block prints otherwise now"
    for number, variant in enumerate(q.variants, 1):
        printed = Q.execute(variant.code, f"{q.key} variant {number}")
        assert printed == outputs[number], f"{q.key}: variant {variant.name['en']!r}"
        assert printed != outputs[0], f"{q.key}: variant {variant.name['en']!r} prints the answer"
    assert len(set(outputs)) == len(outputs), f"{q.key}: two choices are the same"
    assert all(out.strip() for out in outputs), f"{q.key}: a choice is empty"


def test_enough_questions_on_every_part():
    counts = {part: sum(q.part == part for q in QUESTIONS) for part in PARTS}
    assert sum(counts.values()) >= 60 and min(counts.values()) >= 5, counts


def test_positions_are_fixed_and_not_always_first():
    positions = []
    for q in QUESTIONS:
        texts, right, order = Q.choices(q, stored_outputs(q))
        assert (texts, right, order) == Q.choices(q, stored_outputs(q))  # the same every time
        assert texts[right] == stored_outputs(q)[0] and order[right] is None
        assert sorted(v for v in order if v is not None) == list(range(len(q.variants)))
        positions.append(right)
    assert len(set(positions)) >= 3, positions
    assert max(positions.count(p) for p in set(positions)) < len(positions) / 2, positions


def test_no_block_gives_its_answer_away():
    for q in QUESTIONS:
        for code in q.blocks():
            assert Q.OUTPUT_PREFIX not in code and "#~" not in code, q.key


def test_ids_and_anchors_are_unique_across_parts():
    anchors = [q.anchor for q in QUESTIONS]
    assert len(anchors) == len(set(anchors))


def test_chinese_text_uses_the_glossary_terms():
    """The questions' Chinese (names of the misconceptions, explanations) keeps to
    docs/terms.yml like every page: never a listed variant of a term."""
    entries = terms(ROOT)
    preferred = [e["zh"] for e in entries]
    for q in QUESTIONS:
        texts = [q.explain["zh"], *(v.name["zh"] for v in q.variants)]
        for text in texts:
            prose = "".join(text.split("`")[::2])  # inline code is not prose
            for entry in entries:
                for variant in entry.get("variants") or []:
                    if variant in prose and not any(
                        variant in t and t in prose for t in preferred if t != variant
                    ):
                        pytest.fail(f"{q.key}: uses {variant!r}; the term is {entry['zh']!r}")


# -- the pages, as the hook renders them -------------------------------------------------


def render(part: str, lang: str, book: bool = False) -> str:
    mine = [q for q in QUESTIONS if q.part == part]
    outputs = {q.key: stored_outputs(q) for q in mine}
    return Q.render_questions(
        mine, outputs, lang, f"{part}/questions.md", ROOT / "docs" / "zh", book=book
    )


def test_both_languages_show_the_same_choices_in_the_same_order():
    for part in PARTS:
        zh, en = render(part, "zh"), render(part, "en")
        assert zh.count('<li><label><input type="radio"') == en.count(
            '<li><label><input type="radio"'
        )
        chunks = lambda text: [c.split("</span>")[0] for c in text.split('class="fg-out">')[1:]]  # noqa: E731
        assert chunks(zh) == chunks(en) and chunks(zh)
        assert "第 1 题" in zh and "Question 1" in en
        # An edition derived from Chinese (zh-Hant) reads the Chinese text.
        assert render(part, "zh-Hant") == zh


def test_web_page_folds_each_answer_and_the_book_puts_them_at_the_end():
    web, book = render("tensors", "en"), render("tensors", "en", book=True)
    first = next(q for q in QUESTIONS if q.part == "tensors")
    assert web.count('<details class="fg-answer"') == sum(q.part == "tensors" for q in QUESTIONS)
    assert "<details" not in book
    answers = book.index(Q.BOOK_ANSWERS)  # the hook puts them at the end of the part
    assert book.rindex('<ol class="fg-choices"') < answers
    assert first.explain["en"] in book[answers:] and first.explain["en"] not in book[:answers]
    assert 'class="fg-quiz"' in web and "fg-quiz" not in book  # the script's words: web only


def test_topic_pages_link_their_own_questions_and_exercises():
    catalog = [
        {"id": "tensors/x", "part": "tensors", "topic": "tensors/reshaping.md",
         "title_zh": "练一练", "title_en": "Try it", "page": "tensors/exercises.md",
         "anchor": "try-it"},
    ]  # fmt: skip
    pages = {"tensors/questions.md", "tensors/exercises.md"}
    box = Q.topic_links("tensors/reshaping.md", QUESTIONS, catalog, "en", pages)
    assert "[Try it](exercises.md#try-it)" in box
    assert "(questions.md#q-view-after-transpose)" in box
    assert "q-true-division" not in box  # another page's question
    # A catalog entry whose page is not (yet) on the site is not linked.
    assert "exercises.md" not in Q.topic_links("tensors/reshaping.md", QUESTIONS, catalog,
                                              "en", {"tensors/questions.md"})  # fmt: skip
    assert Q.topic_links("tensors/cheatsheet.md", QUESTIONS, [], "en", pages) == ""


def test_self_check_page_lists_every_part_with_or_without_a_catalog(tmp_path):
    parts = [(p, p.title()) for p in PARTS]
    pages = {f"{p}/questions.md" for p in PARTS}
    page = Q.render_self_check(QUESTIONS, [], parts, "zh", "self-check.md", pages)
    for part in PARTS:
        assert f"## {part.title()} {{ #{part} }}" in page
    assert page.count("(tensors/questions.md#q-") == sum(q.part == "tensors" for q in QUESTIONS)
    # The catalog: missing, malformed or partial entries are skipped.
    assert Q.exercises(tmp_path) == []
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "catalog.yml").write_text(
        "- {id: a/b, part: tensors}\n"
        "- {id: tensors/ok, part: tensors, topic: tensors/reshaping.md, title_zh: 好,"
        " title_en: Good, page: tensors/exercises.md, anchor: ok}\n",
        "utf-8",
    )
    assert [e["id"] for e in Q.exercises(tmp_path)] == ["tensors/ok"]
    (tmp_path / "exercises" / "catalog.yml").write_text("- [unclosed\n", "utf-8")
    assert Q.exercises(tmp_path) == []


def test_nav_parts_read_the_sections_of_a_nav():
    nav = [{"Home": "index.md"}, {"Tensors": ["tensors/index.md", {"A": "tensors/a.md"}]}]
    assert Q.nav_parts(nav) == [("tensors", "Tensors")]


# -- bad data and the scaffold -----------------------------------------------------------


def small_tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for lang in ("zh", "en"):
        (root / "docs" / lang / "tensors").mkdir(parents=True)
        (root / "docs" / lang / "tensors" / "creation.md").write_text("# x\n", "utf-8")
    (root / "questions").mkdir()
    return root


def test_bad_data_is_refused_naming_the_file_and_line(tmp_path):
    root = small_tree(tmp_path)
    data = root / "questions" / "tensors.yml"
    good = (ROOT / "questions" / "tensors.yml").read_text("utf-8")
    first = good.split("\n- id:")[1]
    cases = {
        "code: |": ("code: |\n    print(1)  #> 1\n  old: |", "shows its output"),
        'replace: {"x.t().reshape(-1)": "x.t().view(-1)"}': (
            'replace: {"nowhere": "x"}',
            "occurs 0 times",
        ),
        "topic: tensors/reshaping.md": ("topic: tensors/nothing.md", "no page docs/zh"),
    }
    for old, (new, message) in cases.items():
        text = "- id:" + first.replace("tensors/reshaping.md", "tensors/creation.md", 1)
        text = text.replace(old.replace("reshaping", "creation"), new, 1)
        data.write_text(text, "utf-8")
        with pytest.raises(Q.QuestionError, match=message) as error:
            Q.load_file(data, root)
        assert str(error.value).startswith("questions/tensors.yml:1"), error.value
    data.write_text("- id: a\n  code: [\n", "utf-8")
    with pytest.raises(Q.QuestionError, match=r"questions/tensors.yml:\d+: not valid YAML"):
        Q.load_file(data, root)


def test_new_question_scaffold(tmp_path, capsys):
    root = small_tree(tmp_path)
    assert Q.new("tensors/first_try", root) == 0
    data = root / "questions" / "tensors.yml"
    (added,) = Q.load_file(data, root)
    assert added.key == "tensors/first_try" and added.topic == "tensors/creation.md"
    before = data.read_text("utf-8")
    for bad in ("tensors/first_try", "nowhere/x", "Tensors/x", "tensors"):
        assert Q.new(bad, root) == 2, bad
        assert data.read_text("utf-8") == before  # nothing changed
    # Until its TODOs are written and its outputs stored, the check fails it.
    problems = Q.check(root)
    assert any("no output stored" in p for p in problems), problems
    assert any("placeholder 'TODO'" in p for p in problems), problems
    shutil.rmtree(root / "questions")
    assert Q.check(root) == []


EXERCISES_PAGE = """# Tensor exercises

## A checkerboard {#checkerboard}

Write `checkerboard(n, m)`.

??? success "Solution"

    ```python
    print("solved")
    ```

## Another {#another}

??? success "Solution"

    Just this.
"""


def test_split_solutions_takes_the_folded_blocks_out():
    page, found = Q.split_solutions(EXERCISES_PAGE, "See the end of the part.")
    assert "???" not in page and page.count("See the end of the part.") == 2
    assert found == [
        ("A checkerboard", "checkerboard", '```python\nprint("solved")\n```'),
        ("Another", "another", "Just this."),
    ]


def test_the_book_ends_each_part_with_all_its_answers(tmp_path):
    """In the print build, the part's last practice page (in nav order) ends with the
    exercises' solutions and the quiz's answers; the other page keeps none of them."""
    docs = tmp_path / "docs"
    (docs / "tensors").mkdir(parents=True)
    (docs / "tensors" / "exercises.md").write_text(EXERCISES_PAGE, "utf-8")
    (docs / "tensors" / "questions.md").write_text("# Quiz\n\n<!-- questions -->\n", "utf-8")
    catalog = [
        {"id": "tensors/checkerboard", "part": "tensors", "topic": "tensors/creation.md",
         "title_zh": "棋盘格", "title_en": "A checkerboard", "page": "tensors/exercises.md",
         "anchor": "checkerboard"},
    ]  # fmt: skip
    for order in (["questions.md", "exercises.md"], ["exercises.md", "questions.md"]):
        nav = [{"Tensors": [f"tensors/{name}" for name in order]}]
        site = Q.SiteQuestions(ROOT, "en", docs, nav, book=True)
        site.catalog = catalog
        pages = {"tensors/exercises.md", "tensors/questions.md"}
        out = {
            name: site.page_markdown(
                (docs / "tensors" / name).read_text(), f"tensors/{name}", pages
            )  # fmt: skip
            for name in order
        }
        first, last = out[order[0]], out[order[1]]
        assert "## Answers and explanations" not in first and "???" not in out["exercises.md"]
        assert last.count("## Answers and explanations") == 1
        ends = last[last.index("## Answers and explanations") :]
        assert "### Exercises: reference solutions" in ends and 'print("solved")' in ends
        assert "### Quiz answers" in ends and "The right choice is" in ends
        assert "<details" not in out["questions.md"]
