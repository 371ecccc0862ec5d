import torch


def masked_mse(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """The mean squared error over the elements where the boolean mask is True only
    (pred, target and mask have the same shape; at least one element is True)."""
    squared = (pred - target) ** 2
    return squared[mask].mean()  # the mean over the chosen elements, not over all of them


if __name__ == "__main__":
    pred = torch.tensor([1.0, 2.0, 3.0, 4.0])
    target = torch.tensor([0.0, 2.0, 0.0, 0.0])
    print(masked_mse(pred, target, torch.tensor([True, True, False, False])))
    #> tensor(0.5000)
