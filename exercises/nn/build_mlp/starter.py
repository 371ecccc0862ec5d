from torch import nn


def build_mlp(sizes: list[int]) -> nn.Sequential:
    """A multilayer perceptron: nn.Linear layers of the given sizes (sizes[0] inputs, then
    sizes[1], ..., sizes[-1] outputs) with nn.ReLU between them, none after the last."""
    raise NotImplementedError("write build_mlp")
