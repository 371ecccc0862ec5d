"""Facts behind docs/*/conv/groups.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("conv/groups")


def test_groups_split_channels(ns):
    assert ns["grouped"].weight.shape == (8, 2, 3, 3)
    assert torch.equal(ns["y"][:, :4], ns["y_changed"][:, :4])
    assert not torch.equal(ns["y"][:, 4:], ns["y_changed"][:, 4:])


def test_separable_matches_standard_shape(ns):
    assert ns["out_standard"].shape == ns["out_separable"].shape == (2, 64, 56, 56)
    assert ns["depthwise"].groups == 32 and ns["pointwise"].kernel_size == (1, 1)


def test_counts(ns):
    assert ns["params_standard"] == 64 * 32 * 9
    assert ns["params_separable"] == 32 * 9 + 64 * 32
    assert ns["madds_standard"] == 56 * 56 * 64 * 32 * 9
    assert ns["madds_separable"] == 56 * 56 * 32 * (9 + 64)
    assert ns["ratio"] == pytest.approx(1 / 64 + 1 / 9)


def test_separable_saving_depends_on_output_channels(ns):
    from torch import nn

    x = torch.randn(1, 32, 14, 14)

    def ratio(n):
        standard = nn.Conv2d(32, n, 3, padding=1, bias=False)
        dw = nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False)
        pw = nn.Conv2d(32, n, 1, bias=False)
        with torch.no_grad():
            mid = dw(x)
            cost = ns["mult_adds"](dw, mid) + ns["mult_adds"](pw, pw(mid))
            return cost / ns["mult_adds"](standard, standard(x))

    assert 1 / 9 < ratio(64) < 1 / 7.5 and 1 / 9 < ratio(512) < 1 / 8.8
    assert abs(ratio(8) - (1 / 8 + 1 / 9)) < 1e-12 and ratio(8) > 0.23  # about a quarter
    en = " ".join((fieldguide.ROOT / "docs/en/conv/groups.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/conv/groups.md").read_text("utf-8").split())
    assert "With 3×3 kernels the work drops to roughly an eighth or a ninth." not in en
    assert "about a quarter of the work remains for n = 8" in en
    assert "3×3卷积核时，计算量" not in zh and "n=8时仍剩下约1/4" in zh


def test_groups_divide_the_weight_not_the_bias():
    from torch import nn

    plain, grouped = nn.Conv2d(4, 8, 3), nn.Conv2d(4, 8, 3, groups=2)
    assert plain.weight.numel() == 2 * grouped.weight.numel()
    assert plain.bias.numel() == grouped.bias.numel() == 8
    assert sum(p.numel() for p in grouped.parameters()) == 152 != 296 // 2
    en = " ".join((fieldguide.ROOT / "docs/en/conv/groups.md").read_text("utf-8").split())
    assert "and there are g times fewer parameters" not in en
    assert "the bias, one value per output channel, stays the same size" in en


def test_an_eighth_needs_64_or_more_output_channels():
    # The page: with 64 or more output channels the work drops to about 1/8-1/9; 32 gives 1/7.
    def saving(n):
        return 1 / (1 / n + 1 / 9)

    assert round(saving(64), 1) == 7.9 and round(saving(256), 1) == 8.7
    assert round(saving(32)) == 7 and saving(72) == pytest.approx(8)
    en = " ".join((fieldguide.ROOT / "docs/en/conv/groups.md").read_text("utf-8").split())
    assert "the dozens or hundreds of output channels" not in en
    assert "(1/7.9 for n = 64, 1/8.7 for n = 256)" in en
