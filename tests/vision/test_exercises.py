"""Facts behind docs/*/vision/exercises.md: its reference solutions on edge cases, the claim
that tile() is the heart of make_grid, and the page's description of the checker."""

import importlib.util
import sys

import torch
from torchvision.utils import make_grid

import fieldguide

ROOT = fieldguide.ROOT


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_channel_mean_std_of_a_constant_channel_is_zero_not_nan():
    # E[x²] - E[x]² rounds a hair below 0 here (0.1 is not exact in float32); sqrt gave nan.
    solution = _load("exercises/vision/channel_mean_std/solution.py", "fg_mean_std_solution")
    images = torch.full((1000, 1, 5, 5), 0.1)
    pixels = images.double().flatten()
    assert (pixels**2).mean() - pixels.mean() ** 2 < 0  # the cancellation the clamp is for
    mean, std = solution.channel_mean_std([(images[:600], None), (images[600:], None)])
    assert torch.allclose(mean, torch.tensor([0.1])) and torch.equal(std, torch.zeros(1))


def test_tile_is_make_grid_without_padding_for_full_rows_of_rgb_images():
    solution = _load("exercises/vision/tile/solution.py", "fg_tile_solution")
    images = torch.rand(7, 3, 2, 3)
    assert torch.equal(solution.tile(images, 3), make_grid(images, nrow=3, padding=0))
    # Where make_grid adds more: one channel becomes three, fewer than nrow images narrow it.
    assert make_grid(torch.rand(2, 1, 2, 2), nrow=4, padding=0).shape == (3, 2, 4)
    assert solution.tile(torch.rand(2, 1, 2, 2), 4).shape == (1, 2, 8)
