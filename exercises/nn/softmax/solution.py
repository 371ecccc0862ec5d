import torch


def softmax(x: torch.Tensor, dim: int) -> torch.Tensor:
    """Softmax of x along dim, written with exp and sum (not torch.softmax), and correct
    for large values such as 1000.0 too."""
    shifted = x - x.amax(dim=dim, keepdim=True)  # same result, and exp() cannot overflow
    e = shifted.exp()
    return e / e.sum(dim=dim, keepdim=True)


if __name__ == "__main__":
    print(softmax(torch.tensor([[1000.0, 1001.0], [0.0, 0.0]]), dim=1))
    #> tensor([[0.2689, 0.7311],
    #>         [0.5000, 0.5000]])
