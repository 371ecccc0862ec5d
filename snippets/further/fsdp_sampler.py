"""DistributedSampler: when the ranks' shares overlap and when they do not (TOPICS Z4).

No processes are needed: a sampler is told its rank and the number of ranks, so the shares
of every rank can be listed from one process.

Run it alone: python snippets/further/fsdp_sampler.py
"""

# --8<-- [start:shares]
from torch.utils.data import DistributedSampler


def shares(n, world_size=2, **kwargs):
    """The indices each rank would read from a dataset of n samples."""
    return [list(DistributedSampler(range(n), world_size, rank, **kwargs))
            for rank in range(world_size)]


# 64 samples over 2 ranks: 32 each, no index twice, every index once.
a, b = shares(64, shuffle=True, seed=0)
print(len(a), len(b), set(a) & set(b), sorted(a + b) == list(range(64)))
#> 32 32 set() True

# 5 samples over 2 ranks: the default drop_last=False pads the shorter share with indices
# from the start of the (shuffled) order, so every rank gets 3 and index 4 is read twice.
print(shares(5, shuffle=True, seed=0))
#> [[4, 1, 2], [0, 3, 4]]
print(shares(5, shuffle=False))
#> [[0, 2, 4], [1, 3, 0]]

# drop_last=True trims instead: no overlap, but one sample is left out of this epoch.
print(shares(5, shuffle=True, seed=0, drop_last=True))
#> [[4, 1], [0, 3]]
# --8<-- [end:shares]
