import torch


def tile(images: torch.Tensor, nrow: int) -> torch.Tensor:
    """Lay a batch (N, C, H, W) out as one image (C, rows * H, nrow * W), nrow images per
    row, rows = ceil(N / nrow), filled row by row, empty places zero, no padding between."""
    n, c, h, w = images.shape
    rows = -(-n // nrow)
    full = torch.zeros(rows * nrow, c, h, w, dtype=images.dtype)
    full[:n] = images
    grid = full.reshape(rows, nrow, c, h, w).permute(2, 0, 3, 1, 4)  # (C, rows, H, nrow, W)
    return grid.reshape(c, rows * h, nrow * w)


if __name__ == "__main__":
    images = torch.arange(12).reshape(3, 1, 2, 2)
    print(tile(images, nrow=2))
    #> tensor([[[ 0,  1,  4,  5],
    #>          [ 2,  3,  6,  7],
    #>          [ 8,  9,  0,  0],
    #>          [10, 11,  0,  0]]])
