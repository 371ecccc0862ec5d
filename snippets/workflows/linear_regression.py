"""Linear regression as a complete training program: learn y = 2x from noisy data (TOPICS W1).

Run it alone: python snippets/workflows/linear_regression.py [--epochs 30] [--lr 0.01]
(writes linear_regression_loss.png)
"""
# figures: linear_regression_loss.png

# --8<-- [start:imports]
import argparse

import matplotlib.pyplot as plt
import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

# --8<-- [end:imports]


# --8<-- [start:model]
def build_model():
    # y = w * x: one input, one output, no bias term.
    model = nn.Sequential()
    model.add_module("linear", nn.Linear(1, 1, bias=False))
    return model
# --8<-- [end:model]


# --8<-- [start:train]
def train(model, device, loader, loss_fn, optimizer):
    """One epoch over the mini-batches; returns the mean loss."""
    model.train()
    total = 0.0
    # The bar goes to stderr and vanishes when done; disable=None: no bar unless stderr is
    # a terminal (so logs and notebooks stay clean).
    for x, y in tqdm(loader, desc="batches", leave=False, disable=None):
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()  # gradients accumulate unless cleared
        loss = loss_fn(model(x), y)  # call model(x), not model.forward(x)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)
# --8<-- [end:train]


# --8<-- [start:plot]
def plot_history(history, path="linear_regression_loss.png"):
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(range(1, len(history) + 1), history, marker="o", markersize=3)
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean MSE loss")
    ax.set_yscale("log")
    fig.savefig(path, bbox_inches="tight")
    return fig
# --8<-- [end:plot]


# --8<-- [start:main]
def main():
    parser = argparse.ArgumentParser(description="Linear regression: learn y = 2x", allow_abbrev=False)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--log-interval", type=int, default=5, help="epochs between prints")
    # parse_known_args: Jupyter passes arguments of its own (-f <kernel file>).
    args, _ = parser.parse_known_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(args.seed)

    # 101 points on [-1, 1], shaped (N, 1): a batch of one-feature samples.
    x = torch.linspace(-1, 1, 101).unsqueeze(1)
    y = 2 * x + 0.33 * torch.randn(x.shape)
    loader = DataLoader(TensorDataset(x, y), batch_size=args.batch_size, shuffle=True)

    model = build_model().to(device)
    loss_fn = nn.MSELoss()  # reduction="mean" is the default
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)

    history = []
    for epoch in range(1, args.epochs + 1):
        cost = train(model, device, loader, loss_fn, optimizer)
        history.append(cost)
        if epoch % args.log_interval == 0:
            print(f"epoch {epoch:3d}  loss {cost:.4f}")

    w = model.linear.weight.item()
    print(f"learned w = {w:.4f}")
    plot_history(history)
    return model, history
# --8<-- [end:main]


# --8<-- [start:run]
if __name__ == "__main__":
    model, history = main()
    w = model.linear.weight.item()
    assert abs(w - 2) < 0.05, w  # the noise is random, but the slope is found
    #> epoch   5  loss 0.1538
    #> epoch  10  loss 0.1195
    #> epoch  15  loss 0.1185
    #> epoch  20  loss 0.0994
    #> epoch  25  loss 0.1219
    #> epoch  30  loss 0.0960
    #> learned w = 1.9942
# --8<-- [end:run]
