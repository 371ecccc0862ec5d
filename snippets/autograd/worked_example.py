"""A gradient computed by hand and by autograd: x + 2, y*y*3, mean (TOPICS A5).

Run it alone: python snippets/autograd/worked_example.py
"""

# --8<-- [start:forward]
import warnings

import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
print(y)
#> tensor([[3., 3.],
#>         [3., 3.]], grad_fn=<AddBackward0>)
print(z)
#> tensor([[27., 27.],
#>         [27., 27.]], grad_fn=<MulBackward0>)
print(out)
#> tensor(27., grad_fn=<MeanBackward0>)
# --8<-- [end:forward]

# --8<-- [start:backward]
out.backward()
print(x.grad)
#> tensor([[4.5000, 4.5000],
#>         [4.5000, 4.5000]])
# --8<-- [end:backward]

# --8<-- [start:by_hand]
# out = 1/4 * sum(3 * (x_i + 2)**2), so d out / d x_i = 3/2 * (x_i + 2).
by_hand = 3 / 2 * (x.detach() + 2)
print(by_hand)
#> tensor([[4.5000, 4.5000],
#>         [4.5000, 4.5000]])
assert torch.equal(x.grad, by_hand)
assert torch.all(x.grad == 4.5)
# --8<-- [end:by_hand]

# --8<-- [start:numeric]
# A third opinion: nudge each x_i by h and watch out move (central differences).


def f(v):
    return ((v + 2) * (v + 2) * 3).mean()


h = 1e-6
base = torch.ones(2, 2, dtype=torch.float64)
numeric = torch.zeros_like(base)
for i in range(2):
    for j in range(2):
        step = torch.zeros_like(base)
        step[i, j] = h
        numeric[i, j] = (f(base + step) - f(base - step)) / (2 * h)
print(numeric)
#> tensor([[4.5000, 4.5000],
#>         [4.5000, 4.5000]], dtype=torch.float64)
torch.testing.assert_close(numeric, x.grad.double())
# --8<-- [end:numeric]

# --8<-- [start:other_x]
# The gradient depends on where you evaluate it: 3/2 * (x + 2) again.
x = torch.tensor([[1.0, 1.0], [2.0, 2.0]], requires_grad=True)
y = x + 2
out = (y * y * 3).mean()
out.backward()
print(x.grad)
#> tensor([[4.5000, 4.5000],
#>         [6.0000, 6.0000]])
assert torch.equal(x.grad, 3 / 2 * (x.detach() + 2))

# y, z and out are not leaves: their .grad stays None (with a warning).
with warnings.catch_warnings(record=True):
    warnings.simplefilter("always")
    print(y.grad, out.grad)
    #> None None
# --8<-- [end:other_x]
