"""Facts behind docs/*/workflows/saving.md, asserted on the snippet's own variables."""

import pickle

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("workflows/saving")


def test_state_dict_keys(ns):
    keys = list(ns["restored"].state_dict())
    assert keys == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_round_trip_gives_equal_outputs(ns):
    x = torch.randn(5, 4)
    with torch.no_grad():
        assert torch.equal(ns["whole"](x), ns["restored"](x))


def test_whole_model_refused_by_default(ns):
    assert isinstance(ns["error"], pickle.UnpicklingError)
    assert "Sequential" in str(ns["error"])


def test_loading_untrusted_pickle_ran_code(ns, tmp_path):
    # The snippet ran in its own directory; replay the safe path here.
    path = tmp_path / "p.pt"
    torch.save({"extra": ns["Payload"]()}, path)
    with pytest.raises(pickle.UnpicklingError, match="makedirs"):
        torch.load(path)


def test_map_location_gives_cpu_tensors(ns):
    assert all(t.device.type == "cpu" for t in ns["state"].values())


def test_checkpoint_contents(ns):
    ckpt = ns["checkpoint"]
    assert set(ckpt) == {"epoch", "model_state_dict", "optimizer_state_dict", "loss"}
    assert ckpt["epoch"] == 2 and isinstance(ckpt["loss"], float)
    opt_state = ckpt["optimizer_state_dict"]
    assert set(opt_state) == {"state", "param_groups"}
    assert opt_state["param_groups"][0]["lr"] == 0.01
    assert all(set(s) == {"step", "exp_avg", "exp_avg_sq"} for s in opt_state["state"].values())
    assert len(opt_state["state"]) == 4  # one entry per parameter tensor


def test_resumed_model_equals_original(ns):
    for a, b in zip(ns["model"].parameters(), ns["resumed"].parameters(), strict=True):
        assert torch.equal(a, b)
