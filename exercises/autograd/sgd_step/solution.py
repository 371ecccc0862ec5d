import torch


def sgd_step(params: list[torch.Tensor], lr: float) -> None:
    """One step of plain gradient descent, in place: p -= lr * p.grad for every leaf p of
    params, which stays a leaf that requires grad; then clear its gradient."""
    with torch.no_grad():  # an update is not part of the model's computation
        for p in params:
            p -= lr * p.grad
            p.grad = None


if __name__ == "__main__":
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w**2).sum().backward()
    sgd_step([w], lr=0.1)
    print(w, w.grad)
    #> tensor([0.8000, 1.6000], requires_grad=True) None
