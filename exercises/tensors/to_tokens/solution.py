import torch


def to_tokens(x: torch.Tensor) -> torch.Tensor:
    """A batch of feature maps (N, C, H, W) as sequences of pixel vectors (N, H*W, C):
    token k of image i is the C values of pixel (k // W, k % W)."""
    return x.flatten(2).transpose(1, 2)  # (N, C, H*W) -> (N, H*W, C)


if __name__ == "__main__":
    x = torch.arange(12).reshape(1, 2, 2, 3)
    print(to_tokens(x))
    #> tensor([[[ 0,  6],
    #>          [ 1,  7],
    #>          [ 2,  8],
    #>          [ 3,  9],
    #>          [ 4, 10],
    #>          [ 5, 11]]])
