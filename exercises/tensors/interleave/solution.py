import torch


def interleave(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Two 1-D tensors of the same length and dtype merged alternately:
    [a[0], b[0], a[1], b[1], ...]."""
    return torch.stack([a, b], dim=1).flatten()  # rows (a[i], b[i]), read row by row


if __name__ == "__main__":
    print(interleave(torch.tensor([1, 2, 3]), torch.tensor([10, 20, 30])))
    #> tensor([ 1, 10,  2, 20,  3, 30])
