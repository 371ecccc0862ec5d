import torch


def mse_grads(w: torch.Tensor, b: torch.Tensor, x: torch.Tensor, y: torch.Tensor):
    """By hand, without autograd: the gradients of L = mean((x @ w + b - y) ** 2) with
    respect to w (d,) and b (a 0-d tensor), for x (n, d) and y (n,). Return (dL/dw, dL/db)."""
    n = x.shape[0]
    residual = x @ w + b - y  # (n,)
    grad_w = 2 / n * (x.T @ residual)  # d/dw of the mean of squares
    grad_b = 2 / n * residual.sum()
    return grad_w, grad_b


if __name__ == "__main__":
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    y = torch.tensor([1.0, 2.0])
    print(mse_grads(torch.tensor([0.5, 0.0]), torch.tensor(0.0), x, y))
    #> (tensor([-2., -3.]), tensor(-1.))
