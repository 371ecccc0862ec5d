"""Learning-rate schedules: StepLR, CosineAnnealingLR, OneCycleLR and a LinearLR warm-up
joined to cosine decay with SequentialLR; where scheduler.step() goes (TOPICS X3).

Run it alone: python snippets/practice/schedulers.py   (writes lr_schedules.png)
"""
# figures: lr_schedules.png

# --8<-- [start:schedules]
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.optim import lr_scheduler

EPOCHS = 30


def lr_curve(make_scheduler, steps=EPOCHS, lr=0.1):
    """The learning rate a scheduler sets at each of `steps` steps."""
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=lr)
    scheduler = make_scheduler(optimizer)
    lrs = []
    for _ in range(steps):
        lrs.append(scheduler.get_last_lr()[0])  # the rate this step trains with
        optimizer.step()  # (a real loop computes a loss and gradients first)
        scheduler.step()
    return lrs


curves = {
    "StepLR": lr_curve(lambda opt: lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)),
    "CosineAnnealingLR": lr_curve(lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS)),
    "OneCycleLR": lr_curve(
        lambda opt: lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=EPOCHS)
    ),
    "LinearLR + cosine": lr_curve(
        lambda opt: lr_scheduler.SequentialLR(
            opt,
            schedulers=[
                lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5),  # warm-up
                lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS - 5),
            ],
            milestones=[5],  # switch to the second schedule after 5 steps
        )
    ),
}
for name, lrs in curves.items():
    print(f"{name:18s}", " ".join(f"{lr:.4f}" for lr in lrs[:6]), "...", f"{lrs[-1]:.4f}")
    #> StepLR             0.1000 0.1000 0.1000 0.1000 0.1000 0.1000 ... 0.0250
    #> CosineAnnealingLR  0.1000 0.0997 0.0989 0.0976 0.0957 0.0933 ... 0.0003
    #> OneCycleLR         0.0040 0.0077 0.0181 0.0336 0.0520 0.0704 ... 0.0000
    #> LinearLR + cosine  0.0100 0.0280 0.0460 0.0640 0.0820 0.1000 ... 0.0004
# --8<-- [end:schedules]


# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3.2))
for name, lrs in curves.items():
    ax.plot(range(EPOCHS), lrs, label=name)
ax.set(xlabel="scheduler.step() calls", ylabel="learning rate")
ax.legend()
fig.savefig("lr_schedules.png", bbox_inches="tight")
# --8<-- [end:plot]


# --8<-- [start:per_epoch]
torch.manual_seed(0)
x, y = torch.randn(64, 4), torch.randn(64, 1)
batches = list(zip(x.split(16), y.split(16), strict=True))  # 4 mini-batches per epoch
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.1)
for epoch in range(4):
    for xb, yb in batches:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(xb), yb).backward()
        optimizer.step()  # every batch
    scheduler.step()  # once per epoch, after the optimizer
    print(epoch, f"{scheduler.get_last_lr()[0]:g}")
    #> 0 0.1
    #> 1 0.01
    #> 2 0.01
    #> 3 0.001

# A scheduler only counts its step() calls. Stepped after every batch, the same
# step_size=2 means 2 batches, not 2 epochs.
per_batch_calls = lr_curve(lambda opt: lr_scheduler.StepLR(opt, step_size=2, gamma=0.1), steps=5)
print([f"{lr:g}" for lr in per_batch_calls])
#> ['0.1', '0.1', '0.01', '0.01', '0.001']
# --8<-- [end:per_epoch]


# --8<-- [start:per_batch]
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
epochs = 3
# OneCycleLR counts batches: it needs the total number of optimizer steps.
scheduler = lr_scheduler.OneCycleLR(
    optimizer, max_lr=0.1, epochs=epochs, steps_per_epoch=len(batches)
)
for _ in range(epochs):
    for xb, yb in batches:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(xb), yb).backward()
        optimizer.step()
        scheduler.step()  # after every batch
print(scheduler.last_epoch, "steps")
#> 12 steps

# One step too many and OneCycleLR refuses:
try:
    scheduler.step()
except ValueError as err:
    print(str(err).split(".")[0])
    #> Tried to step 13 times
# --8<-- [end:per_batch]


# --8<-- [start:momentum]
# With cycle_momentum=True (the default) OneCycleLR also sets the momentum, in the
# opposite direction to the rate: 0.95 at the start, 0.85 at the peak, 0.95 again.
sgd = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)  # momentum=0 by default
print(sgd.param_groups[0]["momentum"])
#> 0
one_cycle = lr_scheduler.OneCycleLR(sgd, max_lr=0.1, total_steps=12)
momenta = []
for _ in range(12):
    momenta.append(sgd.param_groups[0]["momentum"])
    sgd.step()
    one_cycle.step()
print(" ".join(f"{m:.3f}" for m in momenta))
#> 0.950 0.918 0.863 0.851 0.857 0.869 0.885 0.904 0.922 0.937 0.947 0.950

# Adam-style optimizers have no momentum: OneCycleLR cycles betas[0] instead.
adamw = torch.optim.AdamW([nn.Parameter(torch.zeros(1))], lr=0.1)
print(adamw.param_groups[0]["betas"])
#> (0.9, 0.999)
lr_scheduler.OneCycleLR(adamw, max_lr=0.1, total_steps=12)
print(adamw.param_groups[0]["betas"])
#> (0.95, 0.999)

# cycle_momentum=False leaves the optimizer's momentum alone.
plain_sgd = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
lr_scheduler.OneCycleLR(plain_sgd, max_lr=0.1, total_steps=12, cycle_momentum=False)
print(plain_sgd.param_groups[0]["momentum"])
#> 0
# --8<-- [end:momentum]


# --8<-- [start:wrong_order]
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    scheduler.step()  # wrong: before the first optimizer.step()
    optimizer.step()
print(caught[0].category.__name__)
#> UserWarning
print(str(caught[0].message).split(".  ")[0])
#> Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`
# The first step of the schedule was skipped: the first update already used 0.05, not 0.1.
print(scheduler.get_last_lr())
#> [0.05]
# --8<-- [end:wrong_order]
