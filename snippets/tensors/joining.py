"""Joining tensors with cat and stack, splitting them with chunk, split and unbind (TOPICS T9, T10).

Run it alone: python snippets/tensors/joining.py
"""

# --8<-- [start:cat]
import torch

top = torch.tensor([[1, 2], [3, 4]])  # (2, 2)
bottom = torch.tensor([[5, 6]])  # (1, 2)

# cat joins along an existing dim; that dim's sizes add up: 2 + 1 = 3 rows.
rows = torch.cat((top, bottom), dim=0)
print(rows)
#> tensor([[1, 2],
#>         [3, 4],
#>         [5, 6]])
print(rows.shape)
#> torch.Size([3, 2])

# Along dim=1 the row counts must agree instead: (2, 2) and (2, 1) -> (2, 3).
right = torch.tensor([[7], [8]])
cols = torch.cat([top, right], dim=1)
print(cols)
#> tensor([[1, 2, 7],
#>         [3, 4, 8]])
# --8<-- [end:cat]

# --8<-- [start:cat_errors]
# Every dim except the one you join along must match.
try:
    torch.cat([top, right], dim=0)  # dim 1 differs: 2 against 1
except RuntimeError as err:
    print(str(err).replace(". ", ".\n"))  # one sentence per line
    #> Sizes of tensors must match except in dimension 0.
    #> Expected size 2 but got size 1 for tensor number 1 in the list.

# Both tensors need the same number of dims: a 1-D row is not a (1, 2) row.
try:
    torch.cat([top, torch.tensor([5, 6])], dim=0)
except RuntimeError as err:
    print(err)
    #> Tensors must have same number of dimensions: got 2 and 1
print(torch.cat([top, torch.tensor([5, 6]).unsqueeze(0)]).shape)
#> torch.Size([3, 2])
# --8<-- [end:cat_errors]

# --8<-- [start:stack]
a = torch.tensor([1, 2, 3])
b = torch.tensor([4, 5, 6])

# stack adds a NEW dim and puts the tensors side by side along it.
print(torch.stack([a, b]))  # dim=0: (2, 3)
#> tensor([[1, 2, 3],
#>         [4, 5, 6]])
print(torch.stack([a, b], dim=1))  # dim=1: (3, 2)
#> tensor([[1, 4],
#>         [2, 5],
#>         [3, 6]])

# stack(ts, dim) is cat of the tensors each unsqueezed at dim.
assert torch.equal(torch.stack([a, b], dim=1), torch.cat([a.unsqueeze(1), b.unsqueeze(1)], dim=1))

# A typical use: turn a list of equally shaped samples into one batch.
images = [torch.zeros(3, 32, 32) for _ in range(8)]
print(torch.stack(images).shape)
#> torch.Size([8, 3, 32, 32])

# All shapes must be equal, even the ones cat would accept.
try:
    torch.stack([top, bottom])
except RuntimeError as err:
    print(err)
    #> stack expects each tensor to be equal size, but got [2, 2] at entry 0 and [1, 2] at entry 1
# --8<-- [end:stack]

# --8<-- [start:chunk]
x = torch.arange(10)
# chunk(n) asks for n pieces of size ceil(10 / 3) = 4; the last one is smaller.
print(x.chunk(3))
#> (tensor([0, 1, 2, 3]), tensor([4, 5, 6, 7]), tensor([8, 9]))

# It may return FEWER pieces than asked: 6 elements in 4 chunks of ceil(6 / 4) = 2.
print(len(torch.arange(6).chunk(4)))
#> 3

m = torch.arange(12).reshape(3, 4)
left, right_half = m.chunk(2, dim=1)  # split the columns
print(left)
#> tensor([[0, 1],
#>         [4, 5],
#>         [8, 9]])
# --8<-- [end:chunk]

# --8<-- [start:split]
# split(size): pieces of that size, the last one gets what is left.
print(x.split(4))
#> (tensor([0, 1, 2, 3]), tensor([4, 5, 6, 7]), tensor([8, 9]))

# split(list): exactly these sizes; they must add up to the length of the dim.
train, val, test = x.split([6, 2, 2])
print(train, val, test)
#> tensor([0, 1, 2, 3, 4, 5]) tensor([6, 7]) tensor([8, 9])
try:
    x.split([6, 2])
except RuntimeError as err:
    print(str(err).split(" (")[0])
    #> split_with_sizes expects split_sizes to sum exactly to 10

print([piece.shape for piece in m.split([1, 3], dim=1)])
#> [torch.Size([3, 1]), torch.Size([3, 3])]
# --8<-- [end:split]

# --8<-- [start:unbind]
# unbind removes a dim and returns every slice along it.
print(m.unbind(dim=0))
#> (tensor([0, 1, 2, 3]), tensor([4, 5, 6, 7]), tensor([ 8,  9, 10, 11]))
print([c.shape for c in m.unbind(dim=1)])
#> [torch.Size([3]), torch.Size([3]), torch.Size([3]), torch.Size([3])]
# It undoes stack.
assert torch.equal(torch.stack(m.unbind(dim=1), dim=1), m)
# --8<-- [end:unbind]

# --8<-- [start:views]
data = torch.arange(6)
first, second = data.chunk(2)
# The pieces are views: they share memory with data, nothing was copied.
first[0] = 100
print(data)
#> tensor([100,   1,   2,   3,   4,   5])
assert first.untyped_storage().data_ptr() == data.untyped_storage().data_ptr()

# cat and stack copy: the result lives in new memory.
joined = torch.cat([first, second])
joined[1] = -1
print(data[1], joined[1])
#> tensor(1) tensor(-1)

# Need an independent piece? clone it.
safe = data.split(3)[1].clone()
safe.zero_()
print(data)
#> tensor([100,   1,   2,   3,   4,   5])
# --8<-- [end:views]
