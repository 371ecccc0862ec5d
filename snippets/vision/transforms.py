"""torchvision transforms: ToTensor/ToPILImage, v2, Resize, crops, flips (TOPICS V1-V3, P11).

Run it alone: python snippets/vision/transforms.py
"""
# figures: resize.jpg crops.jpg fivecrop.jpg flips.jpg

# --8<-- [start:load]
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torchvision import transforms
from torchvision.transforms import InterpolationMode, v2

torch.manual_seed(0)


def show(filename, images, titles):
    """Save a row of PIL images (or CHW tensors) with their titles as one figure."""
    fig, axes = plt.subplots(1, len(images), figsize=(2.4 * len(images), 2.4))
    for ax, img, title in zip(axes, images, titles, strict=True):
        if isinstance(img, torch.Tensor):
            img = img.permute(1, 2, 0).numpy()  # CHW -> HWC for matplotlib
        ax.imshow(img)
        ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    # Photos compress far better as JPEG than as PNG; the page stays light.
    fig.savefig(filename, dpi=80, pil_kwargs={"quality": 85})
    plt.close(fig)


# A real photo that ships with scikit-learn, as a NumPy array and as a PIL image.
array = load_sample_image("china.jpg")  # H x W x C, uint8
img = Image.fromarray(array)
print(array.shape, array.dtype)
#> (427, 640, 3) uint8
print(img.size, img.mode)  # PIL gives (width, height)
#> (640, 427) RGB
# --8<-- [end:load]

# --8<-- [start:totensor]
to_tensor = transforms.ToTensor()  # a class: make an instance, then call it
t = to_tensor(img)
print(t.shape, t.dtype)  # HWC -> CHW, uint8 -> float32
#> torch.Size([3, 427, 640]) torch.float32
print(array[0, 0], "->", t[:, 0, 0])  # one pixel: [0, 255] -> [0, 1]
#> [174 201 231] -> tensor([0.6824, 0.7882, 0.9059])
print(t.min().item(), t.max().item())
#> 0.0 1.0
assert torch.equal(t, torch.from_numpy(array.copy()).permute(2, 0, 1).float() / 255)

# Only uint8 input is divided by 255: a float array keeps its values.
print(to_tensor(array.astype(np.float32)).max().item())
#> 255.0
# --8<-- [end:totensor]

# --8<-- [start:topil]
back = transforms.ToPILImage()(t)  # float CHW in [0, 1] -> PIL image, mode inferred: RGB
print(back.size, back.mode)
#> (640, 427) RGB
assert np.array_equal(np.asarray(back), array)  # the round trip is exact

gray = transforms.ToPILImage(mode="L")(t[:1])  # one channel as an 8-bit grayscale image
print(gray.size, gray.mode)
#> (640, 427) L
try:
    transforms.ToPILImage(mode="L")(t)  # three channels cannot be mode "L"
except ValueError as err:
    print("ValueError:", err)
    #> ValueError: Only modes ['RGB', 'YCbCr', 'HSV'] are supported for 3D inputs
# --8<-- [end:topil]

# --8<-- [start:v2]
# transforms.v2 splits ToTensor in two: convert to a tensor image, then to float and scale.
to_float = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
t2 = to_float(img)
print(type(t2).__name__, t2.shape, t2.dtype)
#> Image torch.Size([3, 427, 640]) torch.float32
print((t2 - t).abs().max().item())  # the same numbers as ToTensor, up to rounding
#> 5.960464477539063e-08
assert torch.allclose(t2, t)

# v2 still has ToTensor, but warns that it is on its way out.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    v2.ToTensor()
print(caught[0].category.__name__, str(caught[0].message).split(".")[0])
#> UserWarning The transform `ToTensor()` is deprecated and will be removed in a future release
# --8<-- [end:v2]

# --8<-- [start:resize]
short = transforms.Resize(100)(img)  # an int: the SHORTER side becomes 100, aspect kept
square = transforms.Resize((100, 100))(img)  # (h, w): exactly this size, aspect lost
print(short.size, square.size)
#> (149, 100) (100, 100)

# Tensors work too; for them the size reads (..., H, W).
print(transforms.Resize(100)(t).shape)
#> torch.Size([3, 100, 149])

# Interpolation is chosen with InterpolationMode; NEAREST keeps label masks integer.
blocky = transforms.Resize(24, interpolation=InterpolationMode.NEAREST)(img)
smooth = transforms.Resize(24, interpolation=InterpolationMode.BILINEAR)(img)  # the default
show("resize.jpg", [img, short, square, blocky, smooth],
     [f"original {img.size}", f"Resize(100) {short.size}", "Resize((100, 100))",
      "24, NEAREST", "24, BILINEAR"])
# --8<-- [end:resize]

# --8<-- [start:interpolation]
# Old notes write interpolation=2. torchvision 0.29 accepts it silently and reads it as a
# *Pillow* constant: 0 NEAREST, 1 LANCZOS, 2 BILINEAR, 3 BICUBIC.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    modes = {i: transforms.Resize(100, interpolation=i).interpolation.name for i in range(4)}
print(modes)
#> {0: 'NEAREST', 1: 'LANCZOS', 2: 'BILINEAR', 3: 'BICUBIC'}
assert caught == []  # no warning: nothing tells you 1 is not "nearest"

# A string is accepted by the constructor, but fails when the transform runs.
try:
    transforms.Resize(100, interpolation="bilinear")(img)
except TypeError as err:
    print("TypeError:", str(err).split(" or ")[0], "...")
    #> TypeError: Argument interpolation should be a InterpolationMode ...
# --8<-- [end:interpolation]

# --8<-- [start:crop]
center = transforms.CenterCrop(200)(img)  # a 200x200 square from the middle
print(center.size)
#> (200, 200)

# RandomCrop picks a random position. padding=20 first adds a 20-pixel black border, so
# the crop may slide partly off the picture (CIFAR training uses RandomCrop(32, padding=4)).
random_crop = transforms.RandomCrop(100, padding=20)
torch.manual_seed(1)
crop_a = random_crop(short)  # short is the 149x100 image from Resize(100)
crop_b = random_crop(short)  # another draw, another position
torch.manual_seed(1)
assert np.array_equal(np.asarray(random_crop(short)), np.asarray(crop_a))  # same seed, same crop
assert not np.array_equal(np.asarray(crop_a), np.asarray(crop_b))
print(crop_a.size, crop_b.size)
#> (100, 100) (100, 100)

# Asking for more than the image has fails unless pad_if_needed=True.
try:
    transforms.RandomCrop(500)(img)
except ValueError as err:
    print("ValueError:", err)
    #> ValueError: Required crop size (500, 500) is larger than input image size (427, 640)
show("crops.jpg", [center, crop_a, crop_b],
     ["CenterCrop(200)", "RandomCrop(100, padding=20)", "... another draw"])
# --8<-- [end:crop]

# --8<-- [start:fivecrop]
crops = transforms.FiveCrop(250)(img)  # four corners + center
print(type(crops).__name__, len(crops), crops[0].size)
#> tuple 5 (250, 250)

# A tuple is not a tensor: stack the crops into a batch to feed a model.
five = transforms.Compose([
    transforms.FiveCrop(250),
    transforms.Lambda(lambda crops: torch.stack([transforms.ToTensor()(c) for c in crops])),
])
batch = five(img)
print(batch.shape)
#> torch.Size([5, 3, 250, 250])
show("fivecrop.jpg", list(crops), ["top left", "top right", "bottom left", "bottom right",
     "center"])
# --8<-- [end:fivecrop]

# --8<-- [start:flip]
always = transforms.RandomHorizontalFlip(p=1.0)(img)  # p is the probability of flipping
never = transforms.RandomHorizontalFlip(p=0.0)(img)
assert np.array_equal(np.asarray(always), array[:, ::-1])  # columns reversed
assert np.array_equal(np.asarray(never), array)
upside_down = transforms.RandomVerticalFlip(p=1.0)(img)
assert np.array_equal(np.asarray(upside_down), array[::-1])  # rows reversed

# p=0.5 flips about half the time; the seed fixes which calls do.
coin = transforms.RandomHorizontalFlip(p=0.5)
torch.manual_seed(0)
flipped = [not np.array_equal(np.asarray(coin(img)), array) for _ in range(10)]
print(flipped)
#> [True, False, True, True, True, False, True, False, True, False]
show("flips.jpg", [img, always, upside_down],
     ["original", "RandomHorizontalFlip(p=1.0)", "RandomVerticalFlip(p=1.0)"])
# --8<-- [end:flip]
