"""torchvision.datasets: MNIST from files on disk, the root/cache layout, FakeData (TOPICS D3).

Run it alone: python snippets/data/torchvision_datasets.py
Nothing is downloaded: the snippet writes small MNIST-format files itself, built from
scikit-learn's handwritten digits, into data/MNIST/raw/ in the working directory.
"""

# --8<-- [start:missing]
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

torch.manual_seed(0)

# With download=False, MNIST only looks for its files under root/MNIST/raw/.
try:
    datasets.MNIST(root="nowhere", train=True, download=False)  # a root without the files
except RuntimeError as err:
    print("RuntimeError:", err)
    #> RuntimeError: Dataset not found. You can use download=True to download it
# --8<-- [end:missing]

# --8<-- [start:write]
def write_idx(path, array):
    """Write a uint8 array in MNIST's IDX format: a header, then the raw bytes."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    magic = bytes([0, 0, 0x08, array.ndim])  # 0x08 = unsigned byte, then the rank
    sizes = b"".join(n.to_bytes(4, "big") for n in array.shape)
    Path(path).write_bytes(magic + sizes + array.tobytes())


def mnist_style(images_8x8):
    """sklearn's 8x8 digits (values 0..16) -> MNIST-like 28x28 uint8: a 20x20 digit, 4px margin."""
    out = np.zeros((len(images_8x8), 28, 28), dtype=np.uint8)
    for i, img in enumerate(images_8x8):
        small = Image.fromarray((img * 255 / 16).astype(np.uint8))
        out[i, 4:24, 4:24] = np.asarray(small.resize((20, 20), Image.Resampling.BILINEAR))
    return out


digits = load_digits()  # 1797 real handwritten digits, shipped with scikit-learn
images, labels = mnist_style(digits.images), digits.target.astype(np.uint8)

raw = Path("data/MNIST/raw")  # the layout torchvision expects under root="data"
raw.mkdir(parents=True, exist_ok=True)
files = {
    "train-images-idx3-ubyte": images[:100],  # 100 training images ...
    "train-labels-idx1-ubyte": labels[:100],  # ... and their labels
    "t10k-images-idx3-ubyte": images[100:150],  # 50 test images
    "t10k-labels-idx1-ubyte": labels[100:150],
}
for name, array in files.items():
    write_idx(raw / name, array)
    print(f"{name:25} {(raw / name).stat().st_size:6} bytes")
    #> train-images-idx3-ubyte    78416 bytes
    #> train-labels-idx1-ubyte      108 bytes
    #> t10k-images-idx3-ubyte     39216 bytes
    #> t10k-labels-idx1-ubyte        58 bytes
# --8<-- [end:write]

# --8<-- [start:load]
def one_hot(label):
    """target_transform: an int class index -> a one-hot vector of 10 floats."""
    return F.one_hot(torch.tensor(label), num_classes=10).float()


train_set = datasets.MNIST(
    root="data",
    train=True,
    transform=transforms.ToTensor(),
    target_transform=one_hot,
    download=False,  # the files are there; download=True would find them and skip too
)
print(len(train_set))
#> 100
img, target = train_set[0]
print(img.shape, img.dtype, img.min().item(), round(img.max().item(), 4))
#> torch.Size([1, 28, 28]) torch.float32 0.0 0.9098
print(target)
#> tensor([1., 0., 0., 0., 0., 0., 0., 0., 0., 0.])

# Without the transforms: a PIL image in mode "L" and a plain int.
raw_img, raw_label = datasets.MNIST(root="data", train=True)[0]
print(type(raw_img).__name__, raw_img.mode, raw_img.size, raw_label)
#> Image L (28, 28) 0

# The whole set is also kept as tensors: data (uint8) and targets (int64).
print(train_set.data.shape, train_set.data.dtype, train_set.targets[:10].tolist())
#> torch.Size([100, 28, 28]) torch.uint8 [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
print(train_set.classes[:3])
#> ['0 - zero', '1 - one', '2 - two']
assert torch.equal(train_set.data, torch.from_numpy(images[:100]))

test_set = datasets.MNIST(root="data", train=False, transform=transforms.ToTensor())
print(len(test_set), test_set.raw_folder)
#> 50 data/MNIST/raw
# --8<-- [end:load]

# --8<-- [start:loader]
g = torch.Generator().manual_seed(0)
loader = DataLoader(train_set, batch_size=16, shuffle=True, generator=g)
x, y = next(iter(loader))
print(x.shape, y.shape)
#> torch.Size([16, 1, 28, 28]) torch.Size([16, 10])
print(y.argmax(dim=1).tolist())
#> [5, 1, 7, 3, 5, 0, 9, 0, 2, 0, 6, 9, 1, 2, 7, 8]
# --8<-- [end:loader]

# --8<-- [start:fakedata]
# FakeData: random images of any size with random labels, generated on the fly.
fake = datasets.FakeData(
    size=8, image_size=(3, 32, 32), num_classes=10, transform=transforms.ToTensor()
)
img, label = fake[0]
print(len(fake), img.shape, label)
#> 8 torch.Size([3, 32, 32]) 7
# Each index is seeded internally, so the same index always gives the same image.
assert torch.equal(fake[3][0], fake[3][0])
# --8<-- [end:fakedata]
