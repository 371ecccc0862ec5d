"""Indexing, slicing, index_select, boolean masks, masked_select, where and gather (TOPICS T11).

Run it alone: python snippets/tensors/indexing.py
"""

# --8<-- [start:basic]
import torch

x = torch.arange(12).reshape(3, 4)
print(x)
#> tensor([[ 0,  1,  2,  3],
#>         [ 4,  5,  6,  7],
#>         [ 8,  9, 10, 11]])

# An integer index removes that dim; a slice keeps it.
print(x[1], x[1, 2], x[-1, -1])
#> tensor([4, 5, 6, 7]) tensor(6) tensor(11)
print(x[:, 1])  # column 1 as a 1-D tensor, shape (3,)
#> tensor([1, 5, 9])
print(x[:, 1:2].shape)  # the same column kept 2-D
#> torch.Size([3, 1])
print(x[1:, ::2])  # rows 1.., every second column
#> tensor([[ 4,  6],
#>         [ 8, 10]])
print(x[..., -1])  # ... stands for "all the dims before"
#> tensor([ 3,  7, 11])

# Slices are views: writing into one writes into x.
x[0, :2] = -1
print(x[0])
#> tensor([-1, -1,  2,  3])
# --8<-- [end:basic]

# --8<-- [start:index_select]
x = torch.arange(12).reshape(3, 4)
idx = torch.tensor([0, 2])

# Pick whole rows or columns by position along one dim.
print(torch.index_select(x, dim=0, index=idx))
#> tensor([[ 0,  1,  2,  3],
#>         [ 8,  9, 10, 11]])
print(x.index_select(1, torch.tensor([3, 0, 0])))  # any order, repeats allowed
#> tensor([[ 3,  0,  0],
#>         [ 7,  4,  4],
#>         [11,  8,  8]])
assert torch.equal(x.index_select(1, idx), x[:, idx])
# --8<-- [end:index_select]

# --8<-- [start:fancy]
rows = torch.tensor([0, 2, 2])
cols = torch.tensor([1, 0, 3])

print(x[rows])  # rows 0, 2, 2: shape (3, 4)
#> tensor([[ 0,  1,  2,  3],
#>         [ 8,  9, 10, 11],
#>         [ 8,  9, 10, 11]])
# Two index tensors are paired element by element: x[0, 1], x[2, 0], x[2, 3].
print(x[rows, cols])
#> tensor([ 1,  8, 11])
# For the sub-grid "these rows x these columns", broadcast them: (2, 1) against (2,).
print(x[torch.tensor([[0], [2]]), torch.tensor([1, 3])])
#> tensor([[ 1,  3],
#>         [ 9, 11]])

# Indices must be integers (or booleans); a float tensor is refused.
try:
    x[torch.tensor([0.0, 2.0])]
except IndexError as err:
    print(err)
    #> tensors used as indices must be long, int, byte or bool tensors

# Indexing with a tensor copies, unlike a slice.
row_copy = x[rows]
row_copy[0, 0] = 100
print(x[0, 0])
#> tensor(0)
# --8<-- [end:fancy]

# --8<-- [start:masks]
x = torch.arange(12).reshape(3, 4)
mask = x % 3 == 0  # a comparison gives a bool tensor of the same shape
print(mask)
#> tensor([[ True, False, False,  True],
#>         [False, False,  True, False],
#>         [False,  True, False, False]])
print(x[mask])  # a mask of x's shape: the selected elements, 1-D
#> tensor([0, 3, 6, 9])
# A mask over the first dimension only picks whole rows: the other dimension stays.
row_mask = torch.tensor([True, False, True])
print(x[row_mask].shape)
#> torch.Size([2, 4])

# Combine conditions with & | ~ (and parentheses); Python's `and` does not work.
print(x[(x > 2) & (x < 7)])
#> tensor([3, 4, 5, 6])
try:
    x[(x > 2) and (x < 7)]
except RuntimeError as err:
    print(err)
    #> Boolean value of Tensor with more than one value is ambiguous

# Assigning through a mask changes only the selected elements.
y = x.clone()
y[y > 8] = 0
print(y)
#> tensor([[0, 1, 2, 3],
#>         [4, 5, 6, 7],
#>         [8, 0, 0, 0]])
# --8<-- [end:masks]

# --8<-- [start:masked_select]
x = torch.arange(6).reshape(2, 3)
full = torch.tensor([[True, False, True], [False, True, False]])
print(torch.masked_select(x, full))
#> tensor([0, 2, 4])
assert torch.equal(torch.masked_select(x, full), x[full])

# The mask only has to BROADCAST against the input: (1, 3) and (3,) act on every row ...
print(torch.masked_select(x, torch.tensor([[True, False, True]])))
#> tensor([0, 2, 3, 5])
print(torch.masked_select(x, torch.tensor([True, False, True])))
#> tensor([0, 2, 3, 5])
# ... (2, 1) on whole rows. The result is 1-D every time.
print(torch.masked_select(x, torch.tensor([[False], [True]])))
#> tensor([3, 4, 5])

# Same number of elements is NOT enough: a (6,) mask does not broadcast with (2, 3).
try:
    torch.masked_select(x, torch.tensor([True, False, True, False, True, False]))
except RuntimeError as err:
    print(err)
    #> The size of tensor a (6) must match the size of tensor b (3) at non-singleton dimension 1
try:
    torch.masked_select(x, torch.tensor([True, False]))  # (2,) against (2, 3)
except RuntimeError as err:
    print(err)
    #> The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1
# The mask must be bool, not 0/1 integers.
try:
    torch.masked_select(x, torch.tensor([1, 0, 1]))
except RuntimeError as err:
    print(err)
    #> masked_select: expected BoolTensor for mask

# x[mask] does not broadcast at all: the mask must match the leading dims exactly.
try:
    x[torch.tensor([True, False, True])]
except IndexError as err:
    print(str(err).replace(" does not", "\ndoes not"))  # wrapped to fit the page
    #> The shape of the mask [3] at index 0
    #> does not match the shape of the indexed tensor [2, 3] at index 0
# --8<-- [end:masked_select]

# --8<-- [start:where]
torch.manual_seed(0)
scores = torch.randn(2, 3)
print(scores)
#> tensor([[ 1.5410, -0.2934, -2.1788],
#>         [ 0.5684, -1.0845, -1.3986]])

# where(cond, a, b): a where cond is True, else b; numbers broadcast.
print(torch.where(scores > 0, scores, 0.0))
#> tensor([[1.5410, 0.0000, 0.0000],
#>         [0.5684, 0.0000, 0.0000]])
print(torch.where(scores > 0, 1, -1))
#> tensor([[ 1, -1, -1],
#>         [ 1, -1, -1]])

# With only a condition it returns the indices of the True elements, one tensor per dim.
r, c = torch.where(scores > 0)
print(r, c)
#> tensor([0, 1]) tensor([0, 0])
assert torch.equal(scores[r, c], scores[scores > 0])
# --8<-- [end:where]

# --8<-- [start:gather]
logits = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.0, 0.1, 0.9]])
labels = torch.tensor([1, 0, 2])

# gather picks, in every row, the column given by the index tensor.
# The index has the same number of dims as the input, hence unsqueeze(1).
picked = logits.gather(1, labels.unsqueeze(1))
print(picked.shape)
#> torch.Size([3, 1])
print(picked.squeeze(1))
#> tensor([0.7000, 0.5000, 0.9000])
assert torch.equal(picked.squeeze(1), logits[torch.arange(3), labels])
# --8<-- [end:gather]
