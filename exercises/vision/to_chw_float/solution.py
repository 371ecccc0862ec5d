import torch


def to_chw_float(image: torch.Tensor) -> torch.Tensor:
    """What ToTensor does to an image array: (H, W, C) uint8 in 0..255 becomes (C, H, W)
    float32 in [0, 1]."""
    return image.permute(2, 0, 1).to(torch.float32) / 255  # move the axes, not the values


if __name__ == "__main__":
    image = torch.tensor([[[255, 0, 0], [0, 255, 0]]], dtype=torch.uint8)  # 1x2, RGB
    print(to_chw_float(image))
    #> tensor([[[1., 0.]],
    #>
    #>         [[0., 1.]],
    #>
    #>         [[0., 0.]]])
