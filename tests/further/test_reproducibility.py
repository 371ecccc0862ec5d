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
