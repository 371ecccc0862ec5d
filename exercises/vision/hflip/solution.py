import torch


def hflip(images: torch.Tensor) -> torch.Tensor:
    """Mirror images left to right: one image (C, H, W) or a batch (N, C, H, W)."""
    return images.flip(-1)  # the width is the last dimension in both layouts


if __name__ == "__main__":
    print(hflip(torch.tensor([[[1, 2, 3], [4, 5, 6]]])))
    #> tensor([[[3, 2, 1],
    #>          [6, 5, 4]]])
