"""Facts behind docs/*/workflows/cifar_cnn.md, asserted on the snippet's variables."""

import copy
import math
import pickle

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("workflows/cifar_cnn")


def expected_device() -> str:
    # main() picks CUDA where it is available: the GPU run must see it used.
    return "cuda" if torch.cuda.is_available() else "cpu"


def test_main_trained_on_cuda_where_available(ns):
    assert {p.device.type for p in ns["model"].parameters()} == {expected_device()}


def test_accuracy_is_far_above_chance(ns):
    # the printed numbers are one run's example; this is what every CPU must reach
    assert 0.85 < ns["accuracy"] <= 1.0


def test_running_loss_starts_at_chance_and_falls(ns):
    losses = ns["losses"]
    assert len(losses) == 6  # 1600 training images, batches of 32, a report every 20 batches
    assert abs(losses[0] - math.log(10)) < 0.1  # guessing among 10 classes
    assert losses[-1] < 0.6 and losses[-1] < losses[0] / 4


def test_lenet_shapes(ns):
    model = copy.deepcopy(ns["model"]).cpu().eval()  # a copy: the trained model stays put
    with torch.no_grad():
        out = model(torch.zeros(2, 3, 32, 32))
    assert out.shape == (2, 10)
    assert model.fc1.in_features == 16 * 5 * 5


def test_synthetic_dataset_looks_like_cifar10(ns):
    ds = ns["SyntheticCIFAR10"](train=False, size=20, transform=None)
    assert ds.data.shape == (20, 32, 32, 3) and str(ds.data.dtype) == "uint8"
    assert ds.classes[0] == "plane" and len(ds.classes) == 10
    image, label = ds[0]
    assert image.size == (32, 32) and image.mode == "RGB" and 0 <= label < 10


def test_written_batches_have_cifar10s_layout_and_md5_refuses_them(ns, tmp_path):
    import torchvision

    ds = ns["SyntheticCIFAR10"](size=60)
    folder = ns["write_cifar_batches"](tmp_path, ds)
    names = {name for name, _ in torchvision.datasets.CIFAR10.train_list}
    names |= {name for name, _ in torchvision.datasets.CIFAR10.test_list}
    names.add(torchvision.datasets.CIFAR10.meta["filename"])
    assert {p.name for p in folder.iterdir()} == names  # exactly the files CIFAR10 looks for
    with open(folder / "test_batch", "rb") as f:
        entry = pickle.load(f, encoding="latin1")
    assert entry["data"].shape == (10, 3072) and str(entry["data"].dtype) == "uint8"
    # row layout: all red values, then green, then blue (CHW flattened)
    image = entry["data"][0].reshape(3, 32, 32).transpose(1, 2, 0)
    assert (image == ds.data[50]).all() and entry["labels"][0] == ds.targets[50]
    with pytest.raises(RuntimeError, match="not found or corrupted"):
        torchvision.datasets.CIFAR10(tmp_path, train=False, download=False)


def test_validation_split_is_seeded_and_disjoint():
    from torch.utils.data import random_split

    def split():
        return random_split(range(2000), [1600, 400], generator=torch.Generator().manual_seed(0))

    (train_a, val_a), (_, val_b) = split(), split()
    assert list(val_a.indices) == list(val_b.indices)
    assert not set(train_a.indices) & set(val_a.indices)


def test_transform_gives_normalised_tensors(ns):
    from torchvision import transforms

    t = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)])
    image, _ = ns["SyntheticCIFAR10"](train=True, size=4, transform=t)[0]
    assert image.shape == (3, 32, 32) and image.dtype == torch.float32
    assert image.min() >= -1.0 and image.max() <= 1.0


def test_per_class_counts_add_up(ns):
    from torch.utils.data import DataLoader
    from torchvision import transforms

    t = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)])
    loader = DataLoader(ns["SyntheticCIFAR10"](train=False, size=50, transform=t), batch_size=7)
    device = next(ns["model"].parameters()).device  # where main() trained it
    correct, total = ns["test"](ns["model"], device, loader)
    assert total.sum().item() == 50 and (correct <= total).all()
