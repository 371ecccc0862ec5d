from torch import nn


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """The number of parameter values (not tensors) of model; with trainable_only, only
    those of parameters that require grad."""
    raise NotImplementedError("write count_parameters")
