import torch


def fit_linear(x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Fit y ~ w * x + b to 1-D float tensors x and y by minimising the mean squared error
    (gradient descent or any other way); return (w, b) as Python floats."""
    w = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=0.2)
    for _ in range(200):
        optimizer.zero_grad()
        loss = ((w * x + b - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    return w.item(), b.item()


if __name__ == "__main__":
    x = torch.tensor([0.0, 1.0, 2.0, 3.0])
    w, b = fit_linear(x, 3 * x - 1)
    print(f"{w:.3f} {b:.3f}")
    #> 3.000 -1.000
