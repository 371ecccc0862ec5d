"""Plotting with Matplotlib: pyplot state, the object-oriented API, imshow (TOPICS N4).

Run it alone: python snippets/toolbox/plotting.py  (writes four PNG files)
The file is not called matplotlib.py on purpose: it would shadow the real Matplotlib.
"""
# figures: matplotlib_pyplot.png matplotlib_loss.png matplotlib_grid.png matplotlib_imshow.png

# --8<-- [start:pyplot]
import matplotlib.pyplot as plt
import numpy as np
import torch

x = np.linspace(0, 2 * np.pi, 100)
y = np.sin(x)

# The pyplot style of the notes: every plt.* call acts on the "current" figure.
plt.figure(figsize=(7, 5))  # width and height in inches
plt.plot(x, y, linewidth=5)
plt.xlabel("x", fontsize=10)
plt.ylabel("y", fontsize=10)
plt.title("y = sin(x)")
plt.savefig("matplotlib_pyplot.png", bbox_inches="tight")  # trim the empty margins

fig = plt.gcf()  # "get current figure": the one plt.figure() just made
print(fig.get_size_inches(), fig.dpi)
#> [7. 5.] 100.0
print(len(plt.get_fignums()))  # figures stay open (and in memory) until closed
#> 1
plt.close(fig)
print(len(plt.get_fignums()))
#> 0
# --8<-- [end:pyplot]

# --8<-- [start:oo]
torch.manual_seed(0)
epochs = torch.arange(1, 21)
train_loss = 2.0 * torch.exp(-epochs / 5) + 0.05 * torch.rand(20)
val_loss = 2.0 * torch.exp(-epochs / 6) + 0.15 + 0.05 * torch.rand(20)

# The object-oriented style: keep the figure and the axes, call methods on them.
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(epochs, train_loss, linewidth=2, label="train")
ax.plot(epochs, val_loss, linewidth=2, linestyle="--", label="validation")
ax.set_xlabel("epoch", fontsize=12)
ax.set_ylabel("loss", fontsize=12)
ax.set_title("Loss curves")
ax.legend()
fig.savefig("matplotlib_loss.png", bbox_inches="tight")
print(ax.get_legend_handles_labels()[1])
#> ['train', 'validation']
plt.close(fig)
# --8<-- [end:oo]

# --8<-- [start:grad]
# CPU tensors plot as they are, but not one that is part of an autograd graph.
w = torch.linspace(-1, 1, 5, requires_grad=True)
fig, ax = plt.subplots()
try:
    ax.plot(w**2)
except RuntimeError as err:
    print(err)
    #> Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.
ax.plot((w**2).detach())  # detach first (and .cpu() for a GPU tensor)
plt.close(fig)
# --8<-- [end:grad]

# --8<-- [start:several]
np.random.seed(0)
img1 = np.random.rand(3, 3)
img2 = np.random.rand(4, 4)

# Two calls to plt.figure() give two separate figures (two windows with plt.show()).
first = plt.figure()
plt.imshow(img1)
second = plt.figure()
plt.imshow(img2)
print(plt.get_fignums(), plt.gcf() is second)
#> [1, 2] True
plt.close("all")

# Usually clearer: one figure with a grid of axes.
fig, axes = plt.subplots(1, 2, figsize=(6, 3))
print(axes.shape)
#> (2,)
for ax, img, name in zip(axes, [img1, img2], ["img1 (3x3)", "img2 (4x4)"], strict=True):
    shown = ax.imshow(img, cmap="viridis", vmin=0, vmax=1)
    ax.set_title(name)
    ax.set_xticks(range(img.shape[1]))
    ax.set_yticks(range(img.shape[0]))
fig.colorbar(shown, ax=axes)
fig.savefig("matplotlib_grid.png", bbox_inches="tight")
plt.close(fig)
# --8<-- [end:several]

# --8<-- [start:imshow]
# A 3-channel image tensor the PyTorch way: (C, H, W), floats in [0, 1].
H, W = 32, 48
red = torch.linspace(0, 1, W).expand(H, W)  # brighter to the right
green = torch.linspace(0, 1, H).unsqueeze(1).expand(H, W)  # brighter downwards
blue = torch.full((H, W), 0.3)
image = torch.stack([red, green, blue])
print(image.shape)
#> torch.Size([3, 32, 48])

fig, axes = plt.subplots(1, 2, figsize=(7, 3))
try:
    axes[0].imshow(image.numpy())  # Matplotlib expects (H, W) or (H, W, C)
except TypeError as err:
    print(err)
    #> Invalid shape (3, 32, 48) for image data

hwc = image.permute(1, 2, 0)  # (C, H, W) -> (H, W, C): channels last
print(hwc.shape)
#> torch.Size([32, 48, 3])
axes[0].imshow(hwc.numpy())  # hand Matplotlib a NumPy array (.cpu() first on a GPU)
axes[0].set_title("image.permute(1, 2, 0)")
axes[1].imshow(image[0].numpy(), cmap="gray")  # one channel: a 2-D array and a colour map
axes[1].set_title("image[0], cmap='gray'")
fig.savefig("matplotlib_imshow.png", bbox_inches="tight")
plt.close(fig)
# --8<-- [end:imshow]
