"""Facts behind docs/*/toolbox/progress.md, asserted on the snippet's own variables."""

import io

import pytest
from tqdm import tqdm

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("toolbox/progress")


def test_the_loop_is_unchanged(ns):
    assert ns["total"] == sum(range(100))
    assert ns["seen"] == [0, 1, 2, 3, 4]


def test_training_loss_goes_down(ns):
    history = ns["history"]
    assert len(history) == 3 and history[0] > history[1] > history[2]


def test_bar_goes_to_the_given_file_only(ns):
    assert ns["out"].getvalue() == ""
    assert "3/3" in ns["err"].getvalue()
    assert ns["quiet"].getvalue() == ""
    assert "step 1: checkpoint saved" in ns["screen"].getvalue()
    assert ns["lines"][-1].startswith("train: 100%")


def test_disabled_bar_writes_nothing():
    screen = io.StringIO()
    items = list(tqdm(range(3), file=screen, disable=True))
    assert items == [0, 1, 2] and screen.getvalue() == ""


def test_bar_defaults_to_stderr_and_write_to_stdout(capsys):
    from tqdm import tqdm

    for _ in tqdm(range(2), disable=False):
        pass
    tqdm.write("a message")
    out, err = capsys.readouterr()
    assert out == "a message\n" and "2/2" in err
