import torch


def checkerboard(n: int, m: int) -> torch.Tensor:
    """An (n, m) int64 tensor of alternating 0 and 1, with 0 in the top-left corner."""
    rows = torch.arange(n).unsqueeze(1)  # (n, 1)
    cols = torch.arange(m)  # (m,): broadcasting makes (n, m)
    return (rows + cols) % 2


if __name__ == "__main__":
    print(checkerboard(3, 4))
    #> tensor([[0, 1, 0, 1],
    #>         [1, 0, 1, 0],
    #>         [0, 1, 0, 1]])
