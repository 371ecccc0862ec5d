import torch


def separate_grads(w: torch.Tensor, x1: torch.Tensor, x2: torch.Tensor):
    """w is a leaf that requires grad. Return (g1, g2): the gradient with respect to w of
    (w @ x1) ** 2, and, on its own, of (w @ x2) ** 2. Use backward()."""
    grads = []
    for x in (x1, x2):
        w.grad = None  # backward() adds to .grad: start each gradient from nothing
        ((w @ x) ** 2).backward()
        grads.append(w.grad.clone())
    return grads[0], grads[1]


if __name__ == "__main__":
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    print(separate_grads(w, torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])))
    #> (tensor([2., 0.]), tensor([0., 4.]))
