import torch


def channel_mean_std(loader):
    """The mean and standard deviation of each channel over every pixel of every image a
    loader gives as (images (B, C, H, W), labels) batches, the last batch possibly smaller.
    The std is the population one (correction=0). Return (mean, std), each of shape (C,)."""
    raise NotImplementedError("write channel_mean_std")
