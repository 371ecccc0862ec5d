"""Facts behind docs/*/toolbox/matplotlib.md, asserted on the snippet's own variables."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("toolbox/plotting")


def test_every_figure_was_closed(ns):
    assert plt.fignum_exists(ns["fig"].number) is False


def test_loss_curves_go_down(ns):
    assert ns["train_loss"].shape == (20,) and ns["train_loss"][-1] < ns["train_loss"][0]
    assert (ns["val_loss"] > ns["train_loss"]).all()


def test_image_is_chw_and_permute_makes_hwc(ns):
    image, hwc = ns["image"], ns["hwc"]
    assert image.shape == (3, 32, 48) and hwc.shape == (32, 48, 3)
    assert torch.equal(hwc[..., 0], image[0]) and torch.equal(hwc[5, 7], image[:, 5, 7])


def test_imshow_rejects_chw():
    fig, ax = plt.subplots()
    with pytest.raises(TypeError, match="Invalid shape"):
        ax.imshow(np.zeros((3, 4, 5)))
    plt.close(fig)


def test_subplots_give_an_array_of_axes(ns):
    assert ns["axes"].shape == (2,)
