from torch import nn


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """The number of parameter values (not tensors) of model; with trainable_only, only
    those of parameters that require grad."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    model[0].requires_grad_(False)
    print(count_parameters(model), count_parameters(model, trainable_only=True))
    #> 26 10
