"""The tensor cheat sheet, checked: every torch form against its NumPy twin (TOPICS T2, T5, T6,
T7, T8, T9, T10, T11, T12, N1, N2).

Run it alone: python snippets/tensors/cheatsheet.py

Each entry of `rows` is one row of the cheat-sheet tables on the page. A test compares the
source text of every entry with the table cells, so the tables and the checks cannot drift.
"""

# --8<-- [start:data]
import numpy as np
import torch

# The same numbers twice: t and u are tensors, a and b are NumPy arrays.
t = torch.arange(12, dtype=torch.float32).reshape(3, 4)
u = 11 - t
a = np.arange(12, dtype=np.float32).reshape(3, 4)
b = 11 - a
t3 = torch.arange(24).reshape(2, 3, 4)
a3 = np.arange(24).reshape(2, 3, 4)
print(t)
#> tensor([[ 0.,  1.,  2.,  3.],
#>         [ 4.,  5.,  6.,  7.],
#>         [ 8.,  9., 10., 11.]])
print(a)
#> [[ 0.  1.  2.  3.]
#>  [ 4.  5.  6.  7.]
#>  [ 8.  9. 10. 11.]]
# --8<-- [end:data]

# --8<-- [start:check]
def assert_same(ours, theirs, name):
    """Same values, same shape and same dtype; tuples and lists are compared item by item."""
    if isinstance(ours, torch.Tensor):
        ours = ours.numpy()
    if isinstance(ours, np.ndarray):
        assert ours.shape == theirs.shape, (name, ours.shape, theirs.shape)
        assert ours.dtype == theirs.dtype, (name, ours.dtype, theirs.dtype)
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, err_msg=name)
    elif isinstance(ours, (tuple, list)):
        assert len(ours) == len(theirs), (name, len(ours), len(theirs))
        for mine, other in zip(ours, theirs, strict=True):
            assert_same(mine, other, name)
    else:
        assert type(ours) is type(theirs) and ours == theirs, (name, ours, theirs)


# (operation, torch form, NumPy twin): one row of the tables each.
rows = [
    # creating
    ("tensor", torch.tensor([[1, 2], [3, 4]]), np.array([[1, 2], [3, 4]])),
    ("zeros", torch.zeros(2, 3), np.zeros((2, 3), dtype=np.float32)),
    ("ones", torch.ones(2, 3), np.ones((2, 3), dtype=np.float32)),
    ("eye", torch.eye(3), np.eye(3, dtype=np.float32)),
    ("full", torch.full((2, 2), 7.0), np.full((2, 2), 7.0, dtype=np.float32)),
    ("arange", torch.arange(0, 10, 2), np.arange(0, 10, 2)),
    ("linspace", torch.linspace(0, 1, 5), np.linspace(0, 1, 5, dtype=np.float32)),
    ("zeros_like", torch.zeros_like(t), np.zeros_like(a)),
    # shape
    ("shape", t.shape, a.shape),
    ("ndim", t.ndim, a.ndim),
    ("numel", t.numel(), a.size),
    ("reshape", t.reshape(4, 3), a.reshape(4, 3)),
    ("reshape_infer", t.reshape(-1, 6), a.reshape(-1, 6)),
    ("flatten", t.flatten(), a.flatten()),
    ("unsqueeze", t.unsqueeze(0), np.expand_dims(a, 0)),
    ("squeeze", t[None].squeeze(0), a[None].squeeze(0)),
    ("transpose_2d", t.T, a.T),
    ("swap_dims", t3.transpose(0, 2), np.swapaxes(a3, 0, 2)),
    ("permute", t3.permute(2, 0, 1), a3.transpose(2, 0, 1)),
    # joining and splitting
    ("cat", torch.cat([t, u], dim=0), np.concatenate([a, b], axis=0)),
    ("stack", torch.stack([t, u], dim=0), np.stack([a, b], axis=0)),
    ("chunk", t.chunk(2, dim=1), np.split(a, 2, axis=1)),
    ("split_sizes", t.split([1, 2], dim=0), np.split(a, [1], axis=0)),
    ("unbind", t.unbind(0), list(a)),
    # indexing
    ("slice", t[1:, ::2], a[1:, ::2]),
    ("mask", t[t > 5], a[a > 5]),
    ("index_list", t[:, [0, 2]], a[:, [0, 2]]),
    ("index_select", t.index_select(1, torch.tensor([0, 2])), np.take(a, [0, 2], axis=1)),
    ("where", torch.where(t > 5, t, 0.0), np.where(a > 5, a, 0.0)),
    # reductions
    ("sum", t.sum(), a.sum()),
    ("sum_dim", t.sum(dim=0), a.sum(axis=0)),
    ("keepdim", t.sum(dim=1, keepdim=True), a.sum(axis=1, keepdims=True)),
    ("mean", t.mean(dim=1), a.mean(axis=1)),
    ("max", t.max(dim=1).values, a.max(axis=1)),
    ("argmax", t.argmax(dim=1), a.argmax(axis=1)),
    ("std", t.std(dim=0), a.std(axis=0, ddof=1)),
    ("cumsum", t.cumsum(dim=1), a.cumsum(axis=1)),
    ("argsort", u.argsort(dim=1), b.argsort(axis=1)),
    # elementwise and matrix products
    ("add", t + u, a + b),
    ("mul", t * u, a * b),
    ("pow", t**2, a**2),
    ("exp", torch.exp(t), np.exp(a)),
    ("sqrt", torch.sqrt(t), np.sqrt(a)),
    ("abs", torch.abs(t - 5), np.abs(a - 5)),
    ("clamp", t.clamp(2, 8), np.clip(a, 2, 8)),
    ("matmul", t @ u.T, a @ b.T),
    ("dot", torch.dot(t[0], u[0]), np.dot(a[0], b[0])),
    # leaving tensor land and changing dtype
    ("to_numpy", t.numpy(), a),
    ("from_numpy", torch.from_numpy(a), a),
    ("copy_from_numpy", torch.tensor(a), np.array(a)),
    ("item", t.sum().item(), a.sum().item()),
    ("tolist", t.tolist(), a.tolist()),
    ("to_int64", t.to(torch.int64), a.astype(np.int64)),
    ("to_float64", t.double(), a.astype(np.float64)),
    ("to_bool", t.bool(), a.astype(bool)),
]

for name, ours, theirs in rows:
    assert_same(ours, theirs, name)
assert len({name for name, _, _ in rows}) == len(rows)  # names are unique
print(f"{len(rows)} rows checked: torch and NumPy agree on values, shapes and dtypes")
#> 55 rows checked: torch and NumPy agree on values, shapes and dtypes
# --8<-- [end:check]

# --8<-- [start:dtypes]
# Default dtypes differ: float32 in torch, float64 in NumPy.
print(torch.zeros(2).dtype, np.zeros(2).dtype)
#> torch.float32 float64
# from_numpy keeps NumPy's float64, and float32 weights then refuse it.
x64 = torch.from_numpy(np.ones((2, 3)))
layer = torch.nn.Linear(3, 1)
try:
    layer(x64)
except RuntimeError as err:
    print(err)
    #> mat1 and mat2 must have the same dtype, but got Double and Float
print(layer(x64.float()).shape)  # convert the input, not the model
#> torch.Size([2, 1])
# --8<-- [end:dtypes]

# --8<-- [start:names]
# torch says dim, NumPy says axis. torch also accepts axis=, NumPy never accepts dim=.
assert torch.equal(t.sum(axis=0), t.sum(dim=0))
try:
    a.sum(dim=0)
except TypeError as err:
    print(err)
    #> _sum() got an unexpected keyword argument 'dim'

# size: a method returning the shape in torch, the number of elements in NumPy.
print(t.size(), a.size)
#> torch.Size([3, 4]) 12
# --8<-- [end:names]

# --8<-- [start:differences]
def widths(pieces):
    return [p.shape[1] for p in pieces]


# split: torch takes the SIZES of the pieces, NumPy the INDICES where to cut.
print(widths(t.split([1, 3], dim=1)), widths(np.split(a, [1, 3], axis=1)))
#> [1, 3] [1, 2, 1]

# Uneven pieces: chunk makes ceil-sized pieces (maybe fewer), array_split spreads the rest.
print(widths(t.chunk(3, dim=1)), widths(np.array_split(a, 3, axis=1)))
#> [2, 2] [2, 1, 1]

# std: torch divides by n - 1 by default, NumPy by n.
print(t.std(dim=0), a.std(axis=0))
#> tensor([4., 4., 4., 4.]) [3.2659864 3.2659864 3.2659864 3.2659864]

# max with a dim returns values AND indices in torch, only values in NumPy.
values, indices = t.max(dim=1)
print(values, indices)
#> tensor([ 3.,  7., 11.]) tensor([3, 3, 3])

# transpose: torch swaps the two dims you name, NumPy reverses all of them by default.
print(np.transpose(a3).shape, t3.transpose(0, 1).shape)
#> (4, 3, 2) torch.Size([3, 2, 4])
try:
    torch.transpose(t3)
except TypeError as err:
    print(err)
    #> transpose() missing 2 required positional argument: "dim0", "dim1"
# --8<-- [end:differences]
