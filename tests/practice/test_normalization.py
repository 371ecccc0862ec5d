"""Facts behind docs/*/practice/normalization.md, one test per fact."""

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/normalization")


def test_same_input_different_output_in_train_and_eval(ns):
    assert not torch.allclose(ns["out_train"], ns["out_eval"])


def test_running_stats_move_only_in_train_mode():
    torch.manual_seed(0)
    bn = nn.BatchNorm1d(4)
    x = torch.randn(16, 4) + 3
    bn.eval()
    bn(x)
    assert torch.equal(bn.running_mean, torch.zeros(4)) and bn.num_batches_tracked == 0
    bn.train()
    bn(x)
    assert torch.allclose(bn.running_mean, 0.1 * x.mean(0)) and bn.num_batches_tracked == 1


def test_requires_grad_false_does_not_freeze_buffers(ns):
    frozen = ns["frozen"]
    assert not any(p.requires_grad for p in frozen.parameters())
    assert frozen.running_mean.abs().sum() > 0  # moved while in train mode
    assert not frozen.training


def test_batch_of_one_is_refused_in_train_mode_only():
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        bn.train()(torch.randn(1, 3))
    assert bn.eval()(torch.randn(1, 3)).shape == (1, 3)


def test_batchnorm2d_accepts_one_image_in_train_mode():
    # One image has H * W values per channel: enough for a variance, so no error.
    out = nn.BatchNorm2d(3).train()(torch.randn(1, 3, 4, 4, dtype=torch.float64).float())
    assert out.shape == (1, 3, 4, 4)
    assert out.mean(dim=(0, 2, 3)).abs().max() < 1e-5  # normalised over that one image
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        nn.BatchNorm2d(3).train()(torch.randn(1, 3, 1, 1))


def test_batchnorm2d_normalises_per_channel(ns):
    out = ns["out"]
    assert torch.allclose(out.mean(dim=(0, 2, 3)), torch.zeros(2, dtype=out.dtype), atol=1e-12)
    assert ns["bn2d"].running_mean.shape == (2,)


def test_layernorm_has_no_running_stats_and_ignores_mode(ns):
    ln = ns["ln"]
    assert list(ln.buffers()) == []
    assert torch.equal(ns["ln_train"], ns["ln_eval"])
    rows = ns["ln_train"]
    assert torch.allclose(rows.mean(dim=1), torch.zeros(len(rows), dtype=rows.dtype), atol=1e-12)
    variances = rows.var(dim=1, unbiased=False)
    assert torch.allclose(variances, torch.ones(len(rows), dtype=rows.dtype), atol=1e-4)
