"""Facts behind docs/*/data/torchvision_datasets.md, asserted on the snippet's own variables."""

import socket

import numpy as np
import pytest
import torch
from torchvision import datasets

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("data/torchvision_datasets")


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("this test must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_mnist_loads_the_written_files(ns):
    train, test = ns["train_set"], ns["test_set"]
    assert len(train) == 100 and len(test) == 50
    assert torch.equal(train.data, torch.from_numpy(ns["images"][:100]))
    assert train.targets.tolist() == ns["labels"][:100].tolist()
    img, target = train[3]
    assert img.shape == (1, 28, 28) and img.dtype == torch.float32
    assert target.shape == (10,) and target.argmax().item() == ns["labels"][3] == 3


def test_images_are_mnist_like(ns):
    images = ns["images"]
    assert images.shape == (1797, 28, 28) and images.dtype == np.uint8
    assert images[:, :4].max() == 0 and images[:, 24:].max() == 0  # the empty margin
    assert images.max() == 255


def test_download_true_is_skipped_when_files_exist(ns, tmp_path, no_network):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for split, part in (("train", slice(0, 100)), ("t10k", slice(100, 150))):
        ns["write_idx"](raw / f"{split}-images-idx3-ubyte", ns["images"][part])
        ns["write_idx"](raw / f"{split}-labels-idx1-ubyte", ns["labels"][part])
    ds = datasets.MNIST(root=tmp_path, train=False, download=True)
    assert len(ds) == 50


def test_one_hot_target_transform(ns):
    assert torch.equal(ns["one_hot"](4), torch.eye(10)[4])


def test_loader_batch_and_fakedata(ns):
    assert ns["x"].shape == (16, 1, 28, 28) and ns["y"].shape == (16, 10)
    assert len(ns["fake"]) == 8 and ns["fake"][0][0].shape == (3, 32, 32)
    assert 0 <= ns["fake"][5][1] < 10


def test_old_processed_files_are_read_before_raw_ones(tmp_path):
    processed = tmp_path / "MNIST" / "processed"
    processed.mkdir(parents=True)
    data, targets = torch.zeros(3, 28, 28, dtype=torch.uint8), torch.tensor([4, 5, 6])
    torch.save((data, targets), processed / "training.pt")
    torch.save((data[:1], targets[:1]), processed / "test.pt")
    mnist = datasets.MNIST(root=tmp_path, train=True, download=False)  # no raw/ at all
    assert len(mnist) == 3 and mnist.targets.tolist() == [4, 5, 6]
    page = "docs/{}/data/torchvision_datasets.md"
    en = " ".join((fieldguide.ROOT / page.format("en")).read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / page.format("zh")).read_text("utf-8").split())
    assert "the dataset only looks under `root/MNIST/raw/`" not in en
    assert "holds the `training.pt` and `test.pt` an older torchvision wrote" in en
    assert "数据集只在`root/MNIST/raw/`下找文件" not in zh and "就优先读取它们" in zh
