import torch


def predict_proba(model, x: torch.Tensor) -> torch.Tensor:
    """The class probabilities (softmax of the logits) a classifier gives the batch x, as at
    test time: a tensor (N, C) that is not part of any graph."""
    raise NotImplementedError("write predict_proba")
