"""Train, validation and test sets; overfitting on a curve; early stopping with the best
checkpoint restored; the test set used once (TOPICS X1, X2).

Run it alone: python snippets/practice/validation.py   (writes validation_curves.png)
"""
# figures: validation_curves.png

# --8<-- [start:split]
import copy

import matplotlib.pyplot as plt
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

digits = load_digits()
x = torch.tensor(digits.data, dtype=torch.float32) / 16.0  # 1797 images of 8x8 pixels, 0..1
y = torch.tensor(digits.target)  # int64 class indices 0..9
full = TensorDataset(x, y)

# Fractions are allowed; a generator of its own makes the split repeatable without
# touching the global random state.
train_set, val_set, test_set = random_split(
    full, [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(0)
)
print(len(train_set), len(val_set), len(test_set))
#> 1079 359 359

# The same seed gives the same split.
again, _, _ = random_split(full, [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(0))
assert again.indices == train_set.indices
print(train_set.indices[:5])
#> [362, 1568, 1440, 1761, 815]

# No two parts share an index (all three pairs), and together they cover every sample.
train_idx, val_idx, test_idx = (set(s.indices) for s in (train_set, val_set, test_set))
print(train_idx & val_idx, train_idx & test_idx, val_idx & test_idx)
#> set() set() set()
print(len(train_idx | val_idx | test_idx) == len(full) == 1797)
#> True
# --8<-- [end:split]


# --8<-- [start:evaluate]
def evaluate(model, loader, loss_fn):
    """Mean loss and accuracy over a loader, in eval mode and without a graph."""
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for xb, yb in loader:
            logits = model(xb)
            total_loss += loss_fn(logits, yb).item() * len(yb)  # undo the batch mean
            correct += (logits.argmax(dim=1) == yb).sum().item()
    n = len(loader.dataset)
    return total_loss / n, correct / n
# --8<-- [end:evaluate]


# --8<-- [start:state_dict_is_live]
torch.manual_seed(0)
probe = nn.Linear(2, 1)
shallow = probe.state_dict()  # references to the live tensors, not a copy
deep = copy.deepcopy(probe.state_dict())  # a snapshot
with torch.no_grad():
    probe.weight.add_(1.0)  # what optimizer.step() does: change the weights in place
print(torch.equal(shallow["weight"], probe.weight), torch.equal(deep["weight"], probe.weight))
#> True False
# --8<-- [end:state_dict_is_live]


# --8<-- [start:fit]
def fit(model, train_loader, val_loader, optimizer, loss_fn, max_epochs=200, patience=10):
    """Train until the validation loss has not improved for `patience` epochs, then put the
    best epoch's weights back into the model."""
    history = {"train": [], "val": []}
    best_loss, best_epoch, best_state = float("inf"), 0, None
    for epoch in range(1, max_epochs + 1):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(yb)
        history["train"].append(total / len(train_loader.dataset))
        val_loss, _ = evaluate(model, val_loader, loss_fn)
        history["val"].append(val_loss)
        if val_loss < best_loss:
            best_loss, best_epoch = val_loss, epoch
            best_state = copy.deepcopy(model.state_dict())  # a snapshot, see above
        elif epoch - best_epoch >= patience:
            break  # early stopping: no improvement for `patience` epochs
    model.load_state_dict(best_state)  # restore the best epoch, not the last one
    return history, best_epoch
# --8<-- [end:fit]


# --8<-- [start:train]
torch.manual_seed(0)  # initial weights and the order of the mini-batches
# Wide and without dropout on purpose: with 1079 training images it overfits quickly.
model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=512)  # evaluation order does not matter
history, best_epoch = fit(model, train_loader, val_loader, optimizer, loss_fn)

# varies: the epoch at which validation loss bottoms out depends on last-digit rounding
print(f"stopped after epoch {len(history['val'])}; best epoch {best_epoch}, "
      f"validation loss {history['val'][best_epoch - 1]:.3f}")
#~ stopped after epoch 29; best epoch 19, validation loss 0.088
# --8<-- [end:train]


# --8<-- [start:plot]
epochs = range(1, len(history["train"]) + 1)
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(epochs, history["train"], label="train")
ax.plot(epochs, history["val"], label="validation")
ax.axvline(best_epoch, color="gray", linestyle="--", label=f"best epoch ({best_epoch})")
ax.set(xlabel="epoch", ylabel="cross-entropy loss", yscale="log")
ax.legend()
fig.savefig("validation_curves.png", bbox_inches="tight")
# --8<-- [end:plot]


# --8<-- [start:test]
# Only now, with the model chosen, is the test set used: once.
test_loader = DataLoader(test_set, batch_size=512)
test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
# varies: the restored weights come from a training run whose last digits differ between CPUs
print(f"test loss {test_loss:.3f}, test accuracy {test_accuracy:.1%}")
#~ test loss 0.096, test accuracy 97.2%
# --8<-- [end:test]
