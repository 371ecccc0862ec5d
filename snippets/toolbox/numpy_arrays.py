"""NumPy arrays: creating them, reading their shape, folding an axis (TOPICS N1, N2).

Run it alone: python snippets/toolbox/numpy_arrays.py  (writes numpy_axis_sum.png)
The file is not called numpy.py on purpose: a script named numpy.py would shadow the
real NumPy for every `import numpy` run from its folder.
"""
# figures: numpy_axis_sum.png

# --8<-- [start:create]
import numpy as np
import torch

# asarray turns nested lists into an array; dtype= picks the element type.
a = np.asarray([[1, 2], [3, 4]], dtype="float32")
print(a)
#> [[1. 2.]
#>  [3. 4.]]
print(a.dtype)
#> float32

# ones/zeros take the shape as ONE tuple (torch also accepts separate ints).
print(np.ones(shape=(2, 3), dtype="int32"))
#> [[1 1 1]
#>  [1 1 1]]
print(np.zeros((2, 2)).dtype)  # NumPy's default float is float64, torch's is float32
#> float64

# arange excludes the end; linspace takes a number of points and includes the end.
print(np.arange(0, 10, 3))
#> [0 3 6 9]
# ... but with a float step, rounding can let the end in: (1.3 - 1) / 0.1 is a hair over 3,
# so arange makes 4 points, and the last is 1.3 (plus a rounding error).
print(np.arange(1, 1.3, 0.1))
#> [1.  1.1 1.2 1.3]
print(np.linspace(0, 1, num=5))
#> [0.   0.25 0.5  0.75 1.  ]
print(np.linspace(0, 1, num=5, endpoint=False))
#> [0.  0.2 0.4 0.6 0.8]

# asarray does not copy what is already an array of the right dtype; array() does.
assert np.asarray(a) is a
assert np.array(a) is not a
# --8<-- [end:create]

# --8<-- [start:attributes]
m = np.arange(12).reshape(3, 4)
print(m.ndim, m.shape, m.size, m.dtype)
#> 2 (3, 4) 12 int64

# Same names, different meanings in torch: size is a method that returns the shape.
t = torch.from_numpy(m)
print(t.ndim, t.shape, t.size(), t.numel(), t.dtype)
#> 2 torch.Size([3, 4]) torch.Size([3, 4]) 12 torch.int64
# --8<-- [end:attributes]

# --8<-- [start:reshape]
r = np.arange(6)
print(r.reshape(2, 3))
#> [[0 1 2]
#>  [3 4 5]]
print(r.reshape(3, -1).shape)  # -1: "work this dimension out for me"
#> (3, 2)

# reshape keeps the reading order (row by row); it is not a transpose.
print(r.reshape(2, 3).reshape(3, 2))
#> [[0 1]
#>  [2 3]
#>  [4 5]]
print(r.reshape(2, 3).T)
#> [[0 3]
#>  [1 4]
#>  [2 5]]

try:
    r.reshape(4, 2)
except ValueError as err:
    print(err)
    #> cannot reshape array of size 6 into shape (4,2)
# --8<-- [end:reshape]

# --8<-- [start:axis]
x = np.array([[1, 2, 3], [4, 5, 6]])  # shape (2, 3)

# axis=i folds axis i: its entries are added together and the axis disappears.
col_sums = x.sum(axis=0)  # fold the 2 rows together -> one value per column
row_sums = x.sum(axis=1)  # fold the 3 columns together -> one value per row
print(col_sums, col_sums.shape)
#> [5 7 9] (3,)
print(row_sums, row_sums.shape)
#> [ 6 15] (2,)
print(x.sum())  # no axis: fold everything
#> 21

# keepdims=True leaves the folded axis in place with length 1 ...
print(x.sum(axis=1, keepdims=True).shape)
#> (2, 1)
# ... so the result broadcasts back against x: each row divided by its own sum.
print(x / x.sum(axis=1, keepdims=True))
#> [[0.16666667 0.33333333 0.5       ]
#>  [0.26666667 0.33333333 0.4       ]]
# Without keepdims the (2,) result is matched against the LAST axis of x, of length 3.
try:
    x / x.sum(axis=1)
except ValueError as err:
    print(err)
    #> operands could not be broadcast together with shapes (2,3) (2,)

# The same rule for mean, max, min, std, ...: the named axis disappears.
print(x.mean(axis=0), x.max(axis=1))
#> [2.5 3.5 4.5] [3 6]
# --8<-- [end:axis]

# --8<-- [start:figure]
# Draws the picture on the page; the page shows the picture, not this code.
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402


def draw_cells(ax, values, left, top, color):
    """Draw a 2-D array as unit squares, row i at y = top + i, column j at x = left + j."""
    for (i, j), v in np.ndenumerate(values):
        ax.add_patch(Rectangle((left + j, top + i), 1, 1, facecolor=color, edgecolor="black"))
        ax.text(left + j + 0.5, top + i + 0.5, str(v), ha="center", va="center", fontsize=14)


fig, ax = plt.subplots(figsize=(6, 4))
draw_cells(ax, x, left=0, top=0, color="#dbe9f6")
draw_cells(ax, x.sum(axis=0, keepdims=True), left=0, top=3, color="#fdd9b5")
draw_cells(ax, x.sum(axis=1, keepdims=True), left=5, top=0, color="#c7e9c0")
ax.annotate("", xy=(1.5, 3), xytext=(1.5, 2.1), arrowprops={"arrowstyle": "->", "lw": 2})
ax.annotate("", xy=(5, 1), xytext=(3.1, 1), arrowprops={"arrowstyle": "->", "lw": 2})
ax.text(1.5, -0.3, "x, shape (2, 3)", ha="center", fontsize=11)
ax.text(1.5, 4.5, "x.sum(axis=0) -> shape (3,)\nthe 2 rows are folded", ha="center", va="top")
ax.text(5.5, 2.3, "x.sum(axis=1)\n-> shape (2,)\nthe 3 columns\nare folded", ha="center", va="top")
ax.set_xlim(-0.5, 7)
ax.set_ylim(5.6, -0.8)  # y grows downwards, like row numbers
ax.set_aspect("equal")
ax.axis("off")
fig.savefig("numpy_axis_sum.png", dpi=120, bbox_inches="tight")
plt.close(fig)
# --8<-- [end:figure]

# --8<-- [start:argmax]
# Class probabilities for 3 examples (rows) over 4 classes (columns).
probs = np.array(
    [
        [0.10, 0.60, 0.20, 0.10],
        [0.70, 0.10, 0.10, 0.10],
        [0.05, 0.15, 0.30, 0.50],
    ]
)
print(np.argmax(probs, axis=1))  # predicted class of each example
#> [1 0 3]
print(np.argmax(probs))  # no axis: an index into the flattened array
#> 4
row, col = np.unravel_index(np.argmax(probs), probs.shape)  # back to (row, column)
print(row, col)
#> 1 0

# argsort returns the indices that would sort the array (ascending).
scores = np.array([0.3, 0.9, 0.1, 0.5])
order = np.argsort(scores)
print(order, scores[order])
#> [2 0 3 1] [0.1 0.3 0.5 0.9]
print(np.argsort(scores)[::-1][:2])  # top-2, best first
#> [1 3]
print(np.argsort(probs, axis=1)[:, -1])  # the last column of a row-wise argsort is argmax
#> [1 0 3]
# --8<-- [end:argmax]

# --8<-- [start:torch]
p = torch.from_numpy(probs)
# torch calls the axis dim= (axis= is accepted as an alias) and keepdims keepdim=.
print(p.argmax(dim=1))
#> tensor([1, 0, 3])
print(torch.argsort(torch.from_numpy(scores), descending=True))
#> tensor([1, 3, 0, 2])
print(p.sum(dim=1, keepdim=True).shape)
#> torch.Size([3, 1])

# torch.max with dim returns values AND indices; np.max returns values only.
values, indices = p.max(dim=1)
print(values, indices)
#> tensor([0.6000, 0.7000, 0.5000], dtype=torch.float64) tensor([1, 0, 3])

# NumPy does not know dim=.
try:
    np.sum(probs, dim=1)
except TypeError as err:
    print(err)
    #> sum() got an unexpected keyword argument 'dim'
# --8<-- [end:torch]
