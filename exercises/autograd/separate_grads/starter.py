import torch


def separate_grads(w: torch.Tensor, x1: torch.Tensor, x2: torch.Tensor):
    """w is a leaf that requires grad. Return (g1, g2): the gradient with respect to w of
    (w @ x1) ** 2, and, on its own, of (w @ x2) ** 2. Use backward()."""
    raise NotImplementedError("write separate_grads")
