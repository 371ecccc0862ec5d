"""Facts behind docs/*/toolbox/paths.md, asserted on the snippet's own variables."""

import os
from pathlib import PureWindowsPath

import pytest

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("toolbox/paths")


def test_listing_is_sorted_names(ns):
    assert ns["names"] == ["README.txt", "cat", "dog"]
    assert ns["classes"] == ["cat", "dog"]


def test_pathlib_finds_the_images(ns):
    assert [p.as_posix() for p in ns["images"]] == [
        "data/train/cat/1.png",
        "data/train/cat/2.png",
        "data/train/dog/1.jpg",
    ]
    assert [p.suffix for p in ns["cats"]] == [".png", ".png"]


def test_escapes_change_the_string(ns):
    assert "\n" in ns["broken"] and "\t" in ns["broken"] and len(ns["broken"]) == 13
    assert ns["fixed"].count("\\") == 2


def test_null_character(ns):
    assert "\0" in ns["bad"]
    with pytest.raises(ValueError, match="null"):
        os.stat(ns["bad"])
    assert os.path.exists(ns["bad"]) is False


def test_windows_path_parts(ns):
    win = ns["win"]
    assert isinstance(win, PureWindowsPath)
    assert win.parts[1:] == ("data", "train", "cat", "0.png")
    assert ns["local"].as_posix() == "data/train/cat/0.png"
