"""Elementwise arithmetic, in-place updates, broadcasting and matrix products (TOPICS T6, T7).

Run it alone: python snippets/tensors/arithmetic.py
"""

# --8<-- [start:elementwise]
import warnings

import torch

a = torch.tensor([[-1.0, 2.0], [3.0, -4.0]])
b = torch.tensor([[2.0, 2.0], [1.0, 4.0]])

# Every function has an operator twin; both work element by element.
print(torch.abs(a))
#> tensor([[1., 2.],
#>         [3., 4.]])
print(torch.add(a, b), a + b, sep="\n")
#> tensor([[1., 4.],
#>         [4., 0.]])
#> tensor([[1., 4.],
#>         [4., 0.]])
assert torch.equal(torch.sub(a, b), a - b)
assert torch.equal(torch.mul(a, b), a * b)  # elementwise, NOT a matrix product
assert torch.equal(torch.div(a, b), a / b)
print(torch.pow(a, 2))
#> tensor([[ 1.,  4.],
#>         [ 9., 16.]])
assert torch.equal(a**2, torch.pow(a, 2))

# A Python number works as the second operand too.
print(a * 10 + 1)
#> tensor([[ -9.,  21.],
#>         [ 31., -39.]])
# --8<-- [end:elementwise]

# --8<-- [start:division]
i = torch.tensor([7, -7])
# `/` is true division: integers in, float32 out.
print(i / 2)
#> tensor([ 3.5000, -3.5000])
# `//` rounds towards minus infinity, like Python; rounding_mode="trunc" towards zero.
print(i // 2, torch.div(i, 2, rounding_mode="trunc"))
#> tensor([ 3, -4]) tensor([ 3, -3])
try:
    torch.tensor([2, 4]) ** -1  # an integer tensor cannot hold 1/2
except RuntimeError as err:
    print(err)
    #> Integers to negative integer powers are not allowed.
print(torch.tensor([2.0, 4.0]) ** -1)
#> tensor([0.5000, 0.2500])
# The check looks at a Python exponent only: exponents in a tensor raise nothing,
# and 2 ** -1 = 0.5 is truncated to 0 in the integer result.
print(torch.tensor([2, 4]) ** torch.tensor([-1, -1]))
#> tensor([0, 0])
# --8<-- [end:division]

# --8<-- [start:out]
x = torch.tensor([1.0, 2.0, 3.0])
y = torch.tensor([10.0, 20.0, 30.0])

# Write the result into a tensor you allocated beforehand.
result = torch.empty(3)
ptr = result.data_ptr()
torch.add(x, y, out=result)
print(result)
#> tensor([11., 22., 33.])
assert result.data_ptr() == ptr  # same memory, nothing new was allocated

# `out` is keyword-only: the old positional form is an error today.
try:
    torch.add(x, y, result)
except TypeError as err:
    print(err)
    #> add() takes 2 positional arguments but 3 were given

# An `out` of the wrong shape is silently resized, with a warning.
wrong = torch.empty(5)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.add(x, y, out=wrong)
print(wrong.shape)
#> torch.Size([3])
print(str(caught[0].message).split(",")[0])
#> An output with one or more elements was resized since it had shape [5]
# --8<-- [end:out]

# --8<-- [start:inplace]
y = torch.tensor([10.0, 20.0, 30.0])
y_id, y_ptr = id(y), y.data_ptr()

# A trailing underscore means "in place": the method changes y itself.
y.add_(x)
print(y)
#> tensor([11., 22., 33.])
y += x  # the same in-place update, written as an operator
print(y)
#> tensor([12., 24., 36.])
assert id(y) == y_id and y.data_ptr() == y_ptr

# y = y + x builds a new tensor and rebinds the name.
y = y + x
print(id(y) == y_id, y.data_ptr() == y_ptr)
#> False False

# The plain method returns a new tensor and leaves the original alone.
z = torch.tensor([1.0, 1.0, 1.0])
w = z.add(x)
print(z, w)
#> tensor([1., 1., 1.]) tensor([2., 3., 4.])
# --8<-- [end:inplace]

# --8<-- [start:inplace_traps]
# An in-place result must fit the tensor it is written into: same shape ...
small = torch.zeros(3)
try:
    small.add_(torch.ones(2, 3))
except RuntimeError as err:
    print(err)
    #> output with shape [3] doesn't match the broadcast shape [2, 3]

# ... and a dtype that can hold it.
counts = torch.tensor([1, 2, 3])
try:
    counts += 0.5
except RuntimeError as err:
    print(err)
    #> result type Float can't be cast to the desired output type Long
print(counts + 0.5)  # out of place, the result is promoted to float
#> tensor([1.5000, 2.5000, 3.5000])
# --8<-- [end:inplace_traps]

# --8<-- [start:clamp]
t = torch.arange(-3, 4)
print(t)
#> tensor([-3, -2, -1,  0,  1,  2,  3])
# clamp(input, min, max): lower bound first, then upper bound.
print(torch.clamp(t, min=-1, max=2))
#> tensor([-1, -1, -1,  0,  1,  2,  2])
print(t.clamp(min=0))  # only a lower bound: the same values as ReLU
#> tensor([0, 0, 0, 0, 1, 2, 3])
print(t.clamp(max=0))
#> tensor([-3, -2, -1,  0,  0,  0,  0])

# Bounds in the wrong order raise no error: with min > max every element becomes max.
print(torch.clamp(t, 2, -1))
#> tensor([-1, -1, -1, -1, -1, -1, -1])

t.clamp_(-2, 2)  # the in-place version
print(t)
#> tensor([-2, -2, -1,  0,  1,  2,  2])

# clamp(min=0) also has ReLU's gradient, even at exactly 0: with a number as the bound,
# a value equal to the bound counts as clamped (gradient 0), as in relu. A tensor as the
# bound splits the gradient of a tie in half instead, like torch.maximum.
grads = {}
for name, fn in {
    "clamp(min=0)": lambda v: v.clamp(min=0),
    "relu": torch.relu,
    "clamp(min=tensor(0.))": lambda v: v.clamp(min=torch.tensor(0.0)),
}.items():
    v = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True)
    fn(v).sum().backward()
    grads[name] = v.grad.tolist()
    print(f"{name:22s}", grads[name])
    #> clamp(min=0)           [0.0, 0.0, 1.0]
    #> relu                   [0.0, 0.0, 1.0]
    #> clamp(min=tensor(0.))  [0.0, 0.5, 1.0]
# --8<-- [end:clamp]

# --8<-- [start:broadcasting]
m = torch.arange(6.0).reshape(2, 3)
row = torch.tensor([10.0, 20.0, 30.0])  # shape (3,)
col = torch.tensor([[100.0], [200.0]])  # shape (2, 1)

# Shapes are compared from the right; a missing dim or a dim of size 1 is stretched.
print(m + row)  # (2, 3) + (3,) -> (2, 3): the row is added to every row
#> tensor([[10., 21., 32.],
#>         [13., 24., 35.]])
print(m + col)  # (2, 3) + (2, 1) -> (2, 3): the column is added to every column
#> tensor([[100., 101., 102.],
#>         [203., 204., 205.]])
print((torch.arange(3).reshape(3, 1) * torch.arange(4)).shape)  # (3, 1) * (4,) -> (3, 4)
#> torch.Size([3, 4])
print(torch.broadcast_shapes((2, 3), (2, 1), (3,)))
#> torch.Size([2, 3])

# (2, 3) and (2,): the trailing dims are 3 and 2, neither is 1.
try:
    m + torch.tensor([1.0, 2.0])
except RuntimeError as err:
    print(err)
    #> The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1
# --8<-- [end:broadcasting]

# --8<-- [start:matmul]
A = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # (2, 3)
B = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])  # (3, 2)
v = torch.tensor([1.0, 0.0, -1.0])  # (3,): a 1-D vector, neither row nor column

print(torch.mm(A, B))  # (2, 3) @ (3, 2) -> (2, 2), 2-D only
#> tensor([[ 4.,  5.],
#>         [10., 11.]])
assert torch.equal(A @ B, torch.mm(A, B))

# mv: matrix times 1-D vector. v acts like a column, but the result is 1-D again.
print(torch.mv(A, v), (A @ v).shape)
#> tensor([-2., -2.]) torch.Size([2])

# .T transposes a matrix; dot takes two 1-D vectors.
print(A.T.shape, torch.dot(v, v))
#> torch.Size([3, 2]) tensor(2.)
print(A.T @ A)  # (3, 2) @ (2, 3) -> (3, 3)
#> tensor([[17., 22., 27.],
#>         [22., 29., 36.],
#>         [27., 36., 45.]])
# --8<-- [end:matmul]

# --8<-- [start:batched]
torch.manual_seed(0)
batch = torch.randn(4, 2, 3)  # 4 matrices of shape (2, 3)
weights = torch.randn(4, 3, 5)

# @ (torch.matmul) multiplies matching matrices across the leading batch dims.
out = batch @ weights
print(out.shape)
#> torch.Size([4, 2, 5])
assert torch.allclose(out[1], batch[1] @ weights[1])

# Batch dims broadcast: one (3, 5) matrix is used for all 4 matrices.
shared = torch.randn(3, 5)
print((batch @ shared).shape)
#> torch.Size([4, 2, 5])
# .mT transposes the last two dims only, the batched version of .T
print(batch.mT.shape)
#> torch.Size([4, 3, 2])
# --8<-- [end:batched]

# --8<-- [start:shape_errors]
# mm needs the inner sizes to agree: (2, 3) @ (2, 3) has 3 against 2.
try:
    torch.mm(A, A)
except RuntimeError as err:
    print(err)
    #> mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)
print(torch.mm(A, A.T).shape)  # (2, 3) @ (3, 2) works
#> torch.Size([2, 2])

# mm does not take 1-D vectors and mv needs the vector length to match.
try:
    torch.mm(A, v)
except RuntimeError as err:
    print(err)
    #> mat2 must be a matrix
try:
    torch.mv(A, torch.ones(2))
except RuntimeError as err:
    print(err)
    #> size mismatch, got input (2), mat (2x3), vec (2)
# dot never broadcasts or flattens.
try:
    torch.dot(A, A)
except RuntimeError as err:
    print(err)
    #> 1D tensors expected, but got 2D and 2D tensors
# --8<-- [end:shape_errors]
