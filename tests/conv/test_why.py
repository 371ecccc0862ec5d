"""Facts behind docs/*/conv/why.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("conv/why")


def test_parameter_counts(ns):
    n = ns["n_params"]
    assert n(ns["fc_small"]) == 1024 * 1024 + 1024
    assert n(ns["conv_small"]) == 10
    assert n(ns["conv_big"]) == 1792
    assert ns["fc_big"].weight.is_meta


def test_one_output_sees_a_3x3_window(ns):
    mask = ns["depends_on"]
    assert mask.sum().item() == 9
    assert mask[2:5, 2:5].all()


def test_equivariance_and_pooling(ns):
    assert torch.equal(ns["out_shifted"], torch.roll(ns["out"], (5, 6), (2, 3)))
    changes = ns["changes"]
    assert changes[1][0] > 0 and changes[1][1] == 0  # conv moved, pooled map did not
    assert changes[3][1] > 0  # crossing a pooling window border does change it
    assert all(same for _, _, same in changes.values())


def test_few_parameters_do_not_mean_little_computation(ns):
    # The page: 1,792 parameters, but each is used at all 224x224 positions: ~87 million
    # multiply-adds, still ~5,600 times fewer than the fully-connected layer's 483 billion.
    conv = ns["conv_big"]
    madds = conv.weight[0].numel() * conv.out_channels * 224 * 224
    assert madds == 86_704_128 and round(madds / 1e6) == 87
    assert ns["fc_big"].weight.numel() // madds == 5575
    en = " ".join((fieldguide.ROOT / "docs/en/conv/why.md").read_text("utf-8").split())
    assert "mean less memory, faster computation" not in en
    assert "cost about 87 million multiply-adds per image" in en


def test_global_pooling_ignores_the_circular_shifts(ns):
    from torchvision.models import resnet18

    base, edge_map, img = ns["base"], ns["edge_map"], ns["img"]
    for shift in (1, 2, 3, 7):
        moved = edge_map(torch.roll(img, shifts=shift, dims=3))
        assert torch.equal(base.amax(), moved.amax())
        assert torch.allclose(base.mean(), moved.mean())
    # torchvision's ResNet ends with global average pooling, not max pooling.
    pool = resnet18().avgpool
    assert isinstance(pool, torch.nn.AdaptiveAvgPool2d) and pool.output_size == (1, 1)
