"""nn.Conv1d/2d/3d and the arguments of Conv2d: padding, stride, dilation (TOPICS C3, C4, C6).

Run it alone: python snippets/conv/conv2d.py
"""

# --8<-- [start:dims]
import math
import warnings

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
conv1d = nn.Conv1d(in_channels=2, out_channels=4, kernel_size=3)  # signals, text
conv2d = nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3)  # images
conv3d = nn.Conv3d(in_channels=1, out_channels=4, kernel_size=3)  # video, CT volumes

print(conv1d(torch.randn(8, 2, 50)).shape)  # (N, C, L)
#> torch.Size([8, 4, 48])
print(conv2d(torch.randn(8, 3, 32, 32)).shape)  # (N, C, H, W)
#> torch.Size([8, 4, 30, 30])
print(conv3d(torch.randn(8, 1, 16, 32, 32)).shape)  # (N, C, D, H, W)
#> torch.Size([8, 4, 14, 30, 30])
for layer in (conv1d, conv2d, conv3d):
    print(type(layer).__name__, tuple(layer.weight.shape))
    #> Conv1d (4, 2, 3)
    #> Conv2d (4, 3, 3, 3)
    #> Conv3d (4, 1, 3, 3, 3)
# --8<-- [end:dims]

# --8<-- [start:arguments]
conv = nn.Conv2d(
    in_channels=3,  # channels of the input
    out_channels=16,  # number of kernels = channels of the output
    kernel_size=3,
    stride=2,
    padding=1,
    dilation=1,
    groups=1,
    bias=True,
    padding_mode="zeros",
)
print(conv)  # kernel_size and stride always; the rest only where they differ from the defaults
#> Conv2d(3, 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))
print(nn.Conv2d(3, 16, 3))  # stride=(1, 1) is the default, and it is still listed
#> Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))
print(conv(torch.randn(1, 3, 32, 32)).shape)
#> torch.Size([1, 16, 16, 16])

# An int means the same value for height and width; a tuple gives (height, width).
rect = nn.Conv2d(3, 16, kernel_size=(3, 5), stride=(1, 2), padding=(1, 2))
print(rect.kernel_size, rect.stride, rect.padding, tuple(rect.weight.shape))
#> (3, 5) (1, 2) (1, 2) (16, 3, 3, 5)
print(rect(torch.randn(1, 3, 32, 32)).shape)  # height kept, width halved
#> torch.Size([1, 16, 32, 16])
# --8<-- [end:arguments]

# --8<-- [start:padding_modes]
small = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
padded = {}
for mode in ("zeros", "reflect", "replicate", "circular"):
    # A 1x1 kernel of weight 1 copies its input, so the output IS the padded input.
    see = nn.Conv2d(1, 1, kernel_size=1, padding=1, padding_mode=mode, bias=False)
    nn.init.ones_(see.weight)
    with torch.no_grad():
        padded[mode] = see(small)[0, 0]
    print(mode)
    print(padded[mode].int())
    #> zeros
    #> tensor([[0, 0, 0, 0, 0],
    #>         [0, 1, 2, 3, 0],
    #>         [0, 4, 5, 6, 0],
    #>         [0, 7, 8, 9, 0],
    #>         [0, 0, 0, 0, 0]], dtype=torch.int32)
    #> reflect
    #> tensor([[5, 4, 5, 6, 5],
    #>         [2, 1, 2, 3, 2],
    #>         [5, 4, 5, 6, 5],
    #>         [8, 7, 8, 9, 8],
    #>         [5, 4, 5, 6, 5]], dtype=torch.int32)
    #> replicate
    #> tensor([[1, 1, 2, 3, 3],
    #>         [1, 1, 2, 3, 3],
    #>         [4, 4, 5, 6, 6],
    #>         [7, 7, 8, 9, 9],
    #>         [7, 7, 8, 9, 9]], dtype=torch.int32)
    #> circular
    #> tensor([[9, 7, 8, 9, 7],
    #>         [3, 1, 2, 3, 1],
    #>         [6, 4, 5, 6, 4],
    #>         [9, 7, 8, 9, 7],
    #>         [3, 1, 2, 3, 1]], dtype=torch.int32)
# --8<-- [end:padding_modes]

# --8<-- [start:same_valid]
x = torch.randn(1, 1, 9, 9)
valid = nn.Conv2d(1, 1, kernel_size=3, padding="valid")  # "valid" = no padding
same = nn.Conv2d(1, 1, kernel_size=3, padding="same")  # output size = input size
same_dilated = nn.Conv2d(1, 1, kernel_size=3, padding="same", dilation=3)
print(valid(x).shape, same(x).shape, same_dilated(x).shape)
#> torch.Size([1, 1, 7, 7]) torch.Size([1, 1, 9, 9]) torch.Size([1, 1, 9, 9])
print(same.padding, same_dilated.padding)  # kept as the string
#> same same

# PyTorch's "same" means "output size = input size", which a strided conv cannot give,
# so PyTorch refuses it rather than redefine the word.
try:
    nn.Conv2d(1, 1, kernel_size=3, stride=2, padding="same")
except ValueError as err:
    print(err)
    #> padding='same' is not supported for strided convolutions

# TensorFlow's "SAME" means an output of ceil(H / stride) instead. With an odd kernel,
# padding=(kernel_size - 1) // 2 gives exactly that size in PyTorch.
strided = nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1)
print(strided(x).shape, math.ceil(x.shape[-1] / 2))
#> torch.Size([1, 1, 5, 5]) 5

# With an even kernel the padding cannot be split evenly: PyTorch puts the extra
# row/column on the bottom/right (and may warn that it copies the input to do so).
even = nn.Conv2d(1, 1, kernel_size=2, padding="same", bias=False)
with warnings.catch_warnings(record=True), torch.no_grad():
    warnings.simplefilter("always")
    even_out = even(x)
    by_hand = F.conv2d(F.pad(x, (0, 1, 0, 1)), even.weight)  # (left, right, top, bottom)
print(even_out.shape, torch.allclose(even_out, by_hand))
#> torch.Size([1, 1, 9, 9]) True
# --8<-- [end:same_valid]

# --8<-- [start:dilation]
def receptive_field(layer: nn.Module, size: int = 11) -> torch.Tensor:
    """Mark the input pixels that the centre output pixel depends on."""
    inp = torch.zeros(1, 1, size, size, requires_grad=True)
    out = layer(inp)
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    return (inp.grad[0, 0] != 0).int()


atrous = nn.Conv2d(1, 1, kernel_size=3, dilation=2, padding=2)  # holes between taps
nn.init.ones_(atrous.weight)  # nonzero taps, so every dependency shows up
field = receptive_field(atrous, size=7)
print(field)
#> tensor([[0, 0, 0, 0, 0, 0, 0],
#>         [0, 1, 0, 1, 0, 1, 0],
#>         [0, 0, 0, 0, 0, 0, 0],
#>         [0, 1, 0, 1, 0, 1, 0],
#>         [0, 0, 0, 0, 0, 0, 0],
#>         [0, 1, 0, 1, 0, 1, 0],
#>         [0, 0, 0, 0, 0, 0, 0]], dtype=torch.int32)
# 9 weights, but they span d * (k - 1) + 1 = 5 pixels in each direction.

# Stacking 3x3 convs with dilation 1, 2, 4 grows the field to 15x15 using 27 weights;
# plain 3x3 layers would need 7 of them for the same reach.
stack = nn.Sequential(*[nn.Conv2d(1, 1, 3, dilation=d, padding=d) for d in (1, 2, 4)])
for layer in stack:
    nn.init.ones_(layer.weight)
span = receptive_field(stack, size=21).sum(dim=0).count_nonzero().item()
plain = nn.Sequential(*[nn.Conv2d(1, 1, 3, padding=1) for _ in range(3)])
for layer in plain:
    nn.init.ones_(layer.weight)
plain_span = receptive_field(plain, size=21).sum(dim=0).count_nonzero().item()
print(f"dilations 1, 2, 4: {span}x{span}; three plain 3x3 layers: {plain_span}x{plain_span}")
#> dilations 1, 2, 4: 15x15; three plain 3x3 layers: 7x7
# --8<-- [end:dilation]
