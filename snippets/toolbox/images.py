"""Images with Pillow and OpenCV: open, convert, save; OpenCV's BGR order (TOPICS N5).

Run it alone: python snippets/toolbox/images.py  (writes a few image files)
The photo is the Grace Hopper portrait that ships with Matplotlib: nothing is downloaded.
"""
# figures: images_bgr.png

# --8<-- [start:open]
from pathlib import Path

import cv2
import matplotlib.cbook
import matplotlib.pyplot as plt
import numpy as np
import torch
from PIL import Image

# A real JPEG file that comes with Matplotlib's sample data.
photo = matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
print(Path(photo).name)
#> grace_hopper.jpg

img = Image.open(photo)  # reads the header now, the pixels when first needed
img.load()  # read them now (this also closes the file)
print(img.format, img.mode, img.size)  # size is (width, height)
#> JPEG RGB (512, 600)

pixels = np.asarray(img)  # as an array it is (height, width, channels)
print(pixels.shape, pixels.dtype)
#> (600, 512, 3) uint8
print(pixels[0, 0])  # top-left pixel: red, green, blue
#> [21 24 77]
# --8<-- [end:open]

# --8<-- [start:convert]
gray = img.convert("L")  # one channel of brightness ("luminance")
print(gray.mode, np.asarray(gray).shape)
#> L (600, 512)

# convert("RGB") makes sure there are exactly 3 channels, whatever the file held:
# grayscale, palette ("P") or with transparency ("RGBA").
rgba = img.convert("RGBA")
print(rgba.mode, np.asarray(rgba).shape)
#> RGBA (600, 512, 4)
print(gray.convert("RGB").mode, np.asarray(gray.convert("RGB")).shape)
#> RGB (600, 512, 3)

# JPEG has no alpha channel, so an RGBA image cannot be saved as one.
try:
    rgba.save("hopper.jpg")
except OSError as err:
    print(err)
    #> cannot write mode RGBA as JPEG
rgba.convert("RGB").save("hopper.jpg")

# save() picks the format from the file name; the files go to the working directory.
small = img.resize((128, 150))
small.save("hopper_small.png")
gray.save("hopper_gray.png")
with Image.open("hopper_small.png") as a, Image.open("hopper_gray.png") as b:
    print(a.size, b.mode)
    #> (128, 150) L
# --8<-- [end:convert]

# --8<-- [start:opencv]
# OpenCV reads the same file into a NumPy array directly ...
bgr = cv2.imread(photo)
print(type(bgr).__name__, bgr.shape, bgr.dtype)
#> ndarray (600, 512, 3) uint8
# ... but stores the channels as blue, green, red: the same pixel, reversed.
print(bgr[0, 0], pixels[0, 0])
#> [77 24 21] [21 24 77]
assert np.array_equal(bgr[..., ::-1], pixels)

rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)  # the fix, before anything else sees it
print(rgb[0, 0])
#> [21 24 77]
assert np.array_equal(rgb, pixels)

# cv2.imwrite expects BGR too, so a BGR array round-trips correctly.
cv2.imwrite("hopper_cv.png", bgr)
with Image.open("hopper_cv.png") as written:
    assert np.array_equal(np.asarray(written), pixels)
# --8<-- [end:opencv]

# --8<-- [start:figure]
fig, axes = plt.subplots(1, 2, figsize=(7, 4.2))
axes[0].imshow(rgb)
axes[0].set_title("rgb = cv2.cvtColor(bgr, ...)\ncorrect colours", fontsize=10)
axes[1].imshow(bgr)  # Matplotlib assumes RGB: red and blue trade places
axes[1].set_title("bgr passed straight to imshow\nred and blue swapped", fontsize=10)
for ax in axes:
    ax.axis("off")
fig.savefig("images_bgr.png", dpi=120, bbox_inches="tight")
plt.close(fig)
# --8<-- [end:figure]

# --8<-- [start:missing]
# OpenCV does not raise on a path it cannot read: it returns None (and logs a warning).
missing = cv2.imread("no_such_file.png")
print(missing)
#> None
try:
    height, width = missing.shape[:2]
except AttributeError as err:
    print(err)  # the error shows up later, far from the cause
    #> 'NoneType' object has no attribute 'shape'

# Pillow raises at once, naming the file.
try:
    Image.open("no_such_file.png")
except FileNotFoundError as err:
    print(err)
    #> [Errno 2] No such file or directory: 'no_such_file.png'
# --8<-- [end:missing]

# --8<-- [start:tensor]
# To a PyTorch image tensor: (H, W, C) uint8 -> (C, H, W) float in [0, 1].
x = torch.from_numpy(rgb).permute(2, 0, 1).float() / 255
print(x.shape, x.dtype, round(x.max().item(), 3))
#> torch.Size([3, 600, 512]) torch.float32 1.0
# --8<-- [end:tensor]
