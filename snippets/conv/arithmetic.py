"""Convolution by hand: one channel, many channels, output sizes, NCHW (TOPICS C2, C5).

Run it alone: python snippets/conv/arithmetic.py
"""

# --8<-- [start:single]
import itertools

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

image = np.array(
    [[4, 1, 7, 5],
     [4, 4, 2, 5],
     [7, 7, 2, 4],
     [1, 0, 2, 4]], dtype=np.float32
)
kernel = np.array([[1, 0], [-1, 2]], dtype=np.float32)


def conv2d_single(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Slide k over x (stride 1, no padding); each output is a sum of products."""
    kh, kw = k.shape
    out = np.zeros((x.shape[0] - kh + 1, x.shape[1] - kw + 1), dtype=x.dtype)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(x[i : i + kh, j : j + kw] * k)
    return out


by_hand = conv2d_single(image, kernel)
print(by_hand)
#> [[ 8.  1. 15.]
#>  [11.  1.  8.]
#>  [ 6. 11.  8.]]
# Top-left: 4*1 + 1*0 + 4*(-1) + 4*2 = 8

# F.conv2d wants (N, C, H, W) input and (out_channels, in_channels, kh, kw) weights.
torch_out = F.conv2d(torch.from_numpy(image)[None, None], torch.from_numpy(kernel)[None, None])
assert np.allclose(torch_out[0, 0].numpy(), by_hand)
# No kernel flip: deep-learning "convolution" is cross-correlation.
# --8<-- [end:single]

# --8<-- [start:multi]
rng = np.random.default_rng(0)
m, n, k = 3, 2, 3  # 3 input channels -> 2 output channels, 3x3 kernels
x = rng.standard_normal((m, 5, 5)).astype(np.float32)
weight = rng.standard_normal((n, m, k, k)).astype(np.float32)  # n kernels of m channels
bias = rng.standard_normal(n).astype(np.float32)

out = np.zeros((n, 3, 3), dtype=np.float32)
for o in range(n):  # one kernel per output channel
    for c in range(m):  # channel c of the input meets channel c of kernel o
        out[o] += conv2d_single(x[c], weight[o, c])
    out[o] += bias[o]  # one bias per output channel, added after the sum

layer = nn.Conv2d(m, n, kernel_size=k)
print(layer.weight.shape, layer.bias.shape)
#> torch.Size([2, 3, 3, 3]) torch.Size([2])
with torch.no_grad():
    layer.weight.copy_(torch.from_numpy(weight))
    layer.bias.copy_(torch.from_numpy(bias))
    layer_out = layer(torch.from_numpy(x)[None])
print(layer_out.shape)
#> torch.Size([1, 2, 3, 3])
assert np.allclose(layer_out[0].numpy(), out, atol=1e-5)
print(np.round(out[0], 3))
#> [[ 1.65   7.085 -1.572]
#>  [ 4.388 -9.148 -6.791]
#>  [-2.858  2.38   7.978]]
# --8<-- [end:multi]

# --8<-- [start:formula]
def conv_out(size: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


grid = itertools.product((5, 8), (7, 11), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2))
checked = 0
for h, w, k, s, p, d in grid:
    if d * (k - 1) + 1 > min(h, w) + 2 * p:
        continue  # the dilated kernel does not fit: Conv2d raises
    layer = nn.Conv2d(1, 1, kernel_size=k, stride=s, padding=p, dilation=d)
    with torch.no_grad():
        got = layer(torch.zeros(1, 1, h, w)).shape[2:]
    assert tuple(got) == (conv_out(h, k, s, p, d), conv_out(w, k, s, p, d)), (h, w, k, s, p, d)
    checked += 1
print(f"{checked} (H, W, kernel, stride, padding, dilation) cases match the formula")
#> 270 (H, W, kernel, stride, padding, dilation) cases match the formula

# Two cases worth remembering:
print(conv_out(32, 3, p=1), conv_out(32, 3, s=2, p=1))  # 'same' size; halved
#> 32 16
# --8<-- [end:formula]

# --8<-- [start:nchw]
feat = torch.tensor(image)  # (H, W) = (4, 4): no batch, no channel dimension
conv = nn.Conv2d(1, 1, kernel_size=2)
try:
    conv(feat)
except RuntimeError as err:
    print(err)
    #> Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [4, 4]

batched = feat.unsqueeze(0).unsqueeze(0)  # add channel, then batch: (N, C, H, W)
print(batched.shape, conv(batched).shape)
#> torch.Size([1, 1, 4, 4]) torch.Size([1, 1, 3, 3])
assert torch.equal(batched, feat[None, None])  # same thing with indexing

# A batch of grayscale images (N, H, W) needs its channel axis at dim 1, not dim 0.
gray = torch.zeros(8, 28, 28)
try:
    conv(gray)  # read as ONE unbatched image with 8 channels
except RuntimeError as err:
    print(str(err).partition(", expected ")[2])
    #> input[1, 8, 28, 28] to have 1 channels, but got 8 channels instead
print(conv(gray.unsqueeze(1)).shape)
#> torch.Size([8, 1, 27, 27])

# Images from PIL / OpenCV / Matplotlib are (H, W, C): move channels first.
hwc = torch.zeros(32, 32, 3)
print(hwc.permute(2, 0, 1).unsqueeze(0).shape)
#> torch.Size([1, 3, 32, 32])
# --8<-- [end:nchw]
