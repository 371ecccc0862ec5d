"""Binary and multi-label classification: BCEWithLogitsLoss on logits rather than
sigmoid + BCELoss, multi-hot targets, pos_weight; class weights and label_smoothing in
CrossEntropyLoss (TOPICS X9).

Run it alone: python snippets/practice/multilabel.py
"""

# --8<-- [start:logits]
import torch
from torch import nn

logits = torch.tensor([-30.0, -5.0, 0.0, 5.0, 30.0], requires_grad=True)
target = torch.zeros(5)  # all negatives: the confident positive at 30 is very wrong

# Right: the loss takes logits and computes log(sigmoid) in a stable way.
good = nn.BCEWithLogitsLoss(reduction="none")(logits, target)
# Worse: sigmoid first. In float32, sigmoid(30) rounds to exactly 1, and log(1 - 1) = -inf;
# BCELoss clamps the log at -100 to avoid inf, so the loss stops growing.
bad = nn.BCELoss(reduction="none")(torch.sigmoid(logits), target)
print("with logits:   ", " ".join(f"{v:8.4f}" for v in good.tolist()))
#> with logits:      0.0000   0.0067   0.6931   5.0067  30.0000
print("sigmoid + BCE: ", " ".join(f"{v:8.4f}" for v in bad.tolist()))
#> sigmoid + BCE:    0.0000   0.0067   0.6931   5.0067 100.0000
# --8<-- [end:logits]


# --8<-- [start:gradient]
# The gradient with respect to a logit is sigmoid(logit) - target. Through a saturated
# sigmoid it vanishes: the worst mistake gets no learning signal at all.
(grad_good,) = torch.autograd.grad(good.sum(), logits)
(grad_bad,) = torch.autograd.grad(bad.sum(), logits)
print("with logits:   ", " ".join(f"{v:8.4f}" for v in grad_good.tolist()))
#> with logits:      0.0000   0.0067   0.5000   0.9933   1.0000
print("sigmoid + BCE: ", " ".join(f"{v:8.4f}" for v in grad_bad.tolist()))
#> sigmoid + BCE:    0.0000   0.0067   0.5000   0.9933   0.0000
# --8<-- [end:gradient]


# --8<-- [start:multilabel]
# Multi-label: each of 3 labels is its own yes/no question, so a sample can have
# several (or none). Targets are floats with one column per label.
torch.manual_seed(0)
model = nn.Linear(5, 3)  # 3 logits, one per label; no sigmoid in the model
x = torch.randn(4, 5)
targets = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
loss_fn = nn.BCEWithLogitsLoss()
loss = loss_fn(model(x), targets)
print(f"{loss.item():.4f}")
#> 0.7942
# A prediction per label: logit > 0 is the same as sigmoid > 0.5.
predicted = (model(x) > 0).int()
print(predicted.tolist())
#> [[1, 1, 1], [1, 0, 1], [1, 0, 1], [0, 1, 1]]

# Targets must be floating point: int64 class indices are the CrossEntropyLoss format.
try:
    loss_fn(model(x), targets.long())
except RuntimeError as err:
    print(err)
    #> result type Float can't be cast to the desired output type Long
# --8<-- [end:multilabel]


# --8<-- [start:pos_weight]
# pos_weight multiplies the loss of the positive targets, one factor per label, e.g.
# negatives / positives for a rare label. Here label 2 is rare: weight 3.
pos_weight = torch.tensor([1.0, 1.0, 3.0])
weighted_bce = nn.BCEWithLogitsLoss(pos_weight=pos_weight)(model(x), targets)
z = model(x)
bce_by_hand = -(pos_weight * targets * nn.functional.logsigmoid(z)
            + (1 - targets) * nn.functional.logsigmoid(-z)).mean()
print(f"{weighted_bce.item():.4f} {bce_by_hand.item():.4f}")
#> 0.9676 0.9676
# --8<-- [end:pos_weight]


# --8<-- [start:class_weights]
# Single-label classification with CrossEntropyLoss: `weight` gives each class a weight;
# with reduction="mean" the result is a weighted mean (divided by the sum of the weights).
scores = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.5, 0.3], [0.2, 0.1, 2.5], [1.0, 1.0, 1.0]])
labels = torch.tensor([0, 1, 2, 2])
class_weights = torch.tensor([1.0, 2.0, 4.0])
weighted_ce = nn.CrossEntropyLoss(weight=class_weights)(scores, labels)
per_sample = nn.CrossEntropyLoss(reduction="none")(scores, labels)
w = class_weights[labels]
print(f"{weighted_ce.item():.4f} {((w * per_sample).sum() / w.sum()).item():.4f}")
#> 0.5644 0.5644
# --8<-- [end:class_weights]


# --8<-- [start:label_smoothing]
# label_smoothing=0.1: the target is 0.9 on the true class plus 0.1 spread evenly over all
# classes, so a very confident correct prediction is no longer a loss near 0.
confident = torch.tensor([[12.0, 0.0, 0.0]])
label = torch.tensor([0])
plain = nn.CrossEntropyLoss()(confident, label)
smooth = nn.CrossEntropyLoss(label_smoothing=0.1)(confident, label)
soft_target = 0.9 * nn.functional.one_hot(label, 3) + 0.1 / 3
smooth_by_hand = -(soft_target * confident.log_softmax(dim=1)).sum()
print(f"{plain.item():.4f} {smooth.item():.4f} {smooth_by_hand.item():.4f}")
#> 0.0000 0.8000 0.8000
# --8<-- [end:label_smoothing]
