"""Facts behind docs/*/toolbox/numpy.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("toolbox/numpy_arrays")


def test_asarray_dtype_and_no_copy(ns):
    a = ns["a"]
    assert a.dtype == np.float32 and a.shape == (2, 2)
    assert np.asarray(a) is a


def test_attributes_and_torch_size_differ(ns):
    m, t = ns["m"], ns["t"]
    assert (m.ndim, m.shape, m.size) == (2, (3, 4), 12)
    assert t.size() == (3, 4) and t.numel() == m.size


def test_axis_disappears_from_the_shape(ns):
    x = ns["x"]
    assert x.shape == (2, 3)
    assert ns["col_sums"].tolist() == [5, 7, 9] and ns["col_sums"].shape == (3,)
    assert ns["row_sums"].tolist() == [6, 15] and ns["row_sums"].shape == (2,)
    assert x.sum(axis=0, keepdims=True).shape == (1, 3)
    rows = x / x.sum(axis=1, keepdims=True)
    assert np.allclose(rows.sum(axis=1), 1.0)


def test_argmax_and_argsort(ns):
    probs, scores = ns["probs"], ns["scores"]
    assert np.argmax(probs, axis=1).tolist() == [1, 0, 3]
    assert (ns["row"], ns["col"]) == (1, 0) and probs[ns["row"], ns["col"]] == probs.max()
    assert ns["order"].tolist() == [2, 0, 3, 1]
    assert np.all(np.diff(scores[ns["order"]]) > 0)


def test_torch_dim_matches_numpy_axis(ns):
    p = ns["p"]
    assert torch.equal(p.argmax(dim=1), torch.from_numpy(np.argmax(ns["probs"], axis=1)))
    assert torch.equal(ns["indices"], p.argmax(dim=1))
    assert torch.allclose(p.sum(dim=0), torch.from_numpy(ns["probs"].sum(axis=0)))


def test_arange_excludes_the_end_only_for_integer_steps():
    # The page's rule holds for integer steps ...
    assert np.arange(0, 10, 3).tolist() == [0, 3, 6, 9]
    assert torch.arange(0, 10, 3).tolist() == [0, 3, 6, 9]
    # ... and breaks for a float step: the end 1.3 is in, in NumPy and in torch.
    assert len(np.arange(1, 1.3, 0.1)) == 4 and np.isclose(np.arange(1, 1.3, 0.1)[-1], 1.3)
    assert torch.arange(1, 1.3, 0.1).numel() == 4
    assert np.linspace(1, 1.3, num=4)[-1] == 1.3
