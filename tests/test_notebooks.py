"""Notebooks: stored in docs/ with outputs, built from notebooks/ + snippets/, executed here."""

import contextlib
import io

import nbformat
import pytest

import fieldguide

SOURCES = fieldguide.notebook_sources()


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: fieldguide.rel(p))
def test_notebook_is_up_to_date(source):
    stored = nbformat.read(fieldguide.notebook_target(source), as_version=4)
    fresh = fieldguide.build_notebook(source)
    assert [(c.cell_type, c.source) for c in stored.cells] == [
        (c.cell_type, c.source) for c in fresh.cells
    ], f"{fieldguide.rel(source)} changed: run `nox -s notebooks`"
    assert stored.metadata["fieldguide"] == fresh.metadata["fieldguide"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: fieldguide.rel(p))
def test_notebook_cells_run_and_match_stored_outputs(source, tmp_path):
    stored = nbformat.read(fieldguide.notebook_target(source), as_version=4)
    namespace = {"__name__": "__main__"}
    code_cells = [c for c in stored.cells if c.cell_type == "code"]
    assert code_cells
    with fieldguide.working_directory(tmp_path), fieldguide.argv(str(source)):
        for number, cell in enumerate(code_cells, start=1):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(cell.source, f"{source.name} cell {number}", "exec"), namespace)
            assert out.getvalue() == fieldguide.stream_text(cell), f"cell {number}"
    images = [o for c in code_cells for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, "a notebook page shows at least one plot"


def test_every_notebook_has_a_source():
    stored = {
        p for lang in fieldguide.LANGS for p in fieldguide.pages(lang=lang, suffixes=(".ipynb",))
    }
    assert stored == {fieldguide.notebook_target(s) for s in SOURCES}
