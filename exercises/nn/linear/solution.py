import torch


def linear(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """What nn.Linear computes: x (..., in_features), weight (out_features, in_features),
    bias (out_features,) or None; the result has shape (..., out_features)."""
    out = x @ weight.T  # weight is stored as (out, in)
    return out if bias is None else out + bias


if __name__ == "__main__":
    weight = torch.tensor([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]])
    print(linear(torch.tensor([[1.0, 2.0, 3.0]]), weight, torch.tensor([0.0, 1.0])))
    #> tensor([[-2.,  4.]])
