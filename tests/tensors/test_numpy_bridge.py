"""Facts behind docs/*/tensors/numpy_bridge.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/numpy_bridge")


def test_item_and_tolist_give_python_numbers(ns):
    assert type(ns["value"]) is float and ns["value"] == 0.25
    assert ns["as_list"] == [[1, 2], [3, 4]] and type(ns["as_list"][0][0]) is int


def test_numpy_shares_memory_with_tensor(ns):
    ns["t"][1] = -7.0
    assert ns["arr"][1] == -7.0
    assert np.shares_memory(ns["arr"], ns["t"].numpy())
    ns["t"][1] = 2.0


def test_from_numpy_sharing_ends_with_new_objects(ns):
    assert ns["tt"].dtype == torch.float64
    assert ns["tt"].tolist() == [2.0, 4.0, -1.0]
    assert ns["src"].tolist() == [102.0, 104.0, 99.0]


def test_grad_tensor_needs_detach(ns):
    with pytest.raises(RuntimeError, match="requires grad"):
        ns["w"].numpy()
    assert ns["w_np"].tolist() == [1.0, 2.0]


def test_as_tensor_shares_only_when_it_can(ns):
    assert ns["shared"][0].item() == 99.0
    assert ns["copied"][0].item() == 1.0 and ns["copied"].dtype == torch.float64
    assert ns["always_copied"][0].item() == 1.0
