"""backward(): scalar outputs, gradient=, accumulation, leaves, retain_graph (TOPICS A2, A3).

Run it alone: python snippets/autograd/backward.py
"""

# --8<-- [start:scalar]
import warnings

import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
loss = (x**2).sum()  # a scalar: one number
loss.backward()  # fills x.grad with d loss / d x = 2x
print(x.grad)
#> tensor([2., 4., 6.])
assert torch.equal(x.grad, 2 * x.detach())
# --8<-- [end:scalar]

# --8<-- [start:non_scalar]
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2  # three numbers, not one
try:
    y.backward()
except RuntimeError as err:
    print(err)
    #> grad can be implicitly created only for scalar outputs

# gradient= gives the weight of each output: backward computes
# sum_i gradient[i] * d y[i] / d x, a vector-Jacobian product.
y.backward(gradient=torch.ones_like(y))
print(x.grad)
#> tensor([2., 2., 2.])

# With ones, that is the gradient of y.sum(): the usual way to get a scalar.
x2 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
(x2 * 2).sum().backward()
assert torch.equal(x2.grad, x.grad)

# Other weights give a weighted sum of the rows of the Jacobian.
x3 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
(x3 * 2).backward(gradient=torch.tensor([1.0, 0.0, 0.5]))
print(x3.grad)
#> tensor([2., 0., 1.])
# --8<-- [end:non_scalar]

# --8<-- [start:accumulate]
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
(x**2).sum().backward()
print(x.grad)
#> tensor([2., 4., 6.])

# A second backward (a fresh forward pass, same values) ADDS to .grad.
(x**2).sum().backward()
print(x.grad)
#> tensor([ 4.,  8., 12.])
assert torch.equal(x.grad, 2 * (2 * x.detach()))

# Reset before the next step: zero in place ...
x.grad.zero_()
print(x.grad)
#> tensor([0., 0., 0.])
# ... or drop it (what optimizer.zero_grad() does by default).
x.grad = None
(x**2).sum().backward()
print(x.grad)
#> tensor([2., 4., 6.])
# --8<-- [end:accumulate]

# --8<-- [start:leaf]
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # a leaf: you made it
y = x * 2  # not a leaf: an operation made it
z = y.sum()
z.backward()
print(x.is_leaf, y.is_leaf)
#> True False
print(x.grad)
#> tensor([2., 2., 2.])

# Only leaves keep their gradient; torch warns when you read a non-leaf's .grad.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(y.grad)
    #> None
print(caught[0].category.__name__)
#> UserWarning
print(str(caught[0].message).split(". ")[0])
#> The .grad attribute of a Tensor that is not a leaf Tensor is being accessed
# --8<-- [end:leaf]

# --8<-- [start:retain_grad]
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
y.retain_grad()  # ask autograd to keep this intermediate gradient
z = (y**2).sum()
z.backward()
print(y.grad)  # d z / d y = 2y
#> tensor([ 4.,  8., 12.])
print(x.grad)  # d z / d x = 2y * 2
#> tensor([ 8., 16., 24.])
# --8<-- [end:retain_grad]

# --8<-- [start:retain_graph]
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
z = (x * x).sum()
z.backward()
# backward frees the values the graph saved (here x, for MulBackward0).
try:
    z.backward()
except RuntimeError as err:
    print(str(err).split(" (")[0])
    #> Trying to backward through the graph a second time

# Keep them with retain_graph=True when you really need two passes.
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
z = (x * x).sum()
z.backward(retain_graph=True)
z.backward()  # works, and the gradients add up
print(x.grad)
#> tensor([ 4.,  8., 12.])
# --8<-- [end:retain_graph]
