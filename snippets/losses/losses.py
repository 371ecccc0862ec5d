"""Loss functions: L1, MSE and their reduction; cross-entropy and its targets (TOPICS L1, L2).

Run it alone: python snippets/losses/losses.py
"""

# --8<-- [start:l1_mse]
import warnings

import torch
import torch.nn.functional as F
from torch import nn

pred = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
# differences pred - target: -0.5, 0.5, 0.0, 1.0

for reduction in ("none", "mean", "sum"):
    print(reduction, nn.L1Loss(reduction=reduction)(pred, target))
    #> none tensor([0.5000, 0.5000, 0.0000, 1.0000])
    #> mean tensor(0.5000)
    #> sum tensor(2.)

for reduction in ("none", "mean", "sum"):
    print(reduction, nn.MSELoss(reduction=reduction)(pred, target))
    #> none tensor([0.2500, 0.2500, 0.0000, 1.0000])
    #> mean tensor(0.3750)
    #> sum tensor(1.5000)

# The same numbers by hand: |d| and d**2, then averaged or added up.
diffs = [-0.5, 0.5, 0.0, 1.0]
assert nn.L1Loss()(pred, target).item() == sum(abs(d) for d in diffs) / 4 == 0.5
assert nn.MSELoss()(pred, target).item() == sum(d * d for d in diffs) / 4 == 0.375
assert nn.MSELoss(reduction="sum")(pred, target).item() == 1.5
# --8<-- [end:l1_mse]

# --8<-- [start:elementwise_mean]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = nn.MSELoss(reduction="elementwise_mean")
    print(len(caught))  # constructing it is silent ...
    value = old(pred, target)  # ... calling it warns
    #> 0
print(caught[0].category.__name__)
#> UserWarning
print(caught[0].message)
#> reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.
print(value)  # same value as reduction="mean"
#> tensor(0.3750)
# --8<-- [end:elementwise_mean]

# --8<-- [start:cross_entropy]
torch.manual_seed(0)
logits = torch.randn(3, 4)  # 3 examples, 4 classes: raw scores, no softmax
labels = torch.tensor([0, 3, 1])  # one class index per example
print(labels.dtype, labels.shape)
#> torch.int64 torch.Size([3])

ce = nn.CrossEntropyLoss()(logits, labels)
print(ce)
#> tensor(0.8527)

# CrossEntropyLoss = log_softmax over the classes + NLLLoss.
nll = nn.NLLLoss()(F.log_softmax(logits, dim=1), labels)
torch.testing.assert_close(ce, nll)

# NLLLoss just picks -log p(correct class) for each example and averages.
log_p = F.log_softmax(logits, dim=1)
picked = -log_p[torch.arange(3), labels]
torch.testing.assert_close(ce, picked.mean())
# --8<-- [end:cross_entropy]

# --8<-- [start:float_targets]
# Class indices stored as floats (as in the notes) are refused.
try:
    nn.CrossEntropyLoss()(logits, labels.float())
except RuntimeError as err:
    print(err)
    #> expected target dtype to be Long or Byte, but got Float

# Fix: make them integers.
torch.testing.assert_close(nn.CrossEntropyLoss()(logits, labels.float().long()), ce)

# Float targets of shape (N, C) are something else: class probabilities.
one_hot = F.one_hot(labels, num_classes=4).float()
print(one_hot.shape, nn.CrossEntropyLoss()(logits, one_hot))
#> torch.Size([3, 4]) tensor(0.8527)
# Label smoothing with eps = 0.3 keeps 1 - eps and spreads eps over all 4 classes,
# the true one included: it gets 0.7 + 0.3 / 4 = 0.775, every other class 0.075.
soft = one_hot * 0.7 + 0.3 / 4
print(soft[0])  # the first example's true class is 0
#> tensor([0.7750, 0.0750, 0.0750, 0.0750])
print(nn.CrossEntropyLoss()(logits, soft))
#> tensor(1.1288)
# The built-in option builds the same soft targets from class indices.
print(nn.CrossEntropyLoss(label_smoothing=0.3)(logits, labels))
#> tensor(1.1288)
# --8<-- [end:float_targets]

# --8<-- [start:output_size]
torch.manual_seed(0)
n_examples, n_features, n_classes = 5, 8, 3
inputs = torch.randn(n_examples, n_features)
classes = torch.tensor([0, 2, 1, 2, 0])

# Right: one output (logit) per class.
model = nn.Linear(n_features, n_classes)
print(model(inputs).shape)
#> torch.Size([5, 3])

# Wrong: one output per example. No error, because every label is < 5 ...
wrong = nn.Linear(n_features, n_examples)
loss = nn.CrossEntropyLoss()(wrong(inputs), classes)
print(wrong(inputs).shape, loss.ndim)
#> torch.Size([5, 5]) 0
# ... yet the model now chooses among 5 "classes", and predicts ones that do not exist.
predicted = wrong(inputs).argmax(dim=1)
print(predicted)
#> tensor([4, 4, 3, 3, 0])
assert (predicted >= n_classes).any()

# With fewer examples than classes the same mistake fails instead.
try:
    nn.CrossEntropyLoss()(nn.Linear(n_features, 2)(inputs[:2]), classes[:2])
except IndexError as err:
    print(err)
    #> Target 2 is out of bounds.
# --8<-- [end:output_size]
