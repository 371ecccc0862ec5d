"""Facts behind docs/*/further/reproducibility.md, asserted on the snippet's variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("further/reproducibility")


def test_seed_restarts_the_sequence(ns):
    assert torch.equal(ns["first"], ns["again"])
    torch.manual_seed(0)
    assert torch.equal(torch.rand(3), ns["first"])


def test_generator_ignores_the_global_stream(ns):
    g = torch.Generator().manual_seed(42)
    assert torch.equal(torch.cat([ns["a"], ns["b"]]), torch.rand(4, generator=g))


def test_deterministic_mode_was_restored(ns):
    assert torch.isnan(ns["filled"]).all()
    assert ns["before"] == (False, False)
    assert torch.are_deterministic_algorithms_enabled() is False


def test_worker_seeds(ns):
    run1 = ns["run1"]
    assert run1 == ns["run2"]
    assert [w for w, _, _ in run1] == [0, 0, 1, 1]  # batch 0 from worker 0, batch 1 from 1
    # The two workers draw different numbers: each got its own seed.
    assert run1[0][1:] != run1[2][1:]
    assert run1 != ns["draw"](1)


def test_last_digits(ns):
    results = ns["results"]
    assert results["default kernels"]["kernels"] == "DEFAULT"
    means = [r[n][0] for r in results.values() for n in ("1", "4")]
    tops = [r[n][1] for r in results.values() for n in ("1", "4")]
    # Different kernels and thread counts may move the last digits, nothing more.
    assert max(means) - min(means) < 1e-5
    assert max(tops) / min(tops) - 1 < 1e-4
    assert abs(means[0] - 0.5) < 1e-3  # a million uniform numbers average about 1/2


def squeezed(text):
    return " ".join(text.split())


# How torch.use_deterministic_algorithms' docstring lists the page's examples among the
# "normally-nondeterministic operations": index_add_ and scatter_add_ themselves, and the
# backward (differentiating) of index_select and gather.
DOCSTRING_ROWS = (
    ":func:`torch.index_add` when called on CUDA tensor",
    ":func:`torch.Tensor.scatter_add_` when called on a CUDA tensor",
    ":func:`torch.index_select` when attempting to differentiate a CUDA tensor",
    ":func:`torch.gather` when called on a CUDA tensor that requires grad",
)


def test_nondeterministic_examples_as_the_docstring_lists_them():
    doc = squeezed(torch.use_deterministic_algorithms.__doc__)
    normally_nondeterministic = doc.split("normally-nondeterministic operations")[1]
    for row in DOCSTRING_ROWS:
        assert row in normally_nondeterministic, row
    en, zh = (
        squeezed((fieldguide.ROOT / "docs" / lang / "further" / "reproducibility.md").read_text())
        for lang in ("en", "zh")
    )
    # The forward of index_add_/scatter_add_, the backward of index_select/gather.
    assert "`index_add_` and `scatter_add_` themselves (their forward pass)" in en
    assert "the backward of `index_select` and `gather`" in en
    assert "backward of `index_add_`" not in en
    zh = zh.replace(" ", "")
    assert "`index_add_`、`scatter_add_`本身（前向计算）" in zh
    assert "`index_select`、`gather`的反向传播" in zh
    assert "`scatter_add_`的反向传播" not in zh
