"""Prediction with a trained model (eval, no_grad, argmax) and reproducible training with
torch.manual_seed and a seeded DataLoader generator (TOPICS W6).

Run it alone: python snippets/workflows/prediction.py
"""

# --8<-- [start:setup]
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

digits = load_digits()
x = torch.tensor(digits.data, dtype=torch.float32) / 16.0
y = torch.tensor(digits.target, dtype=torch.int64)
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0)
train_set = TensorDataset(x_train, y_train)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10)
        )

    def forward(self, x):
        return self.layers(x)


def fit(seed, epochs=5):
    """Train a fresh model. The seed fixes the initial weights, the batch order and
    the dropout masks: everything random in this function."""
    torch.manual_seed(seed)
    model = Net()  # weights drawn from the seeded generator
    loader = DataLoader(
        train_set, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(seed)
    )
    optimizer = optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            optimizer.step()
    return model


model = fit(seed=0)
# --8<-- [end:setup]

# --8<-- [start:predict]
def predict(model, inputs):
    model.eval()  # Dropout (and BatchNorm) switch to inference behaviour
    with torch.no_grad():  # no graph: faster, less memory
        logits = model(inputs)
    return logits.argmax(dim=1)  # one class per row


new_images = x_test[:10]  # ten digits the model has never seen
predicted = predict(model, new_images)
print(predicted)
#> tensor([2, 8, 2, 6, 6, 7, 1, 9, 8, 5])
print(y_test[:10])
#> tensor([2, 8, 2, 6, 6, 7, 1, 9, 8, 5])
accuracy = (predict(model, x_test) == y_test).float().mean().item()
print(f"test accuracy: {accuracy:.2%}")
#> test accuracy: 95.11%
# --8<-- [end:predict]

# --8<-- [start:probabilities]
with torch.no_grad():
    probs = model(new_images[:3]).softmax(dim=1)  # scores -> probabilities per row
print(probs.sum(dim=1))
#> tensor([1.0000, 1.0000, 1.0000])
confidence, classes = probs.max(dim=1)  # the top probability and its class
print(confidence, classes)
#> tensor([0.9992, 0.8827, 0.9998]) tensor([2, 8, 2])
# --8<-- [end:probabilities]

# --8<-- [start:modes]
one = x_test[:1]
model.train()
print(torch.equal(model(one), model(one)))  # dropout draws a new mask each call
#> False
model.eval()
print(torch.equal(model(one), model(one)))  # eval: deterministic
#> True
with torch.no_grad():
    print(model(one).requires_grad)
    #> False
print(model(one).requires_grad)  # without no_grad the output still tracks a graph
#> True
# --8<-- [end:modes]

# --8<-- [start:argmax]
logits = model(x_test[:4]).detach()
print(logits.shape)
#> torch.Size([4, 10])
print(logits.argmax(dim=1))  # the class of each image: what we want
#> tensor([2, 8, 2, 6])
print(logits.argmax(dim=0))  # the image with the top score for each class: not a prediction
#> tensor([3, 2, 2, 2, 3, 3, 3, 1, 1, 1])
print(logits.argmax())  # index into the flattened tensor: not a prediction either
#> tensor(22)
# --8<-- [end:argmax]

# --8<-- [start:seed]
a, b, c = fit(seed=0), fit(seed=0), fit(seed=1)
same = all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
different = any(not torch.equal(p, q) for p, q in zip(a.parameters(), c.parameters(), strict=True))
print(same, different)
#> True True
assert same and different
for m in (a, b, c):
    m.eval()
with torch.no_grad():
    for name, m in (("seed 0, run 1", a), ("seed 0, run 2", b), ("seed 1       ", c)):
        print(name, m(one).squeeze()[:4].numpy().round(3))
        #> seed 0, run 1 [-7.596 -0.894  7.99   0.348]
        #> seed 0, run 2 [-7.596 -0.894  7.99   0.348]
        #> seed 1        [-5.079 -2.167  9.424  1.633]
# --8<-- [end:seed]

# --8<-- [start:generator]
# The loader's own generator decides the shuffle order, whatever else uses the global RNG.
def first_labels(seed):
    loader = DataLoader(
        train_set, batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(seed)
    )
    return next(iter(loader))[1].tolist()


torch.manual_seed(123)
print(first_labels(0))
#> [2, 2, 8, 1, 9, 6, 2, 9]
torch.randn(1000)  # other code consumes global random numbers ...
print(first_labels(0))  # ... the order stays the same
#> [2, 2, 8, 1, 9, 6, 2, 9]
print(first_labels(1))
#> [2, 4, 6, 8, 6, 4, 8, 1]
# --8<-- [end:generator]
