"""Pooling, activations and dropout (TOPICS M3, M4, M6).

Run it alone: python snippets/nn/layers.py
"""

# --8<-- [start:maxpool]
import math

import torch
from torch import nn

x = torch.arange(16.0).reshape(1, 1, 4, 4)  # (N, C, H, W)
print(x[0, 0])
#> tensor([[ 0.,  1.,  2.,  3.],
#>         [ 4.,  5.,  6.,  7.],
#>         [ 8.,  9., 10., 11.],
#>         [12., 13., 14., 15.]])

max_pool = nn.MaxPool2d(kernel_size=2)  # stride=None means stride = kernel_size
print(max_pool)
#> MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
print(max_pool(x)[0, 0])
#> tensor([[ 5.,  7.],
#>         [13., 15.]])

avg_pool = nn.AvgPool2d(kernel_size=2)
print(avg_pool(x)[0, 0])
#> tensor([[ 2.5000,  4.5000],
#>         [10.5000, 12.5000]])

# Pooling works on each channel separately: channels in = channels out.
print(max_pool(torch.randn(8, 6, 28, 28)).shape)
#> torch.Size([8, 6, 14, 14])
# --8<-- [end:maxpool]

# --8<-- [start:pool_sizes]
odd = torch.arange(25.0).reshape(1, 1, 5, 5)
floor_pool = nn.MaxPool2d(2)  # ceil_mode=False: the last, incomplete window is dropped
ceil_pool = nn.MaxPool2d(2, ceil_mode=True)  # ceil_mode=True: it is kept
print(floor_pool(odd).shape, ceil_pool(odd).shape)
#> torch.Size([1, 1, 2, 2]) torch.Size([1, 1, 3, 3])
print(ceil_pool(odd)[0, 0])
#> tensor([[ 6.,  8.,  9.],
#>         [16., 18., 19.],
#>         [21., 23., 24.]])


def pool_out(size, kernel, stride=None, padding=0, ceil_mode=False):
    stride = kernel if stride is None else stride
    rounding = math.ceil if ceil_mode else math.floor
    out = rounding((size + 2 * padding - kernel) / stride) + 1
    # ceil_mode rule: a last window that would start in the right padding is dropped.
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    return out


cases = [(5, 2, None, 0), (7, 3, 2, 1), (32, 2, 2, 0), (9, 3, 1, 0), (6, 3, None, 1), (5, 2, 2, 1)]
for size, k, s, p in cases:
    for ceil in (False, True):
        layer = nn.MaxPool2d(k, stride=s, padding=p, ceil_mode=ceil)
        real = layer(torch.zeros(1, 1, size, size)).shape[-1]
        assert real == pool_out(size, k, s, p, ceil), (size, k, s, p, ceil)
print(f"checked {2 * len(cases)} pooling output sizes against the formula")
#> checked 12 pooling output sizes against the formula
# --8<-- [end:pool_sizes]

# --8<-- [start:relu]
t = torch.tensor([-2.0, -0.5, 0.0, 1.5, 3.0])
print(nn.ReLU()(t))  # a new tensor ...
#> tensor([0.0000, 0.0000, 0.0000, 1.5000, 3.0000])
print(t)  # ... and t is unchanged
#> tensor([-2.0000, -0.5000,  0.0000,  1.5000,  3.0000])

inplace_relu = nn.ReLU(inplace=True)
out = inplace_relu(t)  # overwrites t to save memory
print(t)
#> tensor([0.0000, 0.0000, 0.0000, 1.5000, 3.0000])
assert out.data_ptr() == t.data_ptr()  # same storage: the old values are gone

print(nn.Sigmoid()(torch.tensor([-5.0, 0.0, 5.0])))  # squashes into (0, 1)
#> tensor([0.0067, 0.5000, 0.9933])

# In-place ops cannot touch a leaf tensor that autograd is tracking.
leaf = torch.tensor([-1.0, 2.0], requires_grad=True)
try:
    inplace_relu(leaf)
except RuntimeError as err:
    print(err)
    #> a leaf Variable that requires grad is being used in an in-place operation.
# --8<-- [end:relu]

# --8<-- [start:saturation]
z = torch.tensor([0.0, 2.0, 5.0, 10.0], requires_grad=True)
torch.sigmoid(z).sum().backward()  # z.grad = sigmoid'(z) = s(z) * (1 - s(z))
sig_grad = z.grad
print(sig_grad)
#> tensor([2.5000e-01, 1.0499e-01, 6.6480e-03, 4.5417e-05])
s = torch.sigmoid(z.detach())
assert torch.allclose(sig_grad, s * (1 - s))

r = torch.tensor([-3.0, 0.5, 2.0, 10.0], requires_grad=True)
torch.relu(r).sum().backward()
print(r.grad)  # 1 for every positive input, however large
#> tensor([0., 1., 1., 1.])
# --8<-- [end:saturation]

# --8<-- [start:deep_gradient]
def deep_stack(activation, depth=10, width=64):
    torch.manual_seed(0)  # identical weights for both activations
    layers = []
    for _ in range(depth):
        linear = nn.Linear(width, width)
        nn.init.xavier_normal_(linear.weight)
        nn.init.zeros_(linear.bias)
        layers += [linear, activation()]
    return nn.Sequential(*layers)


grad_norms = {}
for activation in (nn.Sigmoid, nn.ReLU):
    net = deep_stack(activation)
    torch.manual_seed(1)
    net(torch.randn(64, 64)).sum().backward()
    first, last = net[0].weight.grad.norm().item(), net[-2].weight.grad.norm().item()
    grad_norms[activation.__name__] = (first, last)
    print(f"{activation.__name__:>7}: first layer {first:.2e}, last layer {last:.2e}")
    #> Sigmoid: first layer 3.08e-04, last layer 4.99e+02
    #>    ReLU: first layer 2.95e+01, last layer 7.20e+01
# --8<-- [end:deep_gradient]

# --8<-- [start:dropout]
torch.manual_seed(0)
drop = nn.Dropout(p=0.5)
ones = torch.ones(2, 8)

drop.train()  # modules start in training mode; this is the default
a, b = drop(ones), drop(ones)
print(a)
#> tensor([[0., 0., 2., 0., 0., 0., 2., 2.],
#>         [0., 2., 2., 2., 2., 0., 2., 2.]])
assert not torch.equal(a, b)  # a fresh random mask on every call
# Survivors are scaled by 1 / (1 - p) so the expected value stays the same.
assert set(a.unique().tolist()) <= {0.0, 1 / (1 - 0.5)}

drop.eval()  # evaluation: dropout does nothing
c, d = drop(ones), drop(ones)
assert torch.equal(c, ones) and torch.equal(c, d)
print(c[0])
#> tensor([1., 1., 1., 1., 1., 1., 1., 1.])

# train() and eval() set the flag on a module and every module inside it.
mlp = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Dropout(0.2))
mlp.eval()
print(mlp.training, mlp[2].training)
#> False False
mlp.train()
print(mlp.training, mlp[2].training)
#> True True
# --8<-- [end:dropout]
