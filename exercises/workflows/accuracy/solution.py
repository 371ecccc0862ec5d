import torch


def accuracy(logits: torch.Tensor, target: torch.Tensor) -> float:
    """The fraction of rows of logits (N, C) whose highest score is at the class in target
    (N,), as a Python float."""
    predicted = logits.argmax(dim=1)  # one class per row (dim=0 would give one per class)
    return (predicted == target).float().mean().item()


if __name__ == "__main__":
    logits = torch.tensor([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 2.0], [0.0, 1.0, 0.0]])
    print(accuracy(logits, torch.tensor([0, 1, 1, 1])))
    #> 0.75
