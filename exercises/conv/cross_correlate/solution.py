import torch


def cross_correlate(x: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    """What a convolution layer computes on one channel: slide kernel (kh, kw) over x
    (H, W) without padding, stride 1, and sum the products at each place. The kernel is
    not flipped. The result has shape (H - kh + 1, W - kw + 1)."""
    kh, kw = kernel.shape
    out = torch.zeros(x.shape[0] - kh + 1, x.shape[1] - kw + 1, dtype=x.dtype)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = (x[i : i + kh, j : j + kw] * kernel).sum()
    return out


if __name__ == "__main__":
    x = torch.arange(9.0).reshape(3, 3)
    print(cross_correlate(x, torch.tensor([[1.0, 0.0], [0.0, -1.0]])))
    #> tensor([[-4., -4.],
    #>         [-4., -4.]])
