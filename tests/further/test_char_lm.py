"""Facts behind docs/*/further/char_lm.md and its notebook."""

import pytest
import torch

import fieldguide

TEXT = fieldguide.ROOT / "snippets" / "further" / "sonnets.txt"


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("further/char_lm")


def test_the_text_ships_with_its_note():
    data = TEXT.read_bytes()
    assert len(data) <= 200_000
    text = data.decode("ascii")  # plain ASCII, as transcribed
    assert text.startswith("From fairest creatures we desire increase,\n")
    assert text.endswith("My grief lies onward, and my joy behind.\n")
    assert len(text.strip().split("\n\n")) == 50  # sonnets 1 to 50
    note = (TEXT.parent / "README.md").read_text("utf-8")
    assert "public domain" in note.lower() and "sonnets.txt" in note


def test_split_and_vocabulary(ns):
    assert ns["chars"] == sorted(set(ns["text"]))
    assert ns["decode"](ns["encode"]("Shall I")) == "Shall I"
    assert len(ns["train_data"]) + len(ns["val_data"]) == len(ns["text"])


def test_model_is_causal(ns):
    model, encode = ns["model"], ns["encode"]
    x = encode("When forty winters shall")[None]
    y = x.clone()
    y[0, 10] = (y[0, 10] + 1) % len(ns["chars"])
    model.eval()
    with torch.no_grad():
        a, b = model(x), model(y)
    model.train()
    torch.testing.assert_close(a[:, :10], b[:, :10])  # the past cannot see the future
    assert not torch.allclose(a[:, 10:], b[:, 10:])


def test_model_beats_the_unigram_baseline(ns):
    assert ns["history"][-1] < ns["history"][0] - 1.0
    assert ns["val_loss"] < ns["baseline"] - 0.4
    assert ns["validation_loss"](ns["model"]) == pytest.approx(ns["val_loss"])
    assert ns["seconds"] < 120  # about 5 s on two idle cores


def test_samples(ns):
    samples = ns["samples"]
    assert set(samples) == {0.5, 1.0}
    for s in samples.values():
        assert s.startswith("When I ") and len(s) == len("When I ") + 200
        assert set(s) <= set(ns["chars"])
    # A low temperature keeps to what the model expects most.
    assert ns["surprise"](ns["model"], samples[0.5]) < ns["surprise"](ns["model"], samples[1.0])


def test_surprise_scores_the_last_context_characters(ns):
    model, surprise, context = ns["model"], ns["surprise"], ns["CONTEXT"]
    text = ns["samples"][1.0]
    tail = text[-context:]
    # Only the last CONTEXT characters count: whatever comes before them changes nothing.
    assert surprise(model, "x" * 50 + tail) == surprise(model, tail) == surprise(model, text)
    assert surprise(model, text[:-1]) != surprise(model, text)
    # And the page says so, in both languages.
    en = " ".join((fieldguide.ROOT / "docs/en/further/char_lm.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/further/char_lm.md").read_text("utf-8").split())
    assert "each text's mean cross-entropy" not in en
    assert f"the last `CONTEXT` = {context} characters of each text" in en
    assert f"生成文本最后`CONTEXT`={context}个字符" in zh
