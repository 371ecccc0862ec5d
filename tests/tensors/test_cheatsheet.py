"""The cheat-sheet tables and the snippet's checked rows cannot drift apart.

Every table row on both pages must show, cell for cell, the torch form and the NumPy twin of
one entry of `rows` in snippets/tensors/cheatsheet.py (whose module run compares them), and
every entry must appear on both pages, in the same order.
"""

import ast
import re

import numpy as np
import pytest
import torch

import fieldguide

SNIPPET = fieldguide.ROOT / "snippets" / "tensors" / "cheatsheet.py"
PAGES = [fieldguide.ROOT / "docs" / lang / "tensors" / "cheatsheet.md" for lang in fieldguide.LANGS]
CODE_CELL = re.compile(r"`([^`]+)`")


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/cheatsheet")


def checked_rows() -> dict[tuple[str, str], str]:
    """(torch source, NumPy source) -> name, read from the `rows = [...]` literal."""
    source = SNIPPET.read_text("utf-8")
    for node in ast.parse(source).body:
        targets = [getattr(t, "id", None) for t in getattr(node, "targets", [])]
        if isinstance(node, ast.Assign) and targets == ["rows"]:
            found = {}
            for entry in node.value.elts:
                name, ours, theirs = entry.elts
                key = (ast.get_source_segment(source, ours), ast.get_source_segment(source, theirs))
                assert key not in found, f"row {name.value!r} repeats {key}"
                found[key] = name.value
            return found
    raise AssertionError("snippets/tensors/cheatsheet.py has no `rows = [...]` list")


def table_rows(page) -> list[tuple[int, tuple[str, str]]]:
    """(line, (torch cell, NumPy cell)) for every body row of every table on the page."""
    found = []
    lines = page.read_text("utf-8").splitlines()
    separator = [line.startswith("|") and set(line) <= set("|-: ") for line in lines]
    for number, line in enumerate(lines, 1):
        if not line.startswith("|") or separator[number - 1]:
            continue
        if number < len(lines) and separator[number]:
            continue  # a header row: the next line is the separator
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 3, f"{page}:{number}: expected 3 cells, got {cells}"
        codes = [CODE_CELL.fullmatch(c) for c in cells[1:]]
        assert all(codes), f"{page}:{number}: torch and NumPy cells must be `code`: {cells}"
        found.append((number, (codes[0][1], codes[1][1])))
    return found


def test_snippet_rows_match_their_source(ns):
    names = [name for name, _, _ in ns["rows"]]
    assert names == list(checked_rows().values())
    assert len(names) >= 40


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.parent.name)
def test_every_table_row_is_checked(page):
    checked = checked_rows()
    rows = table_rows(page)
    assert rows, f"{page} has no table rows"
    unknown = [f"{page.name}:{n}: {pair}" for n, pair in rows if pair not in checked]
    assert not unknown, "table rows the snippet does not check:\n" + "\n".join(unknown)
    shown = [pair for _, pair in rows]
    missing = [checked[pair] for pair in checked if pair not in shown]
    assert not missing, f"checked rows missing from {page}: {missing}"
    assert len(shown) == len(set(shown)), f"{page} shows a row twice"


def test_both_languages_show_the_same_rows_in_the_same_order():
    zh, en = ([pair for _, pair in table_rows(page)] for page in PAGES)
    assert zh == en


def test_the_checker_can_fail(ns):
    assert_same = ns["assert_same"]
    with pytest.raises(AssertionError):
        assert_same(torch.zeros(2), np.zeros(2), "dtype")  # float32 against float64
    with pytest.raises(AssertionError):
        assert_same(torch.zeros(2, 1), np.zeros(2, dtype=np.float32), "shape")
    with pytest.raises(AssertionError):
        assert_same(torch.ones(2).std(), np.ones(2, dtype=np.float32).std() + 1, "value")
    with pytest.raises(AssertionError):
        assert_same(torch.ones(4).chunk(2), np.split(np.ones(4, dtype=np.float32), 4), "pieces")
    with pytest.raises(AssertionError):
        assert_same(torch.ones(3).numel(), 3.0, "type")


def test_the_traps_shown_on_the_page(ns):
    assert ns["x64"].dtype == torch.float64
    assert ns["values"].tolist() == [3.0, 7.0, 11.0] and ns["indices"].tolist() == [3, 3, 3]
    t, a = ns["t"], ns["a"]
    assert not np.allclose(t.std(dim=0).numpy(), a.std(axis=0))
    assert t.size() == a.shape and a.size == t.numel()
