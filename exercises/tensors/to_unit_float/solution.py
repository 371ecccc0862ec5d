import torch


def to_unit_float(images: torch.Tensor) -> torch.Tensor:
    """uint8 pixel values 0..255 (any shape) as float32 values in [0, 1]."""
    return images.to(torch.float32) / 255


if __name__ == "__main__":
    pixels = torch.tensor([[0, 51], [204, 255]], dtype=torch.uint8)
    print(to_unit_float(pixels))
    #> tensor([[0.0000, 0.2000],
    #>         [0.8000, 1.0000]])
