"""Facts behind docs/*/workflows/saving.md, asserted on the snippet's own variables."""

import copy
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


def _dropout_run(steps, rng_state=None, net_state=None, opt_state=None):
    """Train a small dropout net on shuffled batches; optionally start from saved states."""
    from torch import nn, optim
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(0)
    data = TensorDataset(torch.randn(32, 4), torch.randint(0, 3, (32,)))
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 3))
    opt = optim.Adam(net.parameters(), lr=0.01)
    gen = torch.Generator().manual_seed(1)
    if net_state is not None:
        net.load_state_dict(net_state)
        opt.load_state_dict(opt_state)
    if rng_state is not None:
        torch.set_rng_state(rng_state["torch"])
        gen.set_state(rng_state["loader"])
    for _ in range(steps):
        for xb, yb in DataLoader(data, batch_size=8, shuffle=True, generator=gen):
            opt.zero_grad()
            nn.functional.cross_entropy(net(xb), yb).backward()
            opt.step()
    rng = {"torch": torch.get_rng_state(), "loader": gen.get_state()}
    return net, opt, rng


def test_exact_resume_needs_the_random_states_too():
    full, _, _ = _dropout_run(steps=2)
    half, opt, rng = _dropout_run(steps=1)
    # deep copies: a loaded optimiser state shares tensors with the dict it came from
    states = copy.deepcopy((half.state_dict(), opt.state_dict()))
    # model and optimiser only: dropout masks and shuffle order start over, the run differs
    without, _, _ = _dropout_run(1, None, *copy.deepcopy(states))
    assert not torch.equal(without[0].weight, full[0].weight)
    # with the global RNG state and the loader's generator state it is bit for bit the same
    with_rng, _, _ = _dropout_run(1, rng, *copy.deepcopy(states))
    for a, b in zip(with_rng.parameters(), full.parameters(), strict=True):
        assert torch.equal(a, b)
