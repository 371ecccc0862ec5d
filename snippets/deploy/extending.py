"""Extending autograd and looking inside models: autograd.Function, gradcheck, forward hooks, einsum (TOPICS Y8).

Run it alone: python snippets/deploy/extending.py
"""

# --8<-- [start:function]
import torch
from torch import nn
from torch.autograd import gradcheck


class Softplus(torch.autograd.Function):
    """softplus(x) = log(1 + exp(x)), whose derivative is sigmoid(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)  # what backward will need, kept by autograd
        return torch.nn.functional.softplus(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(x)  # chain rule: upstream gradient times local one


x = torch.tensor([-2.0, 0.0, 3.0], requires_grad=True)
y = Softplus.apply(x)  # call .apply, never forward() directly
y.sum().backward()
print(y.grad_fn.name(), [round(g, 4) for g in x.grad.tolist()])
#> SoftplusBackward [0.1192, 0.5, 0.9526]
# --8<-- [end:function]

# --8<-- [start:gradcheck]
# gradcheck compares backward with finite differences; it needs float64 to be precise.
torch.manual_seed(0)
inputs = torch.randn(5, dtype=torch.float64, requires_grad=True)
print(gradcheck(Softplus.apply, (inputs,)))
#> True


class WrongSoftplus(Softplus):
    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.exp(x)  # a plausible-looking but wrong derivative


print(gradcheck(WrongSoftplus.apply, (inputs,), raise_exception=False))
#> False
# --8<-- [end:gradcheck]

# --8<-- [start:hooks]
torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(4 * 4 * 4, 10),
)
features = {}


def keep_output(name):
    def hook(module, inputs, output):
        features[name] = output.detach()  # detach: keep the values, not the graph

    return hook


handles = [
    model[1].register_forward_hook(keep_output("relu")),
    model[3].register_forward_hook(keep_output("flat")),
]
images = torch.randn(2, 1, 8, 8)
logits = model(images)
print({name: tuple(t.shape) for name, t in features.items()})
#> {'relu': (2, 4, 8, 8), 'flat': (2, 64)}
print(bool((features["relu"] >= 0).all()))
#> True

for handle in handles:
    handle.remove()  # hooks stay until removed: remove them when you are done
features.clear()
model(images)
print(features)
#> {}
# --8<-- [end:hooks]

# --8<-- [start:einsum]
torch.manual_seed(0)
a = torch.randn(4, 2, 3, dtype=torch.float64)
b = torch.randn(4, 3, 5, dtype=torch.float64)
# Each letter names an axis; letters missing from the output are summed over.
print(torch.allclose(torch.einsum("bij,bjk->bik", a, b), a @ b))
#> True
m = torch.randn(3, 3, dtype=torch.float64)
print(torch.allclose(torch.einsum("ii->", m), m.trace()), torch.equal(torch.einsum("ij->ji", m), m.T))
#> True True
# Attention scores for every batch and head: q k^T without transposing by hand.
q = torch.randn(2, 4, 5, 8, dtype=torch.float64)
k = torch.randn(2, 4, 6, 8, dtype=torch.float64)
scores = torch.einsum("bhqd,bhkd->bhqk", q, k)
print(scores.shape, torch.allclose(scores, q @ k.transpose(-2, -1)))
#> torch.Size([2, 4, 5, 6]) True
# --8<-- [end:einsum]
