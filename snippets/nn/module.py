"""Subclassing nn.Module, calling model(x), and nn.Linear (TOPICS M1, M2).

Run it alone: python snippets/nn/module.py
"""

# --8<-- [start:subclass]
import torch
from torch import nn

torch.manual_seed(0)


class TinyNet(nn.Module):
    def __init__(self, in_features: int, hidden: int, out_features: int):
        super().__init__()  # sets up the registries that hold layers and parameters
        self.fc1 = nn.Linear(in_features, hidden)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(hidden, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


model = TinyNet(4, 8, 3)
print(model)
#> TinyNet(
#>   (fc1): Linear(in_features=4, out_features=8, bias=True)
#>   (act): ReLU()
#>   (fc2): Linear(in_features=8, out_features=3, bias=True)
#> )
x = torch.randn(5, 4)  # a batch of 5 examples with 4 features each
out = model(x)
print(out.shape)
#> torch.Size([5, 3])
# Layers assigned as attributes are registered: their parameters are found for you.
print([name for name, _ in model.named_children()])
#> ['fc1', 'act', 'fc2']
# --8<-- [end:subclass]

# --8<-- [start:super_init]
class Forgetful(nn.Module):
    def __init__(self):
        # super().__init__() is missing
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return self.fc(x)


try:
    Forgetful()
except AttributeError as err:
    forgot_error = str(err)
    print(forgot_error)
    #> cannot assign module before Module.__init__() call
# --8<-- [end:super_init]

# --8<-- [start:call_vs_forward]
calls = {"hook": 0}


def count_calls(module, inputs, output):
    calls["hook"] += 1


handle = model.register_forward_hook(count_calls)

y_call = model(x)  # __call__ runs the hooks, then forward
print(calls)
#> {'hook': 1}
y_forward = model.forward(x)  # forward alone: the hook is skipped silently
print(calls)
#> {'hook': 1}
assert torch.equal(y_call, y_forward)  # same numbers here, but not the same call
handle.remove()
# --8<-- [end:call_vs_forward]

# --8<-- [start:linear]
fc = nn.Linear(in_features=4, out_features=3)
print(fc.weight.shape, fc.bias.shape)  # weight is (out, in)
#> torch.Size([3, 4]) torch.Size([3])
y = fc(x)
y_by_hand = x @ fc.weight.T + fc.bias  # y = x W^T + b
assert torch.allclose(y, y_by_hand)
print(y.shape)
#> torch.Size([5, 3])

# Without a bias the layer is a plain matrix product.
no_bias = nn.Linear(4, 3, bias=False)
print(no_bias.bias)
#> None
assert torch.allclose(no_bias(x), x @ no_bias.weight.T)

# Linear acts on the last dimension; all leading dimensions are kept.
print(fc(torch.randn(2, 7, 4)).shape)
#> torch.Size([2, 7, 3])
# --8<-- [end:linear]

# --8<-- [start:linear_by_hand]
small = nn.Linear(2, 2)
with torch.no_grad():  # set the parameters to numbers we can check by hand
    small.weight.copy_(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    small.bias.copy_(torch.tensor([0.5, -1.0]))
# Outside no_grad the same copy is refused: a parameter is a leaf that requires grad.
try:
    small.bias.copy_(torch.tensor([0.0, 0.0]))
except RuntimeError as err:
    print(err)
    #> a leaf Variable that requires grad is being used in an in-place operation.
v = torch.tensor([[1.0, 1.0], [2.0, -1.0]])
# Row 1: [1*1 + 1*2 + 0.5, 1*3 + 1*4 - 1] = [3.5, 6.0]
# Row 2: [2*1 - 1*2 + 0.5, 2*3 - 1*4 - 1] = [0.5, 1.0]
print(small(v))
#> tensor([[3.5000, 6.0000],
#>         [0.5000, 1.0000]], grad_fn=<AddmmBackward0>)
# --8<-- [end:linear_by_hand]
