import torch


def sgd_step(params: list[torch.Tensor], lr: float) -> None:
    """One step of plain gradient descent, in place: p -= lr * p.grad for every leaf p of
    params, which stays a leaf that requires grad; then clear its gradient."""
    raise NotImplementedError("write sgd_step")
