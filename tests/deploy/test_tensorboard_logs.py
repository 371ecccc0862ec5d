"""Facts behind docs/*/deploy/tensorboard_logs.md: what was logged is what is read back."""

import numpy as np
import pytest

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/tensorboard_logs")


def test_event_file_written(ns):
    files = list(ns["log_dir"].glob("events.out.tfevents.*"))
    assert len(files) == 1 and files[0].stat().st_size > 0


def test_scalars_round_trip(ns):
    losses = ns["losses"]
    assert [e.step for e in losses] == list(range(20))
    # Event files store float32: equal to the logged Python floats to float32 precision.
    np.testing.assert_allclose([e.value for e in losses], ns["logged"], rtol=1e-6)
    assert losses[-1].value < losses[0].value / 10
    weights = ns["events"].Scalars("weight")
    assert abs(weights[-1].value - 2.0) < 0.1


def test_image_round_trip(ns):
    assert ns["stored"].width == 32 and ns["stored"].height == 16
    assert np.array_equal(ns["decoded"], ns["picture"].permute(1, 2, 0).numpy())
