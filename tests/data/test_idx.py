"""Facts behind docs/*/data/idx.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("data/idx")


def test_header_fields(ns):
    assert (ns["magic"], ns["n"], ns["rows"], ns["cols"]) == (2051, 100, 28, 28)
    assert (ns["label_magic"], ns["label_n"]) == (2049, 100)
    assert len(ns["image_bytes"]) == 16 + 100 * 28 * 28
    assert len(ns["label_bytes"]) == 8 + 100


def test_arrays_from_buffer(ns):
    images, labels = ns["images"], ns["labels"]
    assert images.shape == (100, 28, 28) and images.dtype == np.uint8
    assert labels.tolist() == ns["digits"].target[:100].tolist()
    assert not images.flags.writeable
    assert ns["X"].shape == (100, 784) and ns["X"].dtype == np.float32
    assert ns["X"].min() == 0.0 and ns["X"].max() == 1.0


def test_one_hot_both_ways(ns):
    onehot_np, onehot_pt = ns["onehot_np"], ns["onehot_pt"]
    assert onehot_np.dtype == np.float64 and onehot_pt.dtype == torch.int64
    assert (onehot_np.sum(axis=1) == 1).all()
    assert onehot_np[:, 5].sum() == (ns["labels"] == 5).sum()
    assert np.array_equal(onehot_pt.numpy(), onehot_np)


def test_torchvision_reads_the_same_files(ns):
    mnist = ns["mnist"]
    assert torch.equal(mnist.data, torch.from_numpy(ns["images"].copy()))
    assert torch.equal(mnist.targets, ns["targets"])
    assert ns["img"].shape == (1, 28, 28) and ns["label"] == 7


def test_frombuffer_is_read_only_because_bytes_are(ns):
    data = ns["image_bytes"]
    assert not np.frombuffer(data, dtype=np.uint8).flags.writeable  # bytes: read-only view
    view = np.frombuffer(bytearray(data), dtype=np.uint8)  # no copy either, but writable
    assert view.flags.writeable
    en = " ".join((fieldguide.ROOT / "docs/en/data/idx.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/data/idx.md").read_text("utf-8").split())
    assert "does not copy: the array is read-only" not in en
    assert "over a `bytearray` it would be writable" in en
    assert "并不复制数据，得到的数组是只读的" not in zh and "换成`bytearray`就可以写" in zh
