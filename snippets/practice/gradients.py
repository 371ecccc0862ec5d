"""Gradient clipping with clip_grad_norm_, and gradient accumulation shown equal to one
larger batch (TOPICS X7).

Run it alone: python snippets/practice/gradients.py
"""

# --8<-- [start:clip]
import torch
from torch import nn
from torch.nn.utils import clip_grad_norm_

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1)).double()
x = torch.randn(32, 4, dtype=torch.float64)
y = torch.randn(32, 1, dtype=torch.float64) * 100  # large targets: large gradients

nn.functional.mse_loss(model(x), y).backward()
# The total norm: all gradients taken together as one long vector.
norm_by_hand = torch.linalg.vector_norm(torch.cat([p.grad.flatten() for p in model.parameters()]))

total = clip_grad_norm_(model.parameters(), max_norm=1.0)  # returns the norm BEFORE clipping
after = torch.linalg.vector_norm(torch.cat([p.grad.flatten() for p in model.parameters()]))
print(f"before {total.item():.2f} (by hand {norm_by_hand.item():.2f}), after {after.item():.4f}")
#> before 62.40 (by hand 62.40), after 1.0000
# Every gradient was scaled by the same factor, so the direction is unchanged.
# --8<-- [end:clip]


# --8<-- [start:clip_in_loop]
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
norms = []
for _ in range(3):
    optimizer.zero_grad()
    nn.functional.mse_loss(model(x), y).backward()
    # After backward, before step: the optimizer must see the clipped gradients.
    norms.append(clip_grad_norm_(model.parameters(), max_norm=1.0).item())
    optimizer.step()
print([round(n, 1) for n in norms])
#> [62.4, 62.3, 62.3]
# --8<-- [end:clip_in_loop]


# --8<-- [start:accumulate]
torch.manual_seed(0)
big = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
small = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
small.load_state_dict(big.state_dict())  # the same starting weights
inputs, labels = torch.randn(32, 4), torch.randint(0, 3, (32,))
loss_fn = nn.CrossEntropyLoss()  # mean over the batch

# One batch of 32.
loss_fn(big(inputs), labels).backward()

# Four batches of 8. Each mean loss is divided by 4, and backward() adds to .grad,
# so the sum of the four is the mean over all 32.
accum_steps = 4
for xb, yb in zip(inputs.split(8), labels.split(8), strict=True):
    (loss_fn(small(xb), yb) / accum_steps).backward()

for p_big, p_small in zip(big.parameters(), small.parameters(), strict=True):
    torch.testing.assert_close(p_small.grad, p_big.grad)
print("same gradient")
#> same gradient
# --8<-- [end:accumulate]


# --8<-- [start:accumulate_loop]
def train_accumulating(model, batches, optimizer, accum_steps, max_norm=1.0):
    """Update the weights once every `accum_steps` mini-batches."""
    model.train()
    optimizer.zero_grad()
    for i, (xb, yb) in enumerate(batches, start=1):
        loss = loss_fn(model(xb), yb) / accum_steps
        loss.backward()  # gradients add up in .grad
        if i % accum_steps == 0:
            clip_grad_norm_(model.parameters(), max_norm)  # clip the accumulated gradient
            optimizer.step()
            optimizer.zero_grad()


torch.manual_seed(1)
data = [(torch.randn(8, 4), torch.randint(0, 3, (8,))) for _ in range(8)]  # 8 batches of 8
big_batches = [(torch.cat([b[0] for b in data[i:i + 4]]), torch.cat([b[1] for b in data[i:i + 4]]))
               for i in (0, 4)]  # the same data as 2 batches of 32

opt_small = torch.optim.SGD(small.parameters(), lr=0.1)
opt_big = torch.optim.SGD(big.parameters(), lr=0.1)
train_accumulating(small, data, opt_small, accum_steps=4)
train_accumulating(big, big_batches, opt_big, accum_steps=1)
for p_big, p_small in zip(big.parameters(), small.parameters(), strict=True):
    torch.testing.assert_close(p_small, p_big)
print("same weights after two updates")
#> same weights after two updates
# --8<-- [end:accumulate_loop]
