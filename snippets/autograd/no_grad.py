"""Turning tracking off: detach(), torch.no_grad(), inference_mode, freezing (TOPICS A4).

Run it alone: python snippets/autograd/no_grad.py
"""

# --8<-- [start:detach]
import torch
from torch import nn

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
d = x.detach()  # same numbers, no history, no gradient
print(d.requires_grad, d.grad_fn, d.is_leaf)
#> False None True

# detach does not copy: both names look at the same storage.
assert d.data_ptr() == x.data_ptr()
d[0] = 10.0
print(x)
#> tensor([10.,  2.,  3.], requires_grad=True)

# Need an independent copy? detach().clone().
c = x.detach().clone()
c[0] = -1.0
print(x[0].item(), c[0].item())
#> 10.0 -1.0
# --8<-- [end:detach]

# --8<-- [start:numpy]
# NumPy knows nothing about gradients, so torch asks you to detach first.
try:
    x.numpy()
except RuntimeError as err:
    print(err)
    #> Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.
print(x.detach().numpy())
#> [10.  2.  3.]
# --8<-- [end:numpy]

# --8<-- [start:no_grad]
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
with torch.no_grad():
    y = x * 2  # computed, but not recorded
print(y.requires_grad, y.grad_fn)
#> False None
print(torch.is_grad_enabled())  # tracking is back on after the block
#> True


# It also works as a decorator, e.g. for an evaluation function.
@torch.no_grad()
def predict(inputs):
    return inputs * 2


print(predict(x).requires_grad)
#> False
# --8<-- [end:no_grad]

# --8<-- [start:inference_mode]
with torch.inference_mode():
    y = x * 2
print(y.requires_grad, y.is_inference())
#> False True

# Faster than no_grad, but autograd may never save its results for a backward pass:
# y * x needs y to compute x's gradient, so it fails; y + x saves nothing and works.
try:
    (y * x).sum().backward()
except RuntimeError as err:
    print(str(err).split(". ")[0])
    #> Inference tensors cannot be saved for backward
(y + x).sum().backward()
print(x.grad)
#> tensor([1., 1., 1.])
# --8<-- [end:inference_mode]

# --8<-- [start:freeze]
torch.manual_seed(0)
model = nn.Linear(3, 1)
model.weight.requires_grad_(False)  # freeze: keep the weight as it is

loss = model(torch.ones(4, 3)).sum()
loss.backward()
print(model.weight.grad, model.bias.grad)
#> None tensor([4.])

trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(trainable)  # only the bias is still trained
#> 1
# --8<-- [end:freeze]
