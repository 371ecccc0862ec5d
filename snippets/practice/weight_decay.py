"""Weight decay: L2 in Adam's gradient versus AdamW's decoupled decay, and parameter
groups that exempt biases and normalisation weights (TOPICS X4).

Run it alone: python snippets/practice/weight_decay.py
"""

# --8<-- [start:one_step]
import torch
from torch import nn


def one_step(optimizer_class, weight_decay):
    """One update of a weight that the loss does not depend on (its gradient is 0):
    whatever moves it is the weight decay alone."""
    w = nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
    optimizer = optimizer_class([w], lr=0.1, weight_decay=weight_decay)
    w.grad = torch.zeros_like(w)  # the loss's gradient
    optimizer.step()
    return w.item()


for wd in (1e-2, 1e-4):
    print(f"weight_decay={wd:g}:  Adam {one_step(torch.optim.Adam, wd):.6f}"
          f"   AdamW {one_step(torch.optim.AdamW, wd):.6f}")
          #> weight_decay=0.01:  Adam 0.900000   AdamW 0.999000
          #> weight_decay=0.0001:  Adam 0.900010   AdamW 0.999990
# --8<-- [end:one_step]


# --8<-- [start:by_hand]
# Adam's weight_decay is L2: it adds wd * w to the gradient, and Adam then divides the
# gradient by its own running scale, so the first step is lr * sign, whatever wd is.
lr, wd, w0, eps = 0.1, 1e-2, 1.0, 1e-8
g = 0.0 + wd * w0  # loss gradient + the L2 term
m_hat, v_hat = g, g**2  # Adam's bias-corrected moments after one step
adam = w0 - lr * m_hat / (v_hat**0.5 + eps)
# AdamW shrinks the weight itself, before and apart from the Adam step.
adamw = w0 * (1 - lr * wd)  # plus the Adam step of a zero gradient, which is 0
print(f"{adam:.6f} {adamw:.6f}")
#> 0.900000 0.999000
assert abs(adam - one_step(torch.optim.Adam, wd)) < 1e-9
assert abs(adamw - one_step(torch.optim.AdamW, wd)) < 1e-12
# --8<-- [end:by_hand]


# --8<-- [start:groups]
NORM_LAYERS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm, nn.GroupNorm)


def param_groups(model, weight_decay):
    """Two groups: weights of Linear/Conv layers decay; biases and norm weights do not."""
    decay, no_decay = [], []
    for module in model.modules():
        for name, param in module.named_parameters(recurse=False):
            if name == "bias" or isinstance(module, NORM_LAYERS):
                no_decay.append(param)
            else:
                decay.append(param)
    return [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]


torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3, padding=1),
    nn.BatchNorm2d(8),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(8 * 8 * 8, 32),
    nn.LayerNorm(32),
    nn.Linear(32, 10),
)
optimizer = torch.optim.AdamW(param_groups(model, weight_decay=0.05), lr=1e-3)

names = {param: name for name, param in model.named_parameters()}
for group in optimizer.param_groups:
    print(group["weight_decay"], [names[p] for p in group["params"]])
    #> 0.05 ['0.weight', '4.weight', '6.weight']
    #> 0.0 ['0.bias', '1.weight', '1.bias', '4.bias', '5.weight', '5.bias', '6.bias']
# --8<-- [end:groups]


# --8<-- [start:ndim_rule]
# A shorter rule that gives the same split here: biases and norm weights are 1-D.
short = [p for p in model.parameters() if p.ndim <= 1]
assert {id(p) for p in short} == {id(p) for p in optimizer.param_groups[1]["params"]}
# --8<-- [end:ndim_rule]
