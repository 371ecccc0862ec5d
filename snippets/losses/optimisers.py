"""Updating parameters: by hand under no_grad, then with torch.optim (TOPICS L3, L4).

Run it alone: python snippets/losses/optimisers.py
"""
# figures: loss_curves.png

# --8<-- [start:manual]
import torch
from torch import nn, optim

# A tiny regression problem: y = 2x + 1, learned with w and b.
x = torch.linspace(-1, 1, 8)
y = 2 * x + 1
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.1

for step in range(3):
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():  # the update itself must not be recorded
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()  # or the next backward adds to this gradient
    b.grad.zero_()
    print(step, round(loss.item(), 4), round(w.item(), 4), round(b.item(), 4))
    #> 0 2.7143 0.1714 0.2
    #> 1 2.073 0.3282 0.36
    #> 2 1.6075 0.4715 0.488
# --8<-- [end:manual]

# --8<-- [start:no_grad_needed]
# Without no_grad, autograd refuses to change a leaf it is tracking.
loss = ((w * x + b - y) ** 2).mean()
loss.backward()
try:
    w -= lr * w.grad
except RuntimeError as err:
    print(err)
    #> a leaf Variable that requires grad is being used in an in-place operation.
w.grad = None
b.grad = None
# --8<-- [end:no_grad_needed]

# --8<-- [start:data_trap]
# Autograd counts changes to every saved tensor (its version). An update made
# between forward and backward invalidates the graph, and no_grad tells you so:
p = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (p**2).sum()  # saves p to compute 2 * p later
with torch.no_grad():
    p -= 0.5
try:
    loss.backward()
except RuntimeError as err:
    message = str(err)
print(message.split(":")[0])
#> one of the variables needed for gradient computation has been modified by an inplace operation
print(message.split("] ")[1].split(".")[0])
#> is at version 1; expected version 0 instead

# .data skips that bookkeeping: no error, and a silently wrong gradient.
q = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (q**2).sum()
q.data -= 0.5
loss.backward()
print(q.grad)  # 2 * the new q; the right answer was 2 * [1, 2] = [2, 4]
#> tensor([1., 3.])
# --8<-- [end:data_trap]

# --8<-- [start:optim_loop]
torch.manual_seed(0)
inputs = torch.linspace(-1, 1, 8).unsqueeze(1)  # shape (8, 1): 8 examples, 1 feature
targets = 2 * inputs + 1
model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

for epoch in range(60):
    optimizer.zero_grad()  # 1. clear the old gradients
    loss = criterion(model(inputs), targets)
    loss.backward()  # 2. compute new ones
    optimizer.step()  # 3. update the parameters
    if epoch % 20 == 0:
        print(epoch, round(loss.item(), 4))
        #> 0 1.942
        #> 20 0.2091
        #> 40 0.0176
print(round(model.weight.item(), 2), round(model.bias.item(), 2))
#> 1.96 1.02
# --8<-- [end:optim_loop]

# --8<-- [start:sgd_step]
# One plain SGD step is exactly p - lr * p.grad.
torch.manual_seed(0)
model = nn.Linear(1, 1)
before = [p.detach().clone() for p in model.parameters()]
sgd = optim.SGD(model.parameters(), lr=0.1)
sgd.zero_grad()
criterion(model(inputs), targets).backward()
grads = [p.grad.clone() for p in model.parameters()]
sgd.step()
for p, p0, g in zip(model.parameters(), before, grads, strict=True):
    torch.testing.assert_close(p.detach(), p0 - 0.1 * g)

# Adam's first step moves every parameter by about lr, whatever the gradient's size.
torch.manual_seed(0)
model = nn.Linear(1, 1)
before = [p.detach().clone() for p in model.parameters()]
adam = optim.Adam(model.parameters(), lr=0.01)
adam.zero_grad()
criterion(model(inputs), targets).backward()
adam.step()
moves = [(p.detach() - p0).abs().item() for p, p0 in zip(model.parameters(), before, strict=True)]
print([round(m, 6) for m in moves])
#> [0.01, 0.01]
# --8<-- [end:sgd_step]

# --8<-- [start:zero_grad]
torch.manual_seed(0)
model = nn.Linear(1, 1)
sgd = optim.SGD(model.parameters(), lr=0.1)
criterion(model(inputs), targets).backward()
first = model.weight.grad.clone()

# Forget zero_grad: the next backward adds to what is already there.
criterion(model(inputs), targets).backward()
print(first.item(), model.weight.grad.item())
#> -1.720702886581421 -3.441405773162842
torch.testing.assert_close(model.weight.grad, 2 * first)

# So the step is twice as long as it should be.
w_before = model.weight.item()
sgd.step()
print(round(model.weight.item() - w_before, 4), round(-0.1 * first.item(), 4))
#> 0.3441 0.1721
sgd.zero_grad()
print(model.weight.grad)  # zero_grad sets the gradients to None
#> None
# --8<-- [end:zero_grad]

# --8<-- [start:curves]
import matplotlib.pyplot as plt  # noqa: E402  (only this section draws)

# A stretched problem: the second feature is 10 times smaller than the first,
# so plain SGD learns its weight slowly.
torch.manual_seed(0)
features = torch.randn(64, 2) * torch.tensor([1.0, 0.1])
labels = features @ torch.tensor([[2.0], [-3.0]])
history = {}
for name, make in {
    "SGD": lambda ps: optim.SGD(ps, lr=0.1),
    "SGD + momentum 0.9": lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9),
    "Adam": lambda ps: optim.Adam(ps, lr=0.1),
}.items():
    torch.manual_seed(1)
    net = nn.Linear(2, 1, bias=False)
    opt = make(net.parameters())
    history[name] = []
    for _ in range(100):
        opt.zero_grad()
        loss = nn.functional.mse_loss(net(features), labels)
        loss.backward()
        opt.step()
        history[name].append(loss.item())

fig, ax = plt.subplots(figsize=(6, 3.5))
for name, losses in history.items():
    ax.plot(losses, label=name)
ax.set_yscale("log")
ax.set_xlabel("step")
ax.set_ylabel("MSE loss (log scale)")
ax.legend()
fig.savefig("loss_curves.png", dpi=110, bbox_inches="tight")
plt.close(fig)
for name, losses in history.items():
    print(f"{name:<20}{losses[19]:.4f}  {losses[-1]:.4f}")  # after 20 and 100 steps
    #> SGD                 0.0849  0.0563
    #> SGD + momentum 0.9  0.0996  0.0002
    #> Adam                0.0129  0.0000
# --8<-- [end:curves]
