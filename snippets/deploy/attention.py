"""Attention: F.scaled_dot_product_attention against the formula, and a small Transformer (TOPICS Y7).

Run it alone: python snippets/deploy/attention.py   (it trains for a few seconds and writes
attention_causal.png in the current directory)
"""

# figures: attention_causal.png

# --8<-- [start:formula]
import math
import time

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn


def attention(q, k, v, mask=None):
    """softmax(q k^T / sqrt(d) + mask) v, written out. mask: True = may attend."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


torch.manual_seed(0)
# (batch, heads, sequence length, features per head); float64 for a tight comparison
q, k, v = torch.randn(3, 2, 2, 5, 8, dtype=torch.float64)
fused = F.scaled_dot_product_attention(q, k, v)
by_hand, _ = attention(q, k, v)
print(fused.shape, torch.allclose(fused, by_hand))
#> torch.Size([2, 2, 5, 8]) True
# --8<-- [end:formula]

# --8<-- [start:causal]
# Causal: position i may look at positions 0..i only (a lower-triangular mask).
causal = torch.ones(5, 5, dtype=torch.bool).tril()
fused_causal = F.scaled_dot_product_attention(q, k, v, is_causal=True)
by_hand_causal, causal_weights = attention(q, k, v, mask=causal)
print(torch.allclose(fused_causal, by_hand_causal))
#> True
# A boolean attn_mask means the same as our mask here: True = may attend.
print(torch.allclose(F.scaled_dot_product_attention(q, k, v, attn_mask=causal), by_hand_causal))
#> True
print(causal_weights[0, 0, 0].tolist())  # the first position sees only itself
#> [1.0, 0.0, 0.0, 0.0, 0.0]
# --8<-- [end:causal]

# --8<-- [start:figure]
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3))
_, full_weights = attention(q, k, v)
for ax, w, title in zip(axes, (full_weights, causal_weights), ("no mask", "causal"), strict=True):
    ax.imshow(w[0, 0].numpy(), cmap="viridis", vmin=0, vmax=1)
    ax.set_title(title)
    ax.set_xlabel("key position")
    ax.set_ylabel("query position")
fig.savefig("attention_causal.png", dpi=100, bbox_inches="tight")
plt.close(fig)
# --8<-- [end:figure]

# --8<-- [start:model]
LENGTH, VOCAB = 8, 10  # sequences of 8 tokens drawn from 1..9


class Reverser(nn.Module):
    """Reads a sequence and predicts, at every position, the token of the reversed sequence."""

    def __init__(self, d_model=16):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, d_model)
        # Attention itself ignores order: a learned vector per position supplies it.
        self.positions = nn.Parameter(0.1 * torch.randn(LENGTH, d_model))
        self.encoder = nn.TransformerEncoderLayer(
            d_model, nhead=4, dim_feedforward=32, dropout=0.0, batch_first=True
        )
        self.head = nn.Linear(d_model, VOCAB)

    def forward(self, x):  # x: (batch, LENGTH) token ids
        return self.head(self.encoder(self.tokens(x) + self.positions))


def make_batch(n, generator):
    x = torch.randint(1, VOCAB, (n, LENGTH), generator=generator)
    return x, x.flip(1)


torch.manual_seed(0)
model = Reverser()
print(sum(p.numel() for p in model.parameters()))
#> 2682
# --8<-- [end:model]

# --8<-- [start:train]
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
batches = torch.Generator().manual_seed(1)
start = time.perf_counter()
for _ in range(150):
    x, y = make_batch(64, batches)
    logits = model(x)  # (batch, LENGTH, VOCAB)
    loss = F.cross_entropy(logits.reshape(-1, VOCAB), y.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
train_s = time.perf_counter() - start

test_x, test_y = make_batch(1000, torch.Generator().manual_seed(2))  # sequences never trained on
model.eval()
with torch.no_grad():
    predicted = model(test_x).argmax(dim=-1)
token_accuracy = (predicted == test_y).float().mean().item()
sequence_accuracy = (predicted == test_y).all(dim=1).float().mean().item()
# varies: 150 steps of training amplify rounding differences between CPUs; time depends on the CPU
print(f"{train_s:.1f} s, tokens {token_accuracy:.1%}, whole sequences {sequence_accuracy:.1%}")
#~ 3.4 s, tokens 100.0%, whole sequences 100.0%
# varies: the prediction comes from the trained model above
print(test_x[0].tolist(), "->", predicted[0].tolist())
#~ [1, 7, 9, 1, 9, 4, 1, 5] -> [5, 1, 4, 9, 1, 9, 7, 1]
# --8<-- [end:train]
