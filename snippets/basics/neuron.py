"""One artificial neuron, by hand and with torch, and one step of learning (TOPICS F1).

Run it alone: python snippets/basics/neuron.py
"""

# --8<-- [start:by_hand]
import math

import torch

a = [1.0, 2.0, 3.0]  # inputs: what arrives on the three connections
w = [0.5, -0.25, 0.1]  # one weight per connection
b = 0.1  # bias: a weight whose input is always 1

signals = [a_i * w_i for a_i, w_i in zip(a, w, strict=True)]  # each connection sends a*w
z = sum(signals) + b  # the cell adds up what arrives
y = 1 / (1 + math.exp(-z))  # activation: squash z into (0, 1)
print([round(s, 4) for s in signals])
#> [0.5, -0.5, 0.3]
print(round(z, 4), round(y, 4))
#> 0.4 0.5987
# --8<-- [end:by_hand]

# --8<-- [start:with_torch]
a_t = torch.tensor(a)
w_t = torch.tensor(w)
b_t = torch.tensor(b)

print(a_t * w_t)  # the same weighted signals, computed element by element
#> tensor([ 0.5000, -0.5000,  0.3000])
z_t = a_t @ w_t + b_t  # multiply and add in one step: a dot product
y_t = torch.sigmoid(z_t)
print(z_t, y_t)
#> tensor(0.4000) tensor(0.5987)
assert math.isclose(y_t.item(), y, rel_tol=1e-6)

# nn.Linear(3, 1) is this neuron without the activation: weight (1, 3), bias (1,).
layer = torch.nn.Linear(3, 1)
with torch.no_grad():
    layer.weight.copy_(w_t)
    layer.bias.fill_(b)
print(torch.sigmoid(layer(a_t)))
#> tensor([0.5987], grad_fn=<SigmoidBackward0>)
# --8<-- [end:with_torch]

# --8<-- [start:learn]
# Learning = adjusting the weights so the output moves towards a target.
target = torch.tensor(1.0)
weights = torch.tensor(w, requires_grad=True)
bias = torch.tensor(b, requires_grad=True)


def predict():
    return torch.sigmoid(a_t @ weights + bias)


loss = (predict() - target) ** 2  # squared error
loss.backward()  # autograd fills weights.grad and bias.grad
print(weights.grad)
#> tensor([-0.1928, -0.3857, -0.5785])

lr = 0.5
with torch.no_grad():  # the update itself must not be recorded
    weights -= lr * weights.grad
    bias -= lr * bias.grad
new_loss = (predict() - target) ** 2
print(f"loss {loss.item():.4f} -> {new_loss.item():.4f}")
#> loss 0.1611 -> 0.0186
assert new_loss < loss
print(weights.detach())
#> tensor([ 0.5964, -0.0572,  0.3893])
# --8<-- [end:learn]

# --8<-- [start:check]
# The gradient by the chain rule: dL/dw_i = 2 (y - t) * y (1 - y) * a_i
y0 = torch.sigmoid(a_t @ w_t + b_t)
by_hand = 2 * (y0 - target) * y0 * (1 - y0) * a_t
print(by_hand)
#> tensor([-0.1928, -0.3857, -0.5785])
assert torch.allclose(by_hand, weights.grad)
# A weight with a bigger input gets a bigger push: a_3 = 3 moved w_3 the most.
# --8<-- [end:check]
