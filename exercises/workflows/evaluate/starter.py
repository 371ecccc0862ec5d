import torch


def evaluate(model, loader, loss_fn) -> tuple[float, float]:
    """The mean loss per sample and the accuracy of a classifier over a loader of
    (inputs, targets) batches (the last one may be smaller); loss_fn averages over a batch.
    Evaluate as at test time. Return (loss, accuracy) as Python floats."""
    raise NotImplementedError("write evaluate")
