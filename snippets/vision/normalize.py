"""Normalize per channel, undo it for display, and Compose in the right order (TOPICS V4, V5).

Run it alone: python snippets/vision/normalize.py
"""
# figures: normalize.png

# --8<-- [start:formula]
import matplotlib.pyplot as plt
import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torchvision import transforms

torch.manual_seed(0)

img = Image.fromarray(load_sample_image("china.jpg"))
x = transforms.ToTensor()(img)  # (3, H, W) in [0, 1]

mean, std = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)  # ImageNet's per-channel values
normalize = transforms.Normalize(mean=mean, std=std)
y = normalize(x)

# By hand: (x - mean) / std, one mean and one std per channel, broadcast over H and W.
m = torch.tensor(mean).view(3, 1, 1)
s = torch.tensor(std).view(3, 1, 1)
assert torch.allclose(y, (x - m) / s)

print(x[:, 0, 0], "->", y[:, 0, 0])  # the top-left pixel, R G B
#> tensor([0.6824, 0.7882, 0.9059]) -> tensor([0.8618, 1.4832, 2.2217])
print(round((174 / 255 - 0.485) / 0.229, 4))  # red channel by hand: pixel value 174
#> 0.8618
# --8<-- [end:formula]

# --8<-- [start:half]
# mean = std = 0.5 maps [0, 1] onto [-1, 1]: 0 -> (0 - 0.5) / 0.5 = -1, 1 -> +1.
half = transforms.Normalize(mean=(0.5,), std=(0.5,))  # one value per channel; here 1 channel
print(half(torch.tensor([0.0, 0.25, 0.5, 1.0]).view(1, 1, 4)))
#> tensor([[[-1.0000, -0.5000,  0.0000,  1.0000]]])

y_half = transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))(x)
print(y_half.min().item(), y_half.max().item())
#> -1.0 1.0

# mean and std need one value per channel (or a single one for all).
try:
    transforms.Normalize((0.5, 0.5), (0.5, 0.5))(x)
except RuntimeError as err:
    print("RuntimeError:", str(err).split(" at ")[0])
    #> RuntimeError: The size of tensor a (3) must match the size of tensor b (2)
# --8<-- [end:half]

# --8<-- [start:stats]
# "Standardize" means: with the image's own channel means and stds, every channel
# ends up with mean 0 and std 1.
own_mean, own_std = x.mean(dim=(1, 2)), x.std(dim=(1, 2))
print(own_mean, own_std)
#> tensor([0.5675, 0.5705, 0.5526]) tensor([0.3076, 0.3285, 0.3758])
z = transforms.Normalize(own_mean.tolist(), own_std.tolist())(x)
assert torch.allclose(z.mean(dim=(1, 2)), torch.zeros(3), atol=1e-5)
assert torch.allclose(z.std(dim=(1, 2)), torch.ones(3), atol=1e-5)
print([abs(round(v, 4)) for v in z.mean(dim=(1, 2)).tolist()], z.std(dim=(1, 2)).round(decimals=4))
#> [0.0, 0.0, 0.0] tensor([1., 1., 1.])
# --8<-- [end:stats]

# --8<-- [start:inplace]
a = x.clone()
out = transforms.Normalize(mean, std)(a)  # inplace=False (the default): a new tensor
assert torch.equal(a, x) and out.data_ptr() != a.data_ptr()

out = transforms.Normalize(mean, std, inplace=True)(a)  # overwrites its input
assert out.data_ptr() == a.data_ptr() and torch.allclose(a, y)
print(torch.equal(a, x))  # the original values in `a` are gone
#> False
# --8<-- [end:inplace]

# --8<-- [start:undo]
# For display, undo it: x = y * std + mean, then the values are back in [0, 1].
restored = y * s + m
assert torch.allclose(restored, x, atol=1e-6)

# Shown as it is, a normalized image is clipped to [0, 1] and looks wrong.
fig, axes = plt.subplots(1, 3, figsize=(9, 2.6))
panels = [x, y.clamp(0, 1), restored.clamp(0, 1)]
titles = ["ToTensor()", "after Normalize, shown as is", "y * std + mean"]
for ax, panel, title in zip(axes, panels, titles, strict=True):
    ax.imshow(panel.permute(1, 2, 0).numpy())  # CHW -> HWC
    ax.set_title(title, fontsize=9)
    ax.axis("off")
fig.tight_layout()
fig.savefig("normalize.png", dpi=80)
plt.close(fig)
# --8<-- [end:undo]

# --8<-- [start:compose]
preprocess = transforms.Compose([
    transforms.Resize(64),  # PIL image in, PIL image out
    transforms.CenterCrop(64),
    transforms.ToTensor(),  # PIL -> float tensor in [0, 1]
    transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),  # tensor -> tensor in [-1, 1]
])
print(preprocess)
#> Compose(
#>     Resize(size=64, interpolation=bilinear, max_size=None, antialias=True)
#>     CenterCrop(size=(64, 64))
#>     ToTensor()
#>     Normalize(mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))
#> )
batch_item = preprocess(img)
print(batch_item.shape, batch_item.min().item() >= -1, batch_item.max().item() <= 1)
#> torch.Size([3, 64, 64]) True True
# --8<-- [end:compose]

# --8<-- [start:order]
# Compose calls its transforms in list order. Normalize needs a tensor, so it must
# come after ToTensor:
wrong = transforms.Compose([
    transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),
    transforms.ToTensor(),
])
try:
    wrong(img)
except TypeError as err:
    print("TypeError:", err)
    #> TypeError: img should be Tensor Image. Got <class 'PIL.Image.Image'>

# Some wrong orders run without any error and quietly give other pixels.
crop_then_resize = transforms.Compose([transforms.CenterCrop(64), transforms.Resize(64)])
resize_then_crop = transforms.Compose([transforms.Resize(64), transforms.CenterCrop(64)])
p, q = transforms.ToTensor()(crop_then_resize(img)), transforms.ToTensor()(resize_then_crop(img))
print(p.shape == q.shape, torch.equal(p, q))  # same shape, different picture
#> True False
# --8<-- [end:order]
