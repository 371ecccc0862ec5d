"""Facts behind the CUDA blocks of docs/*/deploy/inference.md (run by `nox -s gpu`)."""

import pytest

import fieldguide

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/inference_cuda")


def test_inference_mode_needs_less_memory(ns):
    assert ns["peak_inference"] < ns["peak_training"]
    assert ns["peak_training"] >= 7 * ns["activation"]


def test_tensors_were_freed(ns):
    assert "x" not in ns and "y" not in ns
