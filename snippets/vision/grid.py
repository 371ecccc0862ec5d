"""make_grid and save_image on a batch of real handwritten digits (TOPICS V6).

Run it alone: python snippets/vision/grid.py
"""
# figures: digits_grid.png digits_imshow.png

# --8<-- [start:batch]
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from sklearn.datasets import load_digits
from torchvision.utils import make_grid, save_image

torch.manual_seed(0)

digits = load_digits()  # 8x8 grayscale digits, values 0..16
raw = torch.from_numpy(digits.images[:32]).float().unsqueeze(1)  # a batch: (N, C, H, W)
labels = digits.target[:32]
print(raw.shape, raw.min().item(), raw.max().item())
#> torch.Size([32, 1, 8, 8]) 0.0 16.0

# Enlarge each pixel to 4x4 so the digits are visible on the page, and scale to [0, 1].
images = F.interpolate(raw, scale_factor=4, mode="nearest") / 16
print(images.shape)
#> torch.Size([32, 1, 32, 32])
# --8<-- [end:batch]

# --8<-- [start:make_grid]
grid = make_grid(images, nrow=8, padding=2)  # 8 images per row, 2 pixels between them
print(grid.shape)  # 4 rows: 4 * (32 + 2) + 2 = 138; 8 columns: 8 * (32 + 2) + 2 = 274
#> torch.Size([3, 138, 274])
# A single channel is repeated three times, so the grid is RGB (4 channels would stay 4).
assert torch.equal(grid[0], grid[1]) and torch.equal(grid[1], grid[2])

print(make_grid(images, nrow=16, padding=0).shape)  # 2 rows of 16, no gaps
#> torch.Size([3, 64, 512])
# --8<-- [end:make_grid]

# --8<-- [start:normalize]
# normalize=True rescales the whole batch from [min, max] to [0, 1] before drawing.
g = make_grid(raw, nrow=8, normalize=True)  # raw values 0..16
print(g.min().item(), g.max().item())
#> 0.0 1.0
assert torch.allclose(g, make_grid(raw / 16, nrow=8))

# With Normalize(0.5, 0.5) data in [-1, 1], say which range to map to [0, 1].
z = (images - 0.5) / 0.5
assert torch.allclose(make_grid(z, normalize=True, value_range=(-1, 1)), make_grid(images))
# --8<-- [end:normalize]

# --8<-- [start:save_image]
# save_image = make_grid + write a PNG; the same keyword arguments apply.
save_image(images, "digits_grid.png", nrow=8, padding=2, pad_value=1.0)  # white gaps
with Image.open("digits_grid.png") as png:
    print(png.format, png.size, png.mode)  # PIL size is (width, height)
    pixels = np.asarray(png)
    #> PNG (274, 138) RGB
# The file holds the grid rounded to 8 bits: pixel = round(value * 255).
expected = make_grid(images, nrow=8, padding=2, pad_value=1.0).mul(255).add(0.5).clamp(0, 255)
assert np.array_equal(pixels, expected.to(torch.uint8).permute(1, 2, 0).numpy())
# --8<-- [end:save_image]

# --8<-- [start:imshow]
# Matplotlib wants (H, W, C); a grid is (C, H, W).
try:
    plt.imshow(grid.numpy())
except TypeError as err:
    print("TypeError:", err)
    #> TypeError: Invalid shape (3, 138, 274) for image data
plt.close("all")

fig, ax = plt.subplots(figsize=(6, 3.4))
ax.imshow(grid.permute(1, 2, 0).numpy())  # CHW -> HWC
ax.set_title(" ".join(str(d) for d in labels[:8]) + " ...", fontsize=10)
ax.axis("off")
fig.tight_layout()
fig.savefig("digits_imshow.png", dpi=80)
plt.close(fig)
# --8<-- [end:imshow]
