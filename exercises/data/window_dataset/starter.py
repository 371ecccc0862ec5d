import torch
from torch.utils.data import Dataset


class WindowDataset(Dataset):
    """The windows of a 1-D series: item i is (series[i : i + window], series[i + window]),
    the `window` values before a value and that value. Every window that has a value after
    it is an item."""

    def __init__(self, series: torch.Tensor, window: int):
        raise NotImplementedError("write __init__")

    def __len__(self) -> int:
        raise NotImplementedError("write __len__")

    def __getitem__(self, i: int):
        raise NotImplementedError("write __getitem__")
