"""Datasets: the __len__/__getitem__ protocol, tensors, and a folder of images (TOPICS D1).

Run it alone: python snippets/data/dataset.py
It writes a small folder of real photo crops, photos/, into the working directory.
"""

# --8<-- [start:custom]
from pathlib import Path

import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torch.utils.data import Dataset, TensorDataset
from torchvision import transforms
from torchvision.datasets import ImageFolder

torch.manual_seed(0)


class MyDataset(Dataset):
    """Wraps two tensors whose first dimension counts the samples."""

    def __init__(self, data_tensor, target_tensor):
        assert len(data_tensor) == len(target_tensor)
        self.data_tensor = data_tensor
        self.target_tensor = target_tensor

    def __len__(self):
        return self.data_tensor.size(0)

    def __getitem__(self, index):
        return self.data_tensor[index], self.target_tensor[index]


data_tensor = torch.randn(10, 3)  # 10 samples, 3 features each
target_tensor = torch.randint(0, 2, (10,))  # a 0/1 label per sample
my_dataset = MyDataset(data_tensor, target_tensor)

print("Dataset size:", len(my_dataset))
#> Dataset size: 10
print("my_dataset[0]:", my_dataset[0])
#> my_dataset[0]: (tensor([-1.1258, -1.1524, -0.2506]), tensor(1))
x, y = my_dataset[9]  # a sample is whatever __getitem__ returns: here a tuple
print(x.shape, y.item())
#> torch.Size([3]) 0
# --8<-- [end:custom]

# --8<-- [start:tensordataset]
# The same thing, ready-made: indexing returns one slice of every tensor.
tensor_dataset = TensorDataset(data_tensor, target_tensor)
print(len(tensor_dataset), tensor_dataset[0])
#> 10 (tensor([-1.1258, -1.1524, -0.2506]), tensor(1))
assert all(
    torch.equal(a, b)
    for i in range(len(my_dataset))
    for a, b in zip(my_dataset[i], tensor_dataset[i], strict=True)
)

# Tensors of different lengths are refused at once.
try:
    TensorDataset(data_tensor, target_tensor[:5])
except AssertionError as err:
    print("AssertionError:", err)
    #> AssertionError: Size mismatch between tensors
# --8<-- [end:tensordataset]

# --8<-- [start:make_folder]
# Two real photos that ship with scikit-learn: a temple in China and a flower.
# We cut 64x64 crops out of each and save them as PNG files, one folder per class:
# photos/flower/0.png ... photos/temple/3.png
photos = {"temple": load_sample_image("china.jpg"), "flower": load_sample_image("flower.jpg")}
root = Path("photos")
for name, photo in photos.items():
    (root / name).mkdir(parents=True, exist_ok=True)
    for i in range(4):
        top, left = 100 + 40 * i, 150 + 60 * i
        crop = photo[top : top + 64, left : left + 64]  # HWC, uint8
        Image.fromarray(crop).save(root / name / f"{i}.png")

for class_dir in sorted(root.iterdir()):
    print(class_dir.as_posix(), sorted(f.name for f in class_dir.iterdir()))
    #> photos/flower ['0.png', '1.png', '2.png', '3.png']
    #> photos/temple ['0.png', '1.png', '2.png', '3.png']
# --8<-- [end:make_folder]

# --8<-- [start:folder_dataset]
class ImageFolderDataset(Dataset):
    """root/<class name>/<image file>: the class is the name of the folder."""

    def __init__(self, root, transform=None):
        # Only paths are gathered here; images are read one at a time in __getitem__.
        self.classes = sorted(d.name for d in Path(root).iterdir() if d.is_dir())
        self.class_to_idx = {name: i for i, name in enumerate(self.classes)}
        self.samples = [
            (path, self.class_to_idx[name])
            for name in self.classes
            for path in sorted((Path(root) / name).iterdir())
        ]
        self.transform = transform

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        path, label = self.samples[index]
        with Image.open(path) as img:  # closes the file once the pixels are read
            img = img.convert("RGB")
        if self.transform is not None:
            img = self.transform(img)
        return img, label


my_folder = ImageFolderDataset("photos", transform=transforms.ToTensor())
print(len(my_folder), my_folder.classes, my_folder.class_to_idx)
#> 8 ['flower', 'temple'] {'flower': 0, 'temple': 1}
img, label = my_folder[5]
print(img.shape, img.dtype, label)
#> torch.Size([3, 64, 64]) torch.float32 1
# --8<-- [end:folder_dataset]

# --8<-- [start:imagefolder]
folder = ImageFolder("photos", transform=transforms.ToTensor())
print(len(folder), folder.classes, folder.class_to_idx)
#> 8 ['flower', 'temple'] {'flower': 0, 'temple': 1}
print(folder.samples[5])
#> ('photos/temple/1.png', 1)
img, label = folder[5]
print(img.shape, img.dtype, label)
#> torch.Size([3, 64, 64]) torch.float32 1

# Sample for sample, our dataset and ImageFolder return the same pixels and labels.
for i in range(len(folder)):
    (a, la), (b, lb) = my_folder[i], folder[i]
    assert torch.equal(a, b) and la == lb
# ... and the pixels are exactly the crops we saved (PNG is lossless).
assert torch.equal(folder[0][0], transforms.ToTensor()(photos["flower"][100:164, 150:214].copy()))
# --8<-- [end:imagefolder]
