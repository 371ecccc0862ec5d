"""What PyTorch is: tensors, autograd, nn, and graphs defined by running code (TOPICS F2).

Run it alone: python snippets/basics/pytorch.py
"""

# --8<-- [start:tensors]
import numpy as np
import torch

# Part 1: a tensor library that looks and feels like NumPy.
a = np.array([[1.0, 2.0], [3.0, 4.0]])
t = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
print(a.T @ a)
#> [[10. 14.]
#>  [14. 20.]]
print(t.T @ t)
#> tensor([[10., 14.],
#>         [14., 20.]])
print(t.mean(), t.sum(dim=0), t.max())
#> tensor(2.5000) tensor([4., 6.]) tensor(4.)
# --8<-- [end:tensors]

# --8<-- [start:device]
# ... that can live on a GPU. The same code runs on either device.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
on_device = t.to(device)
result = (on_device.T @ on_device).cpu()  # compute there, bring the answer back
assert on_device.device.type in {"cuda", "cpu"}
assert torch.equal(result, t.T @ t)
print(result.device, result.dtype)
#> cpu torch.float32

# The newer, vendor-neutral spelling (CUDA, ROCm, Apple MPS, Intel XPU, ...):
if torch.accelerator.is_available():
    assert torch.accelerator.current_accelerator().type != "cpu"
# --8<-- [end:device]

# --8<-- [start:autograd]
# Part 2: autograd. Mark what you want gradients for; torch records the rest.
x = torch.tensor(3.0, requires_grad=True)
y = x**2 + 2 * x  # dy/dx = 2x + 2 = 8 at x = 3
y.backward()
print(y, x.grad)
#> tensor(15., grad_fn=<AddBackward0>) tensor(8.)
# --8<-- [end:autograd]

# --8<-- [start:nn]
# Part 3: building blocks for networks (layers, losses, optimisers, data loading).
torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Linear(4, 8),
    torch.nn.ReLU(),
    torch.nn.Linear(8, 2),
)
batch = torch.randn(5, 4)  # 5 examples, 4 features each
print(model(batch).shape)
#> torch.Size([5, 2])
print(sum(p.numel() for p in model.parameters()))  # (4*8 + 8) + (8*2 + 2)
#> 58
# --8<-- [end:nn]

# --8<-- [start:dynamic]
# Define-by-run: the graph is recorded while ordinary Python runs, so `if` and
# `while` on the data decide what the graph looks like, call by call.


def double_until_big(x):
    steps = 0
    while x.abs().sum() < 10:  # how many times we loop depends on x
        x = x * 2
        steps += 1
    if x.sum() > 0:  # which branch we take depends on x too
        out = x.sum()
    else:
        out = -x.sum()
    return out, steps


def graph(node):
    """Names of the operations recorded in the graph, from the output back."""
    names = []
    while node is not None:
        names.append(type(node).__name__)
        node = node.next_functions[0][0] if node.next_functions else None
    return names


small = torch.tensor([0.5, 1.0], requires_grad=True)
out, steps = double_until_big(small)
out.backward()
print(steps, small.grad)
#> 3 tensor([8., 8.])
print(graph(out.grad_fn))
#> ['SumBackward0', 'MulBackward0', 'MulBackward0', 'MulBackward0', 'AccumulateGrad']

negative = torch.tensor([-4.0, -8.0], requires_grad=True)
out, steps = double_until_big(negative)
out.backward()
print(steps, negative.grad)
#> 0 tensor([-1., -1.])
print(graph(out.grad_fn))
#> ['NegBackward0', 'SumBackward0', 'AccumulateGrad']
# --8<-- [end:dynamic]
