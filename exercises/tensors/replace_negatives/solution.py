import torch


def replace_negatives(x: torch.Tensor, value: float) -> torch.Tensor:
    """A copy of x (same shape and dtype) with every negative element replaced by value;
    x itself is left unchanged."""
    # value as a 0-d tensor of x's dtype: a bare Python float would promote an integer x to float.
    return torch.where(x < 0, torch.tensor(value, dtype=x.dtype), x)


if __name__ == "__main__":
    x = torch.tensor([1.5, -2.0, 0.0, -0.5])
    print(replace_negatives(x, 0.0), x)
    #> tensor([1.5000, 0.0000, 0.0000, 0.0000]) tensor([ 1.5000, -2.0000,  0.0000, -0.5000])
