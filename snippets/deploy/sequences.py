"""Sequences: nn.Embedding, pad_sequence in a collate_fn, padding masks, packed sequences (TOPICS Y6).

Run it alone: python snippets/deploy/sequences.py
"""

# --8<-- [start:vocab]
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence
from torch.utils.data import DataLoader

sentences = ["tensors are fun", "autograd computes gradients", "hello", "padding is fun too"]
PAD = 0  # index 0 is reserved for padding
vocab = {"<pad>": PAD}
for sentence in sentences:
    for word in sentence.split():
        vocab.setdefault(word, len(vocab))
encoded = [torch.tensor([vocab[w] for w in s.split()]) for s in sentences]
print(len(vocab), [seq.tolist() for seq in encoded])
#> 11 [[1, 2, 3], [4, 5, 6], [7], [8, 9, 3, 10]]
# --8<-- [end:vocab]

# --8<-- [start:embedding]
torch.manual_seed(0)
embedding = nn.Embedding(num_embeddings=len(vocab), embedding_dim=4, padding_idx=PAD)
# An embedding is a lookup table: row i of the weight is the vector for token i.
vectors = embedding(encoded[0])
print(vectors.shape, torch.equal(vectors, embedding.weight[encoded[0]]))
#> torch.Size([3, 4]) True
# The padding row starts at zero and never receives a gradient.
embedding(torch.tensor([PAD, 1, PAD])).sum().backward()
print(embedding.weight[PAD].tolist(), embedding.weight.grad[PAD].tolist())
#> [0.0, 0.0, 0.0, 0.0] [0.0, 0.0, 0.0, 0.0]
print(embedding.weight.grad[1].tolist())
#> [1.0, 1.0, 1.0, 1.0]
# --8<-- [end:embedding]

# --8<-- [start:collate]
labels = torch.tensor([1, 0, 1, 0])
dataset = list(zip(encoded, labels, strict=True))  # any sequence of (tokens, label) pairs


def collate(batch):
    """Pad the variable-length sequences of one batch to the longest of them."""
    sequences, targets = zip(*batch, strict=True)
    lengths = torch.tensor([len(s) for s in sequences])
    padded = pad_sequence(sequences, batch_first=True, padding_value=PAD)
    return padded, lengths, torch.stack(targets)


loader = DataLoader(dataset, batch_size=4, collate_fn=collate)
tokens, lengths, targets = next(iter(loader))
print(tokens)
#> tensor([[ 1,  2,  3,  0],
#>         [ 4,  5,  6,  0],
#>         [ 7,  0,  0,  0],
#>         [ 8,  9,  3, 10]])
print(lengths.tolist())
#> [3, 3, 1, 4]
# --8<-- [end:collate]

# --8<-- [start:mask]
# True marks padding. (Built from the lengths, so a real token 0 would still count.)
padding_mask = torch.arange(tokens.size(1)) >= lengths.unsqueeze(1)
print(padding_mask)
#> tensor([[False, False, False,  True],
#>         [False, False, False,  True],
#>         [False,  True,  True,  True],
#>         [False, False, False, False]])

# The mean over real tokens only: zero the padding, divide by the true lengths.
embedded = embedding(tokens)  # (batch, time, features)
keep = (~padding_mask).unsqueeze(-1)
mean = (embedded * keep).sum(dim=1) / lengths.unsqueeze(1)
print(torch.allclose(mean[2], embedding.weight[7]))
#> True
# --8<-- [end:mask]

# --8<-- [start:attention_mask]
torch.manual_seed(0)
attention = nn.MultiheadAttention(embed_dim=4, num_heads=1, batch_first=True)
# key_padding_mask: True = "this key is padding, do not attend to it".
out, weights = attention(
    embedded, embedded, embedded, key_padding_mask=padding_mask, need_weights=True
)
print(weights.shape)
#> torch.Size([4, 4, 4])
print(weights[2, 0].tolist())  # the one-word sentence can only attend to itself
#> [1.0, 0.0, 0.0, 0.0]
print(bool((weights * padding_mask.unsqueeze(1)).sum() == 0))
#> True
# --8<-- [end:attention_mask]

# --8<-- [start:packed]
torch.manual_seed(0)
gru = nn.GRU(input_size=4, hidden_size=5, batch_first=True)
# A packed batch tells the RNN each sequence's length: it stops at the last real token.
packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
_, last_hidden = gru(packed)
# The same as running the one-word sentence alone, without any padding.
_, alone = gru(embedding(encoded[2]).unsqueeze(0))
print(torch.allclose(last_hidden[0, 2], alone[0, 0]))
#> True
# Without packing, the RNN also reads the three padding steps.
_, unpacked = gru(embedded)
print(torch.allclose(unpacked[0, 2], alone[0, 0]))
#> False
# --8<-- [end:packed]
