"""Facts behind docs/*/data/exercises.md: its reference solutions on the edge cases the task
text covers, and the page's description of the checker."""

import importlib.util
import sys

import torch

import fieldguide

ROOT = fieldguide.ROOT


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_window_dataset_of_a_short_series_is_empty():
    # "Every window with a value after it is an item": none when the series is too short,
    # so len() is 0 (a negative __len__ makes len() raise ValueError).
    solution = _load("exercises/data/window_dataset/solution.py", "fg_window_solution")
    for n, window in [(3, 3), (2, 3), (0, 1)]:
        data = solution.WindowDataset(torch.arange(float(n)), window)
        assert len(data) == 0 and list(torch.utils.data.DataLoader(data)) == []
    assert len(solution.WindowDataset(torch.arange(5.0), 3)) == 2
