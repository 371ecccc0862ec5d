import torch
from torch.utils.data import Dataset


class WindowDataset(Dataset):
    """The windows of a 1-D series: item i is (series[i : i + window], series[i + window]),
    the `window` values before a value and that value. Every window that has a value after
    it is an item."""

    def __init__(self, series: torch.Tensor, window: int):
        self.series = series
        self.window = window

    def __len__(self) -> int:
        if len(self.series) <= self.window:
            return 0  # no window has a value after it
        return len(self.series) - self.window  # the last window needs one value after it

    def __getitem__(self, i: int):
        return self.series[i : i + self.window], self.series[i + self.window]


if __name__ == "__main__":
    data = WindowDataset(torch.arange(5.0), window=3)
    print(len(data), data[1])
    #> 2 (tensor([1., 2., 3.]), tensor(4.))
