"""Storage, strides and views: what a tensor header holds and when memory is shared (TOPICS T4).

Run it alone: python snippets/tensors/storage.py  (writes storage_strides.png)
"""
# figures: storage_strides.png

# --8<-- [start:header]
import torch

x = torch.tensor([[0, 1, 2], [3, 4, 5]])
# The header: how to read the numbers.
print(x.shape, x.stride(), x.dtype, x.storage_offset())
#> torch.Size([2, 3]) (3, 1) torch.int64 0
# The storage: the numbers themselves, one flat block of bytes.
storage = x.untyped_storage()
print(storage.nbytes(), x.element_size())  # 6 elements * 8 bytes
#> 48 8
# --8<-- [end:header]

# --8<-- [start:formula]
# Element [i, j] sits at position offset + i * stride[0] + j * stride[1] of the storage.
flat = x.view(-1)  # x is contiguous, so its storage in order is just x flattened
i, j = 1, 2
position = x.storage_offset() + i * x.stride(0) + j * x.stride(1)
print(position, flat[position].item(), x[i, j].item())
#> 5 5 5
# --8<-- [end:formula]


# --8<-- [start:views]
def describe(name, t):
    """Header fields, and whether t reads the same storage block as x."""
    same = t.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    print(f"{name:9} shape={tuple(t.shape)} stride={t.stride()} "
          f"offset={t.storage_offset()} shares={same}")


describe("x", x)
#> x         shape=(2, 3) stride=(3, 1) offset=0 shares=True
describe("x[1]", x[1])  # the second row starts 3 elements in
#> x[1]      shape=(3,) stride=(1,) offset=3 shares=True
describe("x[:, 1]", x[:, 1])  # a column: step 3 elements to go down
#> x[:, 1]   shape=(2,) stride=(3,) offset=1 shares=True
describe("x.T", x.T)  # transposing only swaps the strides
#> x.T       shape=(3, 2) stride=(1, 3) offset=0 shares=True
describe("x.view", x.view(3, 2))  # a new shape over the same numbers
#> x.view    shape=(3, 2) stride=(2, 1) offset=0 shares=True

# Sharing means writing through a view changes the original.
row = x[1]
row[0] = 30
print(x)
#> tensor([[ 0,  1,  2],
#>         [30,  4,  5]])
# --8<-- [end:views]

# --8<-- [start:copies]
describe("clone", x.clone())
#> clone     shape=(2, 3) stride=(3, 1) offset=0 shares=False
describe("T.contig", x.T.contiguous())  # same values as x.T, laid out row by row
#> T.contig  shape=(3, 2) stride=(2, 1) offset=0 shares=False

# contiguous() copies only when it has to: on a contiguous tensor it returns it.
assert x.contiguous() is x
print(x.T.contiguous())
#> tensor([[ 0, 30],
#>         [ 1,  4],
#>         [ 2,  5]])
# --8<-- [end:copies]

# --8<-- [start:contiguous]
# Contiguous: walking the elements in row-major order walks the storage in order.
for name, t in [("x", x), ("x[1]", x[1]), ("x[:, 1]", x[:, 1]), ("x.T", x.T)]:
    print(f"{name:8} {t.is_contiguous()}")
    #> x        True
    #> x[1]     True
    #> x[:, 1]  False
    #> x.T      False
# --8<-- [end:contiguous]

# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402  (only the figure needs it)

fig, ax = plt.subplots(figsize=(7, 4))
colors = ["#cfe2f3", "#fce5cd"]  # one colour per row of the 2x3 tensor
for r in range(2):
    for c in range(3):
        y0 = 3.5 - r  # row 0 on top
        ax.add_patch(plt.Rectangle((c, y0), 1, 1, fc=colors[r], ec="black"))
        ax.text(c + 0.5, y0 + 0.5, f"[{r},{c}]\n{3 * r + c}", ha="center", va="center")
ax.text(3.4, 3.5, "header\nshape  (2, 3)\nstride (3, 1)\noffset 0\ndtype  int64",
        va="center", family="monospace")
for k in range(6):
    ax.add_patch(plt.Rectangle((k, 0), 1, 1, fc=colors[k // 3], ec="black"))
    ax.text(k + 0.5, 0.5, str(k), ha="center", va="center")
    ax.text(k + 0.5, -0.3, str(k), ha="center", va="center", fontsize=8, color="gray")
ax.text(-0.2, -0.3, "index", ha="right", va="center", fontsize=8, color="gray")
ax.text(-0.2, 0.5, "storage", ha="right", va="center")
arc = {"arrowstyle": "->", "connectionstyle": "arc3,rad=-0.5"}
ax.annotate("", xy=(1.5, 1.05), xytext=(0.5, 1.05), arrowprops=arc)
ax.text(1.0, 1.45, "+1: next column", ha="center", fontsize=9)
arc_down = {**arc, "connectionstyle": "arc3,rad=0.3"}
ax.annotate("", xy=(3.5, -0.5), xytext=(0.5, -0.5), arrowprops=arc_down)
ax.text(2.0, -1.25, "+3: next row", ha="center", fontsize=9)
ax.set_xlim(-1.2, 6.3)
ax.set_ylim(-1.5, 4.6)
ax.set_aspect("equal")
ax.axis("off")
fig.savefig("storage_strides.png", bbox_inches="tight", dpi=120)
# --8<-- [end:figure]
