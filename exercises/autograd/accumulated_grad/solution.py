import torch


def accumulated_grad(w: torch.Tensor, x: torch.Tensor, y: torch.Tensor, chunks: int):
    """w (d,) is a leaf that requires grad and has no gradient yet; x (n, d), y (n,) with n
    divisible by chunks. Call backward() once per chunk of rows so that w.grad ends up equal
    to the gradient of mean((x @ w - y) ** 2) over all n rows; return w.grad."""
    for xs, ys in zip(x.chunk(chunks), y.chunk(chunks), strict=True):
        loss = ((xs @ w - ys) ** 2).mean()
        (loss / chunks).backward()  # gradients add up: each chunk brings its share
    return w.grad


if __name__ == "__main__":
    w = torch.tensor([1.0, -1.0], requires_grad=True)
    x = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 0.0]])
    print(accumulated_grad(w, x, torch.tensor([1.0, 1.0, 0.0, 1.0]), chunks=2))
    #> tensor([ 1., -1.])
