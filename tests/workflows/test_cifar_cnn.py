"""Facts behind docs/*/workflows/cifar_cnn.md, asserted on the snippet's variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("workflows/cifar_cnn")


def test_accuracy_is_far_above_chance(ns):
    assert 0.8 < ns["accuracy"] <= 1.0


def test_lenet_shapes(ns):
    model = ns["model"].cpu().eval()
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
    correct, total = ns["test"](ns["model"], torch.device("cpu"), loader)
    assert total.sum().item() == 50 and (correct <= total).all()
