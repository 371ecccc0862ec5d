"""Notebooks: stored in docs/ with outputs, built from notebooks/ + snippets/, executed here."""

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
def test_notebook_cells_run_and_match_stored_outputs(source):
    """Each cell prints what its `#>`/`#~` comments say (the output rule), and the output
    stored in the notebook is one such run: same lines and words, numbers free."""
    stored = nbformat.read(fieldguide.notebook_target(source), as_version=4)
    code_cells = [c for c in stored.cells if c.cell_type == "code"]
    assert code_cells
    # Both languages run the same cells: the second reuses the first's run.
    ex = fieldguide.executions.notebook_execution(source, [c.source for c in code_cells])
    for number, (cell, outcome) in enumerate(zip(code_cells, ex.outcomes, strict=True), 1):
        where = f"{fieldguide.rel(source)} cell {number}"
        if outcome.error is not None:
            raise outcome.error
        assert outcome.printed is not None, f"{where}: not run, an earlier cell failed"
        try:
            fieldguide.check_output(cell.source, outcome.printed, where)
        except fieldguide.OutputMismatch as exc:
            if fieldguide.drift.tolerate(exc):  # other versions: drift, recorded
                continue
            raise
        fresh = [line for key in sorted(outcome.printed) for line in outcome.printed[key]]
        shown = [fieldguide.Shown(line, example=True) for line in stored_lines(cell)]
        assert fieldguide.lines_match(shown, fresh), (
            f"{where}: stored output is stale: run `nox -s notebooks`"
        )
    images = [o for c in code_cells for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, "a notebook page shows at least one plot"


def stored_lines(cell) -> list[str]:
    return [line.rstrip() for line in fieldguide.stream_text(cell).splitlines()]


def test_every_notebook_has_a_source():
    stored = {
        p for lang in fieldguide.LANGS for p in fieldguide.pages(lang=lang, suffixes=(".ipynb",))
    }
    assert stored == {fieldguide.notebook_target(s) for s in SOURCES}
