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


def test_page_describes_the_checker_as_it_is():
    check = _load("exercises/check.py", "fg_check_for_vision_page")
    seen = {}
    for ex_id, (_, cases) in check.EXERCISES.items():
        if ex_id.startswith("vision/"):
            for seed in range(6):
                for case in cases(torch.Generator().manual_seed(seed)):
                    for name, value in case.inputs.items():
                        if isinstance(value, torch.Tensor):
                            seen.setdefault((ex_id, name), set()).add(value.dtype)
    # New shapes every run, but never a new dtype in this part: the page says inputs and shapes.
    assert seen and all(len(dtypes) == 1 for dtypes in seen.values()), seen
    en = " ".join((ROOT / "docs/en/vision/exercises.md").read_text("utf-8").split())
    zh = "".join((ROOT / "docs/zh/vision/exercises.md").read_text("utf-8").split())
    assert "in Chinese unless you add `--lang en`" in en and "--lang zh" not in en
    assert "new random inputs and shapes" in en and "dtypes every time" not in en
    assert "随机的输入和形状" in zh and "形状和数据类型" not in zh
