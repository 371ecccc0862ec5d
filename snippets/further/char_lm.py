"""A small character-level Transformer language model, trained on Shakespeare's sonnets
(public domain, shipped beside this file as sonnets.txt), compared with the unigram
baseline, sampled at two temperatures (TOPICS Z3).

Run it alone: python snippets/further/char_lm.py   (writes char_lm_loss.png)
"""
# figures: char_lm_loss.png

# --8<-- [start:text]
import math
import sys
import time
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F


def find_text(name="sonnets.txt"):
    # The text ships with the repository in snippets/further/; look for it from the
    # working directory and from the running script's folder upwards.
    for start in (Path.cwd(), Path(sys.argv[0]).resolve().parent):
        for folder in (start, *start.parents):
            for path in (folder / name, folder / "snippets" / "further" / name):
                if path.is_file():
                    return path
    raise FileNotFoundError(f"{name} not found: run this inside a clone of the repository")


text = find_text().read_text("utf-8")
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}


def encode(s):
    return torch.tensor([stoi[c] for c in s])


def decode(ids):
    return "".join(chars[i] for i in ids)


data = encode(text)
n_train = int(0.9 * len(data))
train_data, val_data = data[:n_train], data[n_train:]  # the last 10% is held out
print(f"{len(text)} characters, {len(chars)} distinct; {len(train_data)} train, {len(val_data)} validation")
#> 31038 characters, 59 distinct; 27934 train, 3104 validation
print(repr(text[:43]))
#> 'From fairest creatures we desire increase,\n'
# --8<-- [end:text]

# --8<-- [start:baseline]
# The unigram model ignores context: every character gets its training frequency
# (plus one, so that no character has probability zero).
counts = torch.bincount(train_data, minlength=len(chars)).double() + 1
unigram = counts / counts.sum()
baseline = -unigram[val_data].log().mean().item()
print(f"unigram baseline: {baseline:.4f} nats per character")
#> unigram baseline: 3.0618 nats per character
print(f"a uniform guess: {math.log(len(chars)):.4f}")
#> a uniform guess: 4.0775
# --8<-- [end:baseline]

# --8<-- [start:model]
CONTEXT = 32  # characters the model sees at once


class CharLM(nn.Module):
    def __init__(self, vocab, dim=64, heads=4, layers=2):
        super().__init__()
        self.tokens = nn.Embedding(vocab, dim)
        self.positions = nn.Embedding(CONTEXT, dim)
        layer = nn.TransformerEncoderLayer(
            dim, heads, dim_feedforward=4 * dim, dropout=0.0, batch_first=True, norm_first=True
        )
        self.blocks = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tokens(idx) + self.positions(torch.arange(t))
        # -inf above the diagonal: position i may attend to positions 0..i only.
        mask = nn.Transformer.generate_square_subsequent_mask(t)
        x = self.blocks(x, mask=mask, is_causal=True)
        return self.head(self.norm(x))  # logits for the next character at every position


print(nn.Transformer.generate_square_subsequent_mask(4))
#> tensor([[0., -inf, -inf, -inf],
#>         [0., 0., -inf, -inf],
#>         [0., 0., 0., -inf],
#>         [0., 0., 0., 0.]])

torch.manual_seed(0)
model = CharLM(len(chars))
print(sum(p.numel() for p in model.parameters()), "parameters")
#> 109755 parameters

# Causality, checked: changing the last character leaves every earlier prediction alone.
probe = encode("Shall I compare thee")[None]
changed = probe.clone()
changed[0, -1] = stoi["a"]
with torch.no_grad():
    before, after = model(probe), model(changed)
print(torch.allclose(before[:, :-1], after[:, :-1]), torch.allclose(before[:, -1], after[:, -1]))
#> True False
# --8<-- [end:model]

# --8<-- [start:train]
def batch(source, size, generator):
    starts = torch.randint(len(source) - CONTEXT - 1, (size,), generator=generator)
    x = torch.stack([source[s : s + CONTEXT] for s in starts])
    y = torch.stack([source[s + 1 : s + CONTEXT + 1] for s in starts])  # shifted by one
    return x, y


@torch.no_grad()
def validation_loss(model):
    model.eval()
    n = (len(val_data) - 1) // CONTEXT
    x = val_data[: n * CONTEXT].view(n, CONTEXT)
    y = val_data[1 : n * CONTEXT + 1].view(n, CONTEXT)
    loss = F.cross_entropy(model(x).flatten(0, 1), y.flatten()).item()
    model.train()
    return loss


optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
g = torch.Generator().manual_seed(0)
history = []
start = time.perf_counter()
for _ in range(150):
    x, y = batch(train_data, 32, g)
    loss = F.cross_entropy(model(x).flatten(0, 1), y.flatten())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    history.append(loss.item())
seconds = time.perf_counter() - start
val_loss = validation_loss(model)
# varies: 150 steps of training amplify last-digit differences between CPUs; time varies too
print(f"loss {history[0]:.2f} -> {history[-1]:.2f}, validation {val_loss:.2f}, {seconds:.0f} s")
#~ loss 4.21 -> 2.16, validation 2.22, 6 s
# --8<-- [end:train]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(history, label="training loss (one batch)")
ax.axhline(baseline, color="gray", linestyle="--", label="unigram baseline")
ax.axhline(val_loss, color="tab:orange", linestyle=":", label="validation loss, end")
ax.set(xlabel="step", ylabel="cross-entropy (nats per character)")
ax.legend()
fig.savefig("char_lm_loss.png", bbox_inches="tight")
# --8<-- [end:plot]

# --8<-- [start:sample]
@torch.no_grad()
def sample(model, prompt, length, temperature, generator):
    model.eval()
    ids = encode(prompt).tolist()
    for _ in range(length):
        context = torch.tensor(ids[-CONTEXT:])[None]
        logits = model(context)[0, -1] / temperature  # below 1 sharpens, above 1 flattens
        probs = torch.softmax(logits, dim=-1)
        ids.append(torch.multinomial(probs, 1, generator=generator).item())
    model.train()
    return decode(ids)


@torch.no_grad()
def surprise(model, s):
    """Mean cross-entropy of a text's last CONTEXT characters (as many as the model sees
    at once) under the model: low means 'what I expected'."""
    ids = encode(s)[None, -CONTEXT:]
    model.eval()
    loss = F.cross_entropy(model(ids[:, :-1])[0], ids[0, 1:]).item()
    model.train()
    return loss


samples = {}
# varies: the samples come from a trained model whose weights differ in the last digits
for temperature in (0.5, 1.0):
    samples[temperature] = sample(model, "When I ", 200, temperature, torch.Generator().manual_seed(1))
    print(f"temperature {temperature}: {surprise(model, samples[temperature]):.2f} nats per character")
    #~ temperature 0.5: 1.37 nats per character
    #~ temperature 1.0: 1.79 nats per character
# --8<-- [end:sample]
