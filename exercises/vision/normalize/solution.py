import torch


def normalize(x: torch.Tensor, mean: list[float], std: list[float]) -> torch.Tensor:
    """What transforms.Normalize does, as a new tensor: (x - mean[c]) / std[c] for each
    channel c of one image (C, H, W) or a batch (N, C, H, W)."""
    m = torch.tensor(mean, dtype=x.dtype).view(-1, 1, 1)  # (C, 1, 1) lines up with C, H, W
    s = torch.tensor(std, dtype=x.dtype).view(-1, 1, 1)
    return (x - m) / s


if __name__ == "__main__":
    x = torch.ones(2, 1, 3)
    print(normalize(x, mean=[0.5, 0.0], std=[0.5, 2.0]))
    #> tensor([[[1.0000, 1.0000, 1.0000]],
    #>
    #>         [[0.5000, 0.5000, 0.5000]]])
