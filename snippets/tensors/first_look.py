"""A first look at tensors, as a notebook: make, inspect, compute, plot (TOPICS T2, T5).

Run it alone: python snippets/tensors/first_look.py  (writes first_look.png)
"""
# figures: first_look.png

# --8<-- [start:make]
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
x = torch.linspace(0, 2 * torch.pi, steps=50)
noise = 0.1 * torch.randn(50)
y = torch.sin(x) + noise
print(x.shape, y.dtype)
#> torch.Size([50]) torch.float32
# --8<-- [end:make]

# --8<-- [start:compute]
# Reductions turn a whole tensor into one number; .item() makes it a Python float.
print(f"mean={y.mean().item():.3f}  max={y.max().item():.3f}")
#> mean=0.005  max=1.119
print(round(torch.dist(y, torch.sin(x)).item(), 3))  # how far the noise moved us
#> 0.762
# --8<-- [end:compute]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(x, torch.sin(x), label="sin(x)")
ax.scatter(x, y, s=10, color="tab:orange", label="sin(x) + noise")
ax.set_xlabel("x")
ax.legend()
fig.savefig("first_look.png", bbox_inches="tight")
# --8<-- [end:plot]
