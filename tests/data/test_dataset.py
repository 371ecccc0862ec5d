"""Facts behind docs/*/data/dataset.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("data/dataset")


def test_custom_dataset_follows_the_protocol(ns):
    ds = ns["my_dataset"]
    assert len(ds) == 10
    x, y = ds[4]
    assert torch.equal(x, ns["data_tensor"][4]) and y.item() == ns["target_tensor"][4].item()
    assert x.shape == (3,) and y.dtype == torch.int64


def test_tensor_dataset_gives_the_same_samples(ns):
    a, b = ns["my_dataset"], ns["tensor_dataset"]
    assert len(a) == len(b)
    for i in range(len(a)):
        assert all(torch.equal(u, v) for u, v in zip(a[i], b[i], strict=True))


def test_folder_dataset_labels_follow_sorted_folder_names(ns):
    ds = ns["my_folder"]
    assert ds.classes == ["flower", "temple"]
    assert [label for _, label in ds.samples] == [0, 0, 0, 0, 1, 1, 1, 1]
    assert [p.name for p, _ in ds.samples] == ["0.png", "1.png", "2.png", "3.png"] * 2


def test_imagefolder_finds_the_same_samples(ns):
    ours, theirs = ns["my_folder"], ns["folder"]
    assert theirs.class_to_idx == ours.class_to_idx == {"flower": 0, "temple": 1}
    assert [(str(p), y) for p, y in ours.samples] == theirs.samples
    assert theirs.targets == [0, 0, 0, 0, 1, 1, 1, 1]


def test_loaded_sample_is_the_saved_crop(ns):
    # folder[5] is temple/1.png: the crop at top=140, left=210 of china.jpg
    img, label = ns["img"], ns["label"]
    crop = ns["photos"]["temple"][140:204, 210:274].copy()
    assert label == 1 and torch.equal(img, ns["transforms"].ToTensor()(crop))
    assert 0.0 <= img.min().item() and img.max().item() <= 1.0


def test_image_folder_numbers_classes_by_character_code(tmp_path):
    from torchvision.datasets.folder import find_classes

    for name in ("apple", "Zebra", "flower"):
        (tmp_path / name).mkdir()
    classes, class_to_idx = find_classes(tmp_path)
    assert classes == ["Zebra", "apple", "flower"]  # not alphabetical: upper case first
    assert class_to_idx["Zebra"] == 0
    en = " ".join((fieldguide.ROOT / "docs/en/data/dataset.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/data/dataset.md").read_text("utf-8").split())
    assert "numbered in alphabetical order" not in en and "按字母顺序编号" not in zh
    assert "a folder `Zebra` comes before `apple`" in en and "文件夹`Zebra`排在`apple`前面" in zh


def test_an_opened_image_holds_its_file_until_its_pixels_are_read(tmp_path):
    from PIL import Image

    path = tmp_path / "a.png"
    Image.new("RGB", (4, 4)).save(path)
    lazy = Image.open(path)  # only the header is read: the file stays open
    assert lazy.fp is not None and not lazy.fp.closed
    lazy.close()
    with Image.open(path) as img:  # the page's way: the file closes once the pixels are read
        fp = img.fp
        rgb = img.convert("RGB")
    assert fp.closed and rgb.size == (4, 4)
    # The page says so, in both languages (it used to blame every file opened without `with`).
    en = " ".join((fieldguide.ROOT / "docs/en/data/dataset.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/data/dataset.md").read_text("utf-8").split())
    assert "An image opened but not yet read keeps its file open" in en
    assert "打开了却还没读取的图片会一直占着文件" in zh and "否则读上几千张图" not in zh
