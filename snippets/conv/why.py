"""Why convolutions: few parameters, local connections, shifts in = shifts out (TOPICS C1).

Run it alone: python snippets/conv/why.py
"""
# figures: conv_edges.png

# --8<-- [start:params]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)


def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# A 32x32 grayscale image mapped to a 32x32 output map.
fc_small = nn.Linear(32 * 32, 32 * 32)  # every output pixel sees every input pixel
conv_small = nn.Conv2d(1, 1, kernel_size=3, padding=1)  # one shared 3x3 kernel
print(n_params(fc_small), n_params(conv_small))
#> 1049600 10

# A 3x224x224 image mapped to 64 maps of 224x224. On the "meta" device a layer has
# shapes but no memory, so we can count a layer far too large to allocate.
fc_big = nn.Linear(3 * 224 * 224, 64 * 224 * 224, device="meta")
conv_big = nn.Conv2d(3, 64, kernel_size=3, padding=1)
print(f"{n_params(fc_big):,} vs {n_params(conv_big):,}")
#> 483,388,358,656 vs 1,792
assert n_params(conv_big) == 64 * 3 * 3 * 3 + 64  # out * in * k * k + out (bias)
assert n_params(fc_big) == (3 * 224 * 224) * (64 * 224 * 224) + 64 * 224 * 224
# --8<-- [end:params]

# --8<-- [start:sparse]
# Which input pixels does one output pixel depend on? Ask autograd.
image = torch.randn(1, 1, 7, 7, requires_grad=True)
conv = nn.Conv2d(1, 1, kernel_size=3, padding=1)
conv(image)[0, 0, 3, 3].backward()  # the centre output pixel
depends_on = (image.grad[0, 0] != 0).int()
print(depends_on)
#> tensor([[0, 0, 0, 0, 0, 0, 0],
#>         [0, 0, 0, 0, 0, 0, 0],
#>         [0, 0, 1, 1, 1, 0, 0],
#>         [0, 0, 1, 1, 1, 0, 0],
#>         [0, 0, 1, 1, 1, 0, 0],
#>         [0, 0, 0, 0, 0, 0, 0],
#>         [0, 0, 0, 0, 0, 0, 0]], dtype=torch.int32)
# --8<-- [end:sparse]

# --8<-- [start:equivariance]
# A 16x16 image with one bright square, and a kernel that responds to vertical edges.
img = torch.zeros(1, 1, 16, 16)
img[0, 0, 4:8, 5:9] = 1.0
edge = nn.Conv2d(1, 1, kernel_size=3, padding=1, padding_mode="circular", bias=False)
with torch.no_grad():
    edge.weight.copy_(torch.tensor([[[[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]]]))

shifted = torch.roll(img, shifts=(5, 6), dims=(2, 3))  # move the square down and right
with torch.no_grad():
    out, out_shifted = edge(img), edge(shifted)

# Equivariance: convolving the shifted image = shifting the convolved image.
assert torch.equal(out_shifted, torch.roll(out, shifts=(5, 6), dims=(2, 3)))
print(out[0, 0, 3:9, 3:11])  # rows 3-8, columns 3-10
#> tensor([[ 0.,  1.,  1.,  0.,  0., -1., -1.,  0.],
#>         [ 0.,  3.,  3.,  0.,  0., -3., -3.,  0.],
#>         [ 0.,  4.,  4.,  0.,  0., -4., -4.,  0.],
#>         [ 0.,  4.,  4.,  0.,  0., -4., -4.,  0.],
#>         [ 0.,  3.,  3.,  0.,  0., -3., -3.,  0.],
#>         [ 0.,  1.,  1.,  0.,  0., -1., -1.,  0.]])
# --8<-- [end:equivariance]

# --8<-- [start:invariance]
# Pooling turns "moves with the input" into "barely changes".
def edge_map(x: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return edge(x).abs()


base = edge_map(img)
changes = {}
for shift in (1, 2, 3):
    moved = edge_map(torch.roll(img, shifts=shift, dims=3))  # move right by `shift` pixels
    conv_changed = (base != moved).sum().item()
    pool_changed = (F.max_pool2d(base, 4) != F.max_pool2d(moved, 4)).sum().item()
    same_max = bool(base.amax() == moved.amax())  # global max pooling
    changes[shift] = (conv_changed, pool_changed, same_max)
    print(f"shift {shift}: conv {conv_changed}/256, 4x4 pool {pool_changed}/16, max {same_max}")
    #> shift 1: conv 24/256, 4x4 pool 0/16, max True
    #> shift 2: conv 48/256, 4x4 pool 0/16, max True
    #> shift 3: conv 36/256, 4x4 pool 3/16, max True
# --8<-- [end:invariance]

# --8<-- [start:figure]
fig, axes = plt.subplots(1, 4, figsize=(10, 2.8))
panels = [
    (img, "input"),
    (out, "vertical-edge map"),
    (shifted, "input, shifted"),
    (out_shifted, "edge map, shifted"),
]
for ax, (tensor, title) in zip(axes, panels, strict=True):
    ax.imshow(tensor[0, 0].numpy(), cmap="gray")  # matplotlib wants NumPy
    ax.set_title(title)
    ax.axis("off")
fig.tight_layout()
fig.savefig("conv_edges.png", dpi=100)
plt.close(fig)
# --8<-- [end:figure]
