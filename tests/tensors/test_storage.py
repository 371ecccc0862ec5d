"""Facts behind docs/*/tensors/storage.md, asserted on the snippet's own variables."""

import pytest

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/storage")


def ptr(t):
    return t.untyped_storage().data_ptr()


def test_header(ns):
    x = ns["x"]
    assert x.stride() == (3, 1) and x.storage_offset() == 0
    assert ns["storage"].nbytes() == 6 * 8


def test_views_share_and_copies_do_not(ns):
    x = ns["x"]
    assert ptr(x[:, 1]) == ptr(x) and x[:, 1].storage_offset() == 1
    assert x.T.stride() == (1, 3)
    assert ptr(x.clone()) != ptr(x)
    assert ptr(x.T.contiguous()) != ptr(x)


def test_write_through_view(ns):
    assert ns["x"][1, 0].item() == 30 and ns["row"][0].item() == 30


def test_contiguity(ns):
    x = ns["x"]
    assert x.is_contiguous() and not x.T.is_contiguous() and not x[:, 1].is_contiguous()
