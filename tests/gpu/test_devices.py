"""Facts behind docs/*/gpu/devices.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("gpu/devices")


def test_device_follows_what_is_available(ns):
    expected = "cpu" if ns["usable"] is None else ns["usable"].type
    assert ns["device"].type == expected
    assert (ns["usable"] is None) != torch.accelerator.is_available()


def test_to_copies_and_leaves_the_original(ns):
    x, back = ns["x"], ns["back"]
    assert x.device.type == "cpu" and x.dtype == torch.float32
    assert back.dtype == torch.float64 and back.device.type == "cpu"
    assert torch.equal(back, x.double())
    assert ns["x_dev"].device.type == ns["device"].type


def test_like_tensors_live_on_the_device(ns):
    for name in ("zeros", "ones", "noise"):
        assert ns[name].device.type == ns["device"].type and ns[name].shape == (2, 3)
    assert ns["total"] == 21.0


def test_module_to_is_in_place(ns):
    assert ns["moved"] is ns["model"]
    assert {p.device.type for p in ns["model"].parameters()} == {ns["device"].type}
    assert ns["out"].shape == (2, 2)


def test_numpy_needs_detach_and_cpu(ns):
    arr = ns["arr"]
    assert isinstance(arr, np.ndarray) and arr.shape == (2, 2) and arr.dtype == np.float32
    np.testing.assert_allclose(arr, ns["out"].detach().cpu().numpy())
    with pytest.raises(RuntimeError, match="requires grad"):
        ns["w"].numpy()


def test_tf32_setting_is_put_back(ns):
    # The page changes a process-wide setting for one matmul only.
    assert ns["saved"] == "none"
    assert torch.backends.cuda.matmul.fp32_precision == "none"
    assert torch.get_float32_matmul_precision() == "highest"  # readable again
    torch.testing.assert_close(ns["gram"], ns["x_dev"] @ ns["x_dev"].T)
