import torch


def pick_per_row(scores: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
    """From scores (n, k) take one element per row, the one in column index[i] (index is
    int64 of shape (n,)): a tensor of shape (n,)."""
    rows = torch.arange(scores.shape[0])
    return scores[rows, index]  # pairs (rows[i], index[i]), not a (n, n) grid


if __name__ == "__main__":
    scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
    print(pick_per_row(scores, torch.tensor([1, 0])))
    #> tensor([0.7000, 0.5000])
