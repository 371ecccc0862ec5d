"""Mixed precision on a CUDA device: float16 autocast with torch.amp.GradScaler (TOPICS X8).

Runs only where torch.cuda.is_available() (the test suite runs it under `nox -s gpu`).

Run it alone: python snippets/practice/mixed_precision_cuda.py
"""

# requires: cuda

# --8<-- [start:grad_scaler]
import torch
from torch import nn

assert torch.cuda.is_available(), "this module needs a CUDA device"
device = torch.device("cuda")
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 4)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cuda")
x = torch.randn(256, 16, device=device)
target = (x[:, :4].argmax(dim=1)).to(device)  # a learnable rule

losses = []
for _ in range(50):
    optimizer.zero_grad()
    with torch.autocast("cuda", dtype=torch.float16):
        logits = model(x)
        loss = nn.functional.cross_entropy(logits, target)
    # Multiply the loss by the scale so small float16 gradients do not underflow ...
    scaler.scale(loss).backward()
    # ... divide the gradients back (unscale) and skip the step if any is inf or NaN ...
    scaler.step(optimizer)
    # ... and adapt the scale: smaller after an overflow, slowly larger otherwise.
    scaler.update()
    losses.append(loss.item())

assert logits.dtype == torch.float16 and loss.dtype == torch.float32
assert model[0].weight.dtype == torch.float32 and model[0].weight.grad.dtype == torch.float32
assert scaler.get_scale() > 1  # starts at 65536.0
assert losses[-1] < losses[0]
# --8<-- [end:grad_scaler]


# --8<-- [start:unscale_clip]
# To clip, unscale first: clip_grad_norm_ must see the true gradients.
optimizer.zero_grad()
with torch.autocast("cuda", dtype=torch.float16):
    loss = nn.functional.cross_entropy(model(x), target)
scaler.scale(loss).backward()
scaler.unscale_(optimizer)
total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
scaler.step(optimizer)  # knows the gradients are already unscaled
scaler.update()
assert torch.isfinite(total)
# --8<-- [end:unscale_clip]
