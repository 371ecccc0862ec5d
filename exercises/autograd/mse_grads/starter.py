import torch


def mse_grads(w: torch.Tensor, b: torch.Tensor, x: torch.Tensor, y: torch.Tensor):
    """By hand, without autograd: the gradients of L = mean((x @ w + b - y) ** 2) with
    respect to w (d,) and b (a 0-d tensor), for x (n, d) and y (n,). Return (dL/dw, dL/db)."""
    raise NotImplementedError("write mse_grads")
