"""Facts behind docs/*/vision/models.md, asserted on the snippet's own variables."""

import os
import socket

import pytest

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("vision/models")


def test_parameter_counts(ns):
    assert ns["weights"].meta["num_params"] == 6_624_904
    assert ns["trainable"] == 1024 * 5 + 5
    assert ns["total"] == 6_624_904 - (1024 * 1000 + 1000) + ns["trainable"]


def test_backbone_frozen_head_trainable(ns):
    model = ns["model"]
    backbone = [p for name, p in model.named_parameters() if not name.startswith("fc.")]
    assert backbone and not any(p.requires_grad for p in backbone)
    assert model.fc.weight.requires_grad and model.fc.out_features == 5


def test_forward_shapes(ns):
    assert ns["batch"].shape == (2, 3, 224, 224)
    assert ns["logits"].shape == (2, 1000)


def test_weights_transforms_do_not_touch_the_network(ns, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("building the transforms must not download anything")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    out = ns["GoogLeNet_Weights"].DEFAULT.transforms()(ns["photos"][0])
    assert out.shape == (3, 224, 224)


def test_hub_dir_follows_torch_home_and_restores_the_environment(ns, tmp_path):
    before = os.environ.get("TORCH_HOME")
    assert ns["hub_dir_with"](TORCH_HOME=str(tmp_path)) == tmp_path / "hub"
    assert os.environ.get("TORCH_HOME") == before


def test_hub_dir_default_follows_xdg_cache_home(ns, tmp_path):
    got = ns["hub_dir_with"](TORCH_HOME=None, XDG_CACHE_HOME=str(tmp_path))
    assert got == tmp_path / "torch" / "hub"  # not ~/.cache/torch/hub
    en = " ".join((fieldguide.ROOT / "docs/en/vision/models.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/vision/models.md").read_text("utf-8").split())
    assert "defaults to `~/.cache/torch/hub`; the environment" not in en
    assert "(`$XDG_CACHE_HOME/torch/hub` where `XDG_CACHE_HOME` is set" in en
    assert "设置了环境变量`XDG_CACHE_HOME`时是`$XDG_CACHE_HOME/torch/hub`" in zh


def test_old_pretrained_argument_warns_twice(ns):
    assert len(ns["caught"]) == 2
    assert all(issubclass(w.category, UserWarning) for w in ns["caught"])
    assert "weights=None" in str(ns["caught"][1].message)
    assert ns["old"].fc.out_features == 1000


def _buffers(model):
    return {name: b.clone() for name, b in model.named_buffers()}


def test_frozen_backbone_in_eval_keeps_its_batchnorm_statistics(ns):
    import torch

    model, batch = ns["model"], ns["batch"]
    assert ns["bn"].running_mean is model.conv1.bn.running_mean
    before = _buffers(model)
    ns["train_head_only"](model)
    assert model.fc.training and model.dropout.training and not model.conv1.bn.training
    model(batch)
    after = _buffers(model)
    assert all(torch.equal(before[name], after[name]) for name in before)
    # requires_grad_(False) alone is not enough: in train() the buffers move
    model.train()
    with torch.no_grad():
        model(batch)
    moved = _buffers(model)
    assert not torch.equal(moved["conv1.bn.running_mean"], before["conv1.bn.running_mean"])
    assert moved["conv1.bn.num_batches_tracked"] == before["conv1.bn.num_batches_tracked"] + 1
    assert all(not p.requires_grad for n, p in model.named_parameters() if not n.startswith("fc."))
    model.eval()
