"""Each snippet module runs on its own, as ``python snippets/<part>/<topic>.py`` would:
as ``__main__``, from an empty directory, printing exactly its ``#>`` comments."""

import pytest

import fieldguide


@pytest.mark.parametrize("module", fieldguide.snippet_modules(), ids=lambda p: fieldguide.rel(p))
def test_snippet_runs_alone(module, tmp_path):
    fieldguide.check_snippet(module, tmp_path)


def test_there_are_snippets():
    assert fieldguide.snippet_modules()
