import torch
import torch.nn.functional as F
from torch import nn


def train(model: nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float, steps: int) -> list[float]:
    """Train model for `steps` steps of torch.optim.SGD(lr=lr) on the mean squared error of
    model(x) against y (the whole batch each step). Return each step's loss, as Python
    floats, computed before that step's update."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()  # otherwise this step's gradient adds to the last one's
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


if __name__ == "__main__":
    torch.manual_seed(0)
    model = nn.Linear(1, 1)
    x = torch.tensor([[0.0], [1.0], [2.0]])
    print([round(v, 4) for v in train(model, x, 2 * x + 1, lr=0.1, steps=3)])
    #> [8.7927, 2.5105, 0.7834]
