"""Facts behind docs/*/deploy/sequences.md."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/sequences")


def test_padding_row_stays_zero(ns):
    embedding = ns["embedding"]
    assert torch.count_nonzero(embedding.weight[ns["PAD"]]) == 0
    assert torch.count_nonzero(embedding.weight.grad[ns["PAD"]]) == 0


def test_collate_pads_to_the_longest(ns):
    tokens, lengths = ns["tokens"], ns["lengths"]
    assert tokens.shape == (4, int(lengths.max()))
    for row, length, original in zip(tokens, lengths, ns["encoded"], strict=True):
        assert torch.equal(row[:length], original)
        assert (row[length:] == ns["PAD"]).all()


def test_mask_marks_exactly_the_padding(ns):
    assert int(ns["padding_mask"].sum()) == int(4 * ns["tokens"].size(1) - ns["lengths"].sum())


def test_masked_mean_is_the_mean_of_real_tokens(ns):
    embedding = ns["embedding"]
    for i, seq in enumerate(ns["encoded"]):
        torch.testing.assert_close(ns["mean"][i], embedding(seq).mean(dim=0))


def test_attention_ignores_padding(ns):
    weights, mask = ns["weights"].detach(), ns["padding_mask"]
    assert float(weights[mask.unsqueeze(1).expand_as(weights)].abs().max()) == 0.0
    torch.testing.assert_close(weights.sum(dim=-1), torch.ones(4, 4))


def test_packed_gru_matches_each_sequence_alone(ns):
    gru, embedding = ns["gru"], ns["embedding"]
    for i, seq in enumerate(ns["encoded"]):
        _, alone = gru(embedding(seq).unsqueeze(0))
        torch.testing.assert_close(ns["last_hidden"][0, i], alone[0, 0])
