import torch


def channel_mean_std(loader):
    """The mean and standard deviation of each channel over every pixel of every image a
    loader gives as (images (B, C, H, W), labels) batches, the last batch possibly smaller.
    The std is the population one (correction=0). Return (mean, std), each of shape (C,)."""
    total = total_sq = count = 0
    for images, _ in loader:
        pixels = images.transpose(0, 1).flatten(1).double()  # (C, B*H*W)
        total = total + pixels.sum(dim=1)
        total_sq = total_sq + (pixels**2).sum(dim=1)
        count += pixels.shape[1]  # weigh each batch by its size
    mean = total / count
    # E[x²] - E[x]² can come out a hair below 0 for a constant channel: clamp before sqrt.
    std = (total_sq / count - mean**2).clamp_min(0).sqrt()
    return mean.float(), std.float()


if __name__ == "__main__":
    images = torch.tensor([[[[0.0, 1.0]]], [[[1.0, 1.0]]], [[[0.0, 0.0]]]])  # 3 images, 1x1x2
    loader = [(images[:2], None), (images[2:], None)]
    print(channel_mean_std(loader))
    #> (tensor([0.5000]), tensor([0.5000]))
