"""Each snippet module runs on its own, as ``python snippets/<part>/<topic>.py`` would:
as ``__main__``, from an empty directory, printing exactly its ``#>`` comments and
writing the figures it declares. Each also has tests/<part>/test_<topic>.py."""

import pytest

import fieldguide


def _param(module):
    marks = [pytest.mark.gpu] if fieldguide.needs_cuda(module) else []
    return pytest.param(module, marks=marks, id=fieldguide.rel(module))


@pytest.mark.parametrize("module", [_param(m) for m in fieldguide.snippet_modules()])
def test_snippet_runs_alone(module):
    name = module.relative_to(fieldguide.ROOT / "snippets").with_suffix("").as_posix()
    namespace = fieldguide.snippet_namespace(name)  # raises unless the checked run passes
    # Modules marked `# run: subprocess` run in their own interpreter: no namespace here.
    assert namespace or fieldguide.SUBPROCESS_MODULE_RE.search(module.read_text("utf-8"))


@pytest.mark.parametrize("module", fieldguide.snippet_modules(), ids=lambda p: fieldguide.rel(p))
def test_snippet_has_a_topic_test(module):
    part, topic = module.relative_to(fieldguide.ROOT / "snippets").parts
    test = fieldguide.ROOT / "tests" / part / f"test_{topic}"
    assert test.exists(), f"{fieldguide.rel(module)}: add {fieldguide.rel(test)}"


def test_there_are_snippets():
    assert fieldguide.snippet_modules()
