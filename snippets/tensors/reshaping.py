"""Reshaping: view, reshape, permute, transpose, contiguous, squeeze, flatten (TOPICS T8).

Run it alone: python snippets/tensors/reshaping.py
"""

# --8<-- [start:view]
import textwrap

import torch


def same_memory(a, b):
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


x = torch.arange(12)
print(x.view(3, 4))
#> tensor([[ 0,  1,  2,  3],
#>         [ 4,  5,  6,  7],
#>         [ 8,  9, 10, 11]])
print(x.view(-1, 6).shape)  # -1: "whatever makes the count work out" (12 / 6 = 2)
#> torch.Size([2, 6])
assert same_memory(x, x.view(-1, 6))  # a view: no data copied
try:
    x.view(-1, 5)  # 12 elements cannot form rows of 5
except RuntimeError as err:
    print(err)
    #> shape '[-1, 5]' is invalid for input of size 12
# --8<-- [end:view]

# --8<-- [start:permute]
hwc = torch.arange(24).view(2, 3, 4)  # e.g. an image as height, width, channels
chw = hwc.permute(2, 0, 1)  # new order of the old dims: channels, height, width
print(chw.shape, chw.stride())
#> torch.Size([4, 2, 3]) (1, 12, 4)
swapped = hwc.transpose(0, 1)  # transpose swaps exactly two dims
print(swapped.shape)
#> torch.Size([3, 2, 4])
# Both only rewrite the strides: same memory, no longer contiguous.
assert same_memory(chw, hwc) and same_memory(swapped, hwc)
print(hwc.is_contiguous(), chw.is_contiguous(), swapped.is_contiguous())
#> True False False
# --8<-- [end:permute]

# --8<-- [start:view_fails]
try:
    chw.view(-1)
except RuntimeError as err:
    print(textwrap.fill(str(err), width=70))  # the real message, wrapped to fit the page
    #> view size is not compatible with input tensor's size and stride (at
    #> least one dimension spans across two contiguous subspaces). Use
    #> .reshape(...) instead.
# --8<-- [end:view_fails]

# --8<-- [start:fixes]
# Fix 1: contiguous() copies the data into the new order, then view works.
fixed = chw.contiguous()
print(fixed.stride(), same_memory(fixed, hwc))
#> (6, 3, 1) False
print(fixed.view(-1)[:6])
#> tensor([ 0,  4,  8, 12, 16, 20])
# Fix 2: reshape is "view if possible, otherwise copy".
flat = chw.reshape(-1)
print(torch.equal(flat, fixed.view(-1)), same_memory(flat, hwc))
#> True False
print(same_memory(hwc.reshape(6, 4), hwc))  # hwc is contiguous: reshape made a view
#> True
# --8<-- [end:fixes]

# --8<-- [start:squeeze]
t = torch.zeros(1, 3, 1, 2)
print(t.squeeze().shape)  # drops every dim of size 1
#> torch.Size([3, 2])
print(t.squeeze(0).shape, t.squeeze(1).shape)  # only that dim, and only if it is 1
#> torch.Size([3, 1, 2]) torch.Size([1, 3, 1, 2])
grid = torch.ones(4, 4)  # one grey 4x4 picture
print(grid.unsqueeze(0).unsqueeze(0).shape)  # add batch and channel dims: N, C, H, W
#> torch.Size([1, 1, 4, 4])
print(grid[None, None].shape)  # None inserts a dim where it stands: the same N, C, H, W
#> torch.Size([1, 1, 4, 4])
print(grid[None, :, :, None].shape)  # a None after the image dims makes N, H, W, C instead
#> torch.Size([1, 4, 4, 1])

# Trap: squeeze() without a dim also removes a batch dim that happens to be 1.
logits = torch.zeros(1, 10)  # a batch of one prediction
print(logits.squeeze().shape, logits.squeeze(1).shape)
#> torch.Size([10]) torch.Size([1, 10])
# --8<-- [end:squeeze]

# --8<-- [start:flatten]
batch = torch.zeros(2, 3, 4, 4)  # N, C, H, W
print(batch.flatten().shape)  # everything into one dim
#> torch.Size([96])
print(batch.flatten(start_dim=1).shape)  # keep the batch dim: what a Linear layer wants
#> torch.Size([2, 48])
print(batch.view(batch.size(0), -1).shape)  # the same by hand
#> torch.Size([2, 48])
print(torch.nn.Flatten()(batch).shape)  # the layer form starts at dim 1 by default
#> torch.Size([2, 48])
# --8<-- [end:flatten]
