"""Function transforms with torch.func: grad, vmap, jacrev/jacfwd, functional_call, and
per-sample gradients with vmap(grad(...)) (TOPICS Z1).

Run it alone: python snippets/further/function_transforms.py
"""

# --8<-- [start:grad]
import time
import warnings

import torch
from torch import nn
from torch.func import functional_call, grad, jacfwd, jacrev, vmap


def f(x):
    return torch.sin(x) * x


x = torch.tensor(1.5)
df = grad(f)  # a new function: x -> df/dx at x
print(df(x))
#> tensor(1.1036)
print(torch.cos(x) * x + torch.sin(x))  # the derivative worked out by hand
#> tensor(1.1036)
d2f = grad(grad(f))  # transforms compose: the second derivative
print(d2f(x))
#> tensor(-1.3548)
# --8<-- [end:grad]

# --8<-- [start:vmap]
torch.manual_seed(0)
a = torch.randn(5, 3)
b = torch.randn(5, 3)
# torch.dot takes two vectors; vmap maps it over dimension 0 of both arguments.
batched_dot = vmap(torch.dot)
print(batched_dot(a, b).shape)
#> torch.Size([5])
assert torch.allclose(batched_dot(a, b), (a * b).sum(dim=1))

# in_dims says which argument is batched: here each row of a against the same vector.
v = torch.randn(3)
print(vmap(torch.dot, in_dims=(0, None))(a, v).shape)
#> torch.Size([5])
# --8<-- [end:vmap]

# --8<-- [start:jacobian]
def g(x):
    # from R^3 to R^2
    return torch.stack([x[0] * x[1], torch.exp(x[2]) + x[0]])


x3 = torch.tensor([1.0, 2.0, 0.5])
J_rev = jacrev(g)(x3)  # one vjp per output, batched by vmap: cheap when outputs are few
with warnings.catch_warnings():
    # Forward mode's first use makes torch 2.14 warn about its own internal torch.jit.script.
    warnings.filterwarnings("ignore", message="`torch.jit.script` is deprecated")
    J_fwd = jacfwd(g)(x3)  # one jvp per input, batched by vmap: cheap when inputs are few
print(J_rev)
#> tensor([[2.0000, 1.0000, 0.0000],
#>         [1.0000, 0.0000, 1.6487]])
print(torch.allclose(J_rev, J_fwd))
#> True
# --8<-- [end:jacobian]

# --8<-- [start:functional_call]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
params = {name: p.detach() for name, p in model.named_parameters()}
inputs = torch.randn(6, 4)
# The module's code, run with the tensors in `params` instead of its own parameters.
out = functional_call(model, params, (inputs,))
assert torch.equal(out, model(inputs))

zeroed = {name: torch.zeros_like(p) for name, p in params.items()}
print(functional_call(model, zeroed, (inputs,)).flatten())
#> tensor([0., 0., 0., 0., 0., 0.])
# --8<-- [end:functional_call]

# --8<-- [start:per_sample]
targets = torch.randn(6, 1)


def loss_of(params, x, y):
    # One sample in, one number out: add the batch dimension the model expects.
    pred = functional_call(model, params, (x.unsqueeze(0),))
    return nn.functional.mse_loss(pred, y.unsqueeze(0))


# grad differentiates with respect to the first argument, the parameter dict;
# vmap runs that for every sample, sharing the parameters (in_dims None).
per_sample = vmap(grad(loss_of), in_dims=(None, 0, 0))(params, inputs, targets)
print({name: tuple(g.shape) for name, g in per_sample.items()})
#> {'0.weight': (6, 8, 4), '0.bias': (6, 8), '2.weight': (6, 1, 8), '2.bias': (6, 1)}

# The same thing with a Python loop: one backward pass per sample.
loop = {name: [] for name in params}
for i in range(len(inputs)):
    model.zero_grad()
    loss = nn.functional.mse_loss(model(inputs[i : i + 1]), targets[i : i + 1])
    loss.backward()
    for name, p in model.named_parameters():
        loop[name].append(p.grad.clone())
loop = {name: torch.stack(grads) for name, grads in loop.items()}
print(all(torch.allclose(per_sample[n], loop[n], atol=1e-6) for n in params))
#> True
# --8<-- [end:per_sample]

# --8<-- [start:timing]
torch.manual_seed(0)
many_x, many_y = torch.randn(256, 4), torch.randn(256, 1)
per_sample_grads = vmap(grad(loss_of), in_dims=(None, 0, 0))


def time_it(fn, repeat=5):
    fn()  # warm-up
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def with_loop():
    grads = []
    for i in range(len(many_x)):
        g = grad(loss_of)(params, many_x[i], many_y[i])
        grads.append(g["0.weight"])
    return torch.stack(grads)


def with_vmap():
    return per_sample_grads(params, many_x, many_y)["0.weight"]


assert torch.allclose(with_loop(), with_vmap(), atol=1e-6)
loop_s, vmap_s = time_it(with_loop, repeat=2), time_it(with_vmap)
# varies: times depend on the CPU, its load and the number of threads
print(f"256 samples: loop {loop_s * 1000:.0f} ms, vmap {vmap_s * 1000:.1f} ms")
#~ 256 samples: loop 106 ms, vmap 0.8 ms
# --8<-- [end:timing]
