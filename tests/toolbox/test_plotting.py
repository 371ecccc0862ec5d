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


def test_imshow_takes_one_channel_last_as_a_grey_image():
    fig, ax = plt.subplots()
    shown = ax.imshow(np.zeros((4, 5, 1)))  # squeezed to (4, 5): a colour-mapped image
    assert shown.get_array().shape == (4, 5)
    with pytest.raises(TypeError, match="Invalid shape"):
        ax.imshow(np.zeros((4, 5, 2)))
    plt.close(fig)


def test_show_under_agg_warns_unless_linux_has_no_display(monkeypatch):
    import sys
    import warnings

    fig, _ = plt.subplots()
    try:
        monkeypatch.setattr(sys, "platform", "linux")
        monkeypatch.delenv("DISPLAY", raising=False)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            plt.show()  # headless Linux: returns quietly
        monkeypatch.setenv("DISPLAY", ":0")
        with pytest.warns(UserWarning, match="non-interactive, and thus cannot be shown"):
            plt.show()
        monkeypatch.delenv("DISPLAY")
        monkeypatch.setattr(sys, "platform", "darwin")  # no DISPLAY, but not Linux
        with pytest.warns(UserWarning, match="non-interactive, and thus cannot be shown"):
            plt.show()
    finally:
        plt.close(fig)


def test_more_than_twenty_open_figures_warn():
    figs = [plt.figure() for _ in range(20)]
    try:
        with pytest.warns(RuntimeWarning, match="More than 20 figures"):
            figs.append(plt.figure())  # the 21st
    finally:
        for f in figs:
            plt.close(f)


def test_imshow_clips_a_normalised_rgb_image_and_says_so(caplog):
    fig, ax = plt.subplots()
    with caplog.at_level("WARNING", logger="matplotlib.image"):
        ax.imshow(np.full((4, 5, 3), 2.0))
    plt.close(fig)
    assert "Clipping input data to the valid range" in caplog.text


def test_a_tensor_in_imshow_shows_with_numpys_deprecation_warning():
    fig, ax = plt.subplots()
    with pytest.warns(DeprecationWarning, match="__array__ implementation doesn't accept a copy"):
        shown = ax.imshow(torch.rand(4, 5, 3))
    plt.close(fig)
    assert shown.get_array().shape == (4, 5, 3)
