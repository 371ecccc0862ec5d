import torch


def gradient(f, x: torch.Tensor) -> torch.Tensor:
    """The gradient of the scalar function f at x, computed by autograd: a tensor shaped
    like x that is not part of any graph. x itself must stay as it was (no requires_grad)."""
    x = x.detach().clone().requires_grad_(True)  # our own leaf, not the caller's tensor
    (grad,) = torch.autograd.grad(f(x), x)
    return grad


if __name__ == "__main__":
    x = torch.tensor([1.0, -2.0, 3.0])
    print(gradient(lambda t: (t**2).sum(), x), x.requires_grad)
    #> tensor([ 2., -4.,  6.]) False
