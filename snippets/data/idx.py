"""Reading MNIST's raw IDX files with NumPy; one-hot labels (TOPICS D4).

Run it alone: python snippets/data/idx.py
The snippet first writes small IDX files itself (scikit-learn's handwritten digits in
MNIST's format) into data/MNIST/raw/ in the working directory; nothing is downloaded.
"""

# --8<-- [start:write]
import gzip
import struct
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from sklearn.datasets import load_digits
from torchvision import datasets, transforms


def write_idx(path, array):
    """Write a uint8 array in the IDX format: magic number, sizes, raw bytes."""
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


digits = load_digits()
raw = Path("data/MNIST/raw")
raw.mkdir(parents=True, exist_ok=True)
for split, part in (("train", slice(0, 100)), ("t10k", slice(100, 150))):
    write_idx(raw / f"{split}-images-idx3-ubyte", mnist_style(digits.images[part]))
    write_idx(raw / f"{split}-labels-idx1-ubyte", digits.target[part])
# --8<-- [end:write]

# --8<-- [start:header]
image_bytes = (raw / "train-images-idx3-ubyte").read_bytes()
label_bytes = (raw / "train-labels-idx1-ubyte").read_bytes()
print(image_bytes[:16].hex(" ", 4))
#> 00000803 00000064 0000001c 0000001c

# Four big-endian 32-bit integers: magic number, count, rows, columns.
magic = int.from_bytes(image_bytes[0:4], "big")
n = int.from_bytes(image_bytes[4:8], "big")
rows = int.from_bytes(image_bytes[8:12], "big")
cols = int.from_bytes(image_bytes[12:16], "big")
print(magic, n, rows, cols)
#> 2051 100 28 28
assert magic == 2051, "not an IDX image file"
assert len(image_bytes) == 16 + n * rows * cols

# struct reads the same header in one call (">" = big-endian, "I" = unsigned 32-bit).
assert struct.unpack(">IIII", image_bytes[:16]) == (2051, 100, 28, 28)

# The label file has a shorter header: magic number and count.
label_magic, label_n = struct.unpack(">II", label_bytes[:8])
print(label_magic, label_n, len(label_bytes))
#> 2049 100 108
assert label_magic == 2049 and label_n == n
# --8<-- [end:header]

# --8<-- [start:frombuffer]
# Skip the header with offset=, then view the remaining bytes as uint8.
images = np.frombuffer(image_bytes, dtype=np.uint8, offset=16).reshape(n, rows, cols)
labels = np.frombuffer(label_bytes, dtype=np.uint8, offset=8)
print(images.shape, images.dtype, labels.shape, labels[:10])
#> (100, 28, 28) uint8 (100,) [0 1 2 3 4 5 6 7 8 9]

# Same as slicing off the header, the way many older scripts do it.
assert np.array_equal(np.frombuffer(image_bytes, dtype=np.uint8)[16:].reshape(n, 28, 28), images)

# Forgetting the offset leaves 16 extra bytes, and the shape no longer fits.
try:
    np.frombuffer(image_bytes, dtype=np.uint8).reshape(n, rows, cols)
except ValueError as err:
    print("ValueError:", err)
    #> ValueError: cannot reshape array of size 78416 into shape (100,28,28)

# frombuffer shares the (read-only) bytes: copy before changing anything.
print(images.flags.writeable)
#> False
X = images.reshape(n, rows * cols).astype(np.float32) / 255  # a new, writable array
print(X.shape, X.dtype, X.max())
#> (100, 784) float32 1.0
# --8<-- [end:frombuffer]

# --8<-- [start:gzip]
# Downloaded MNIST files end in .gz; gzip.open hands back the same bytes.
gz_path = raw / "train-images-idx3-ubyte.gz"
gz_path.write_bytes(gzip.compress(image_bytes))  # made here; a download arrives like this
with gzip.open(gz_path, "rb") as f:
    unzipped = f.read()
print(gz_path.read_bytes()[:2].hex(), "->", unzipped[:4].hex())  # gzip magic -> IDX magic
#> 1f8b -> 00000803
assert unzipped == image_bytes
# --8<-- [end:gzip]

# --8<-- [start:onehot]
# NumPy: row i of the identity matrix is the one-hot vector of class i.
onehot_np = np.eye(10)[labels]
print(onehot_np.shape, onehot_np.dtype)
#> (100, 10) float64
print(onehot_np[:3])
#> [[1. 0. 0. 0. 0. 0. 0. 0. 0. 0.]
#>  [0. 1. 0. 0. 0. 0. 0. 0. 0. 0.]
#>  [0. 0. 1. 0. 0. 0. 0. 0. 0. 0.]]

# PyTorch: one_hot wants int64 class indices and returns int64.
targets = torch.from_numpy(labels.astype(np.int64))
onehot_pt = F.one_hot(targets, num_classes=10)
print(onehot_pt.shape, onehot_pt.dtype)
#> torch.Size([100, 10]) torch.int64
assert np.array_equal(onehot_pt.numpy(), onehot_np)
assert torch.equal(onehot_pt.argmax(dim=1), targets)  # argmax undoes it

try:
    F.one_hot(torch.from_numpy(labels.copy()), num_classes=10)  # still uint8
except RuntimeError as err:
    print("RuntimeError:", err)
    #> RuntimeError: one_hot is only applicable to index tensor of type LongTensor.
# --8<-- [end:onehot]

# --8<-- [start:compare]
mnist = datasets.MNIST(root="data", train=True, download=False)
assert torch.equal(mnist.data, torch.from_numpy(images.copy()))
assert torch.equal(mnist.targets, targets)

# Through ToTensor, sample i is our array i scaled to [0, 1], with a channel axis.
img, label = datasets.MNIST(root="data", train=True, transform=transforms.ToTensor())[7]
print(img.shape, label, labels[7])
#> torch.Size([1, 28, 28]) 7 7
assert torch.equal(img, torch.from_numpy(images[7] / np.float32(255)).unsqueeze(0))
# --8<-- [end:compare]
