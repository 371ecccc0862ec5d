"""Facts behind docs/*/vision/normalize.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("vision/normalize")


def test_formula_per_channel(ns):
    x, y = ns["x"], ns["y"]
    for c, (m, s) in enumerate(zip(ns["mean"], ns["std"], strict=True)):
        assert torch.allclose(y[c], (x[c] - m) / s)


def test_half_maps_unit_interval_to_minus_one_one(ns):
    assert ns["y_half"].min().item() == -1.0 and ns["y_half"].max().item() == 1.0


def test_own_statistics_standardize(ns):
    z = ns["z"]
    assert torch.allclose(z.mean(dim=(1, 2)), torch.zeros(3), atol=1e-5)
    assert torch.allclose(z.std(dim=(1, 2)), torch.ones(3), atol=1e-5)


def test_inplace_and_undo(ns):
    assert torch.allclose(ns["a"], ns["y"])  # a was overwritten in place
    assert torch.allclose(ns["restored"], ns["x"], atol=1e-6)


def test_compose_output_and_order(ns):
    out = ns["batch_item"]
    assert out.shape == (3, 64, 64)
    assert out.min().item() >= -1.0 and out.max().item() <= 1.0
    assert ns["p"].shape == ns["q"].shape and not torch.equal(ns["p"], ns["q"])
    with pytest.raises(TypeError):
        ns["wrong"](ns["img"])


def test_half_normalize_maps_the_unit_interval_whatever_the_input():
    import yaml
    from torchvision import transforms

    half = transforms.Normalize([0.5], [0.5])
    assert half(torch.tensor([[[0.0, 1.0]]])).tolist() == [[[-1.0, 1.0]]]
    assert half(torch.tensor([[[255.0]]])).item() == 509.0  # raw pixels: far outside [-1, 1]
    questions = yaml.safe_load((fieldguide.ROOT / "questions/vision.yml").read_text("utf-8"))
    (q,) = [q for q in questions if q["id"] == "compose-order"]
    en = " ".join(q["explain"]["en"].split())
    assert "maps `[0, 1]` to `[−1, 1]`; on input not divided by 255" in en
    assert "前提是" not in q["explain"]["zh"]
