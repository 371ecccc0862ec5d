"""Grouped, depthwise and depthwise-separable convolutions (TOPICS C7).

Run it alone: python snippets/conv/groups.py
"""

# --8<-- [start:groups]
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
# groups=2: input channels 0-1 feed output channels 0-3, input 2-3 feed output 4-7.
grouped = nn.Conv2d(4, 8, kernel_size=3, padding=1, groups=2)
print(grouped.weight.shape)  # each kernel sees in_channels / groups = 2 channels
#> torch.Size([8, 2, 3, 3])

x = torch.randn(1, 4, 6, 6)
x_changed = x.clone()
x_changed[:, 2:] += 1.0  # change only the second group of input channels
with torch.no_grad():
    y, y_changed = grouped(x), grouped(x_changed)
print(torch.equal(y[:, :4], y_changed[:, :4]), torch.equal(y[:, 4:], y_changed[:, 4:]))
#> True False

# Both channel counts must be divisible by groups.
try:
    nn.Conv2d(4, 6, kernel_size=3, groups=4)
except ValueError as err:
    print(err)
    #> out_channels must be divisible by groups
# --8<-- [end:groups]

# --8<-- [start:depthwise]
m, n, k = 32, 64, 3  # input channels, output channels, kernel size

standard = nn.Conv2d(m, n, kernel_size=k, padding=1, bias=False)
separable = nn.Sequential(
    nn.Conv2d(m, m, kernel_size=k, padding=1, groups=m, bias=False),  # depthwise
    nn.Conv2d(m, n, kernel_size=1, bias=False),  # pointwise (1x1)
)
depthwise, pointwise = separable
print(tuple(depthwise.weight.shape), tuple(pointwise.weight.shape))
#> (32, 1, 3, 3) (64, 32, 1, 1)

feat = torch.randn(2, m, 56, 56)
with torch.no_grad():
    out_standard, out_separable = standard(feat), separable(feat)
print(out_standard.shape, out_separable.shape)  # a drop-in replacement
#> torch.Size([2, 64, 56, 56]) torch.Size([2, 64, 56, 56])

# Depthwise = each channel convolved with its own single-channel kernel.
with torch.no_grad():
    dw = depthwise(feat)
    c3 = F.conv2d(feat[:, 3:4], depthwise.weight[3:4], padding=1)
assert torch.allclose(dw[:, 3:4], c3, atol=1e-6)
# --8<-- [end:depthwise]

# --8<-- [start:params]
def count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


params_standard = count(standard)
params_separable = count(separable)
assert params_standard == n * m * k * k  # n kernels of m x k x k
assert params_separable == m * k * k + n * m  # m kernels of 1 x k x k, n kernels of m x 1 x 1
print(params_standard, params_separable, f"{params_separable / params_standard:.3f}")
#> 18432 2336 0.127
# --8<-- [end:params]

# --8<-- [start:madds]
def mult_adds(conv: nn.Conv2d, output: torch.Tensor) -> int:
    """Each output value costs (in_channels / groups) * kh * kw multiply-adds."""
    per_value = conv.weight[0].numel()  # = (in_channels / groups) * kh * kw
    return output[0].numel() * per_value  # per image


with torch.no_grad():
    dw_out = depthwise(feat)
    pw_out = pointwise(dw_out)
madds_standard = mult_adds(standard, out_standard)
madds_separable = mult_adds(depthwise, dw_out) + mult_adds(pointwise, pw_out)

h, w = out_standard.shape[2:]
assert madds_standard == h * w * n * m * k * k  # MobileNet v1: D_F^2 * N * M * D_K^2
assert madds_separable == h * w * m * k * k + h * w * m * n  # D_F^2 * M * (D_K^2 + N)
print(f"{madds_standard:,} vs {madds_separable:,}")
#> 57,802,752 vs 7,325,696
ratio = madds_separable / madds_standard
assert abs(ratio - (1 / n + 1 / k**2)) < 1e-12  # the paper's reduction factor
print(f"{ratio:.4f} = 1/{n} + 1/{k * k}")
#> 0.1267 = 1/64 + 1/9
# --8<-- [end:madds]
