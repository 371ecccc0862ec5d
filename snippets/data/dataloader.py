"""DataLoader: batches, shuffling, drop_last, worker processes, next(iter(...)) (TOPICS D2, P3).

Run it alone: python snippets/data/dataloader.py
"""

# --8<-- [start:dataset]
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info

torch.manual_seed(0)


class Numbers(Dataset):
    """Sample i is (a feature tensor holding i, the label i): every batch shows its indices."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return torch.tensor([float(i)]), i


dataset = Numbers(10)
print(dataset[3])
#> (tensor([3.]), 3)
# --8<-- [end:dataset]

# --8<-- [start:batches]
loader = DataLoader(dataset, batch_size=4)
print("batches:", len(loader))
#> batches: 3
for x, y in loader:
    # The default collate function stacked 4 samples: features (4, 1), labels (4,).
    print(tuple(x.shape), y.tolist())
    #> (4, 1) [0, 1, 2, 3]
    #> (4, 1) [4, 5, 6, 7]
    #> (2, 1) [8, 9]

# drop_last=True throws away the incomplete last batch.
loader = DataLoader(dataset, batch_size=4, drop_last=True)
print("batches:", len(loader))
#> batches: 2
for x, y in loader:
    print(tuple(x.shape), y.tolist())
    #> (4, 1) [0, 1, 2, 3]
    #> (4, 1) [4, 5, 6, 7]
# --8<-- [end:batches]

# --8<-- [start:shuffle]
# shuffle=True draws a new order at the start of every epoch (every `for` over the loader).
loader = DataLoader(dataset, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0))
for epoch in range(2):
    print(f"epoch {epoch}:", [y.tolist() for _, y in loader])
    #> epoch 0: [[3, 7, 5, 2], [0, 8, 1, 6], [9, 4]]
    #> epoch 1: [[1, 3, 2, 7], [5, 9, 0, 6], [4, 8]]


def shuffled_batches(seed):
    """The labels of one epoch of a shuffled loader whose generator is seeded with `seed`."""
    g = torch.Generator().manual_seed(seed)
    loader = DataLoader(dataset, batch_size=4, shuffle=True, generator=g)
    return [y.tolist() for _, y in loader]


# Two loaders with equally seeded generators give the same batches, in the same order.
assert shuffled_batches(0) == shuffled_batches(0)
assert shuffled_batches(0) != shuffled_batches(1)
# --8<-- [end:shuffle]

# --8<-- [start:next]
loader = DataLoader(dataset, batch_size=4)
x, y = next(iter(loader))  # the first batch, for a quick look
print(tuple(x.shape), y.tolist())
#> (4, 1) [0, 1, 2, 3]

it = iter(loader)  # keep the iterator to go on where it stopped
print([next(it)[1].tolist() for _ in range(3)])
#> [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
try:
    next(it)
except StopIteration:
    print("StopIteration: the epoch is over")
    #> StopIteration: the epoch is over

# Old notes call it.next(): Python 2 spelling, gone from DataLoader iterators.
try:
    iter(loader).next()
except AttributeError as err:
    print("AttributeError:", err)
    #> AttributeError: '_SingleProcessDataLoaderIter' object has no attribute 'next'
# --8<-- [end:next]

# --8<-- [start:workers]
class WhoLoadedMe(Numbers):
    """Like Numbers, but each sample also says which worker process read it.

    Defined at module level (not inside a function or the guard below): with the
    'spawn' start method a worker re-imports this module and looks the class up by name.
    """

    def __getitem__(self, i):
        info = get_worker_info()  # None in the main process
        x, y = super().__getitem__(i)
        return x, y, -1 if info is None else info.id


if __name__ == "__main__":
    # 'fork' on Linux; 'spawn' on Windows and macOS, where the guard is required.
    print(torch.multiprocessing.get_start_method())
    loader = DataLoader(WhoLoadedMe(10), batch_size=4, num_workers=2)
    worker_batches = []
    for _, y, worker in loader:
        worker_batches.append(y.tolist())
        print(y.tolist(), "loaded by worker", worker.unique().item())
    # Workers change who does the work, not what comes out: same batches, same order.
    assert worker_batches == [y.tolist() for _, y in DataLoader(dataset, batch_size=4)]
    #> fork
    #> [0, 1, 2, 3] loaded by worker 0
    #> [4, 5, 6, 7] loaded by worker 1
    #> [8, 9] loaded by worker 0
# --8<-- [end:workers]
