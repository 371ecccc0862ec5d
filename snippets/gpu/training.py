"""Training on the GPU: the model and every batch on one device (TOPICS G1, G3).

The same seeded program runs on the CPU here and on CUDA where there is one; it prints
only what does not depend on the machine. CUDA-only facts live in training_cuda.py.

Run it alone: python snippets/gpu/training.py
"""

# --8<-- [start:setup]
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
use_cuda = device.type == "cuda"

# A small 3-class problem: 600 points in 2-D, labels from three fixed centres.
torch.manual_seed(0)
centres = torch.tensor([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
labels = torch.arange(3).repeat_interleave(200)
points = centres[labels] + 0.9 * torch.randn(600, 2)
train_set = TensorDataset(points[:500], labels[:500])
test_set = TensorDataset(points[500:], labels[500:])

# The dataset stays on the CPU; batches travel to the device one at a time.
# Pinned memory only helps copies to an accelerator; without one the loader would warn.
train_loader = DataLoader(train_set, batch_size=50, shuffle=True, pin_memory=use_cuda)
test_loader = DataLoader(test_set, batch_size=100, pin_memory=use_cuda)
print(len(train_loader), len(test_loader))
#> 10 1
# --8<-- [end:setup]

# --8<-- [start:model]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
model.to(device)  # move first, then give its parameters to the optimizer
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
assert next(model.parameters()).device.type == device.type
# --8<-- [end:model]

# --8<-- [start:train]
def train_one_epoch(model, loader, optimizer, loss_fn, device):
    model.train()
    total = torch.zeros((), device=device)  # summed on the device: no sync per batch
    for inputs, targets in loader:
        # Every batch to the model's device; non_blocking overlaps the copy when pinned.
        inputs = inputs.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True)
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.detach() * len(targets)
    return total.item() / len(loader.dataset)  # one .item() per epoch


torch.manual_seed(0)  # the shuffling order
losses = [train_one_epoch(model, train_loader, optimizer, loss_fn, device) for _ in range(5)]
assert losses[-1] < losses[0] / 2
print(f"first epoch {losses[0]:.1f}, last epoch {losses[-1]:.1f}")
#> first epoch 0.6, last epoch 0.2
# --8<-- [end:train]

# --8<-- [start:evaluate]
@torch.no_grad()
def accuracy(model, loader, device):
    model.eval()
    correct = 0
    for inputs, targets in loader:
        predicted = model(inputs.to(device)).argmax(dim=1)
        correct += (predicted == targets.to(device)).sum().item()
    return correct / len(loader.dataset)


acc = accuracy(model, test_loader, device)
print(acc >= 0.85)
#> True

# Results for NumPy, matplotlib or printing: detach, then back to the CPU.
logits = model(test_set.tensors[0][:4].to(device))
probs = logits.softmax(dim=1).detach().cpu().numpy()
print(probs.shape, probs.dtype)
#> (4, 3) float32
# --8<-- [end:evaluate]
