"""Mixed precision on the CPU: torch.autocast with bfloat16, which operations run in it,
and why float16 needs a GradScaler while bfloat16 does not (TOPICS X8).

Run it alone: python snippets/practice/mixed_precision.py
The float16 + GradScaler path needs CUDA: snippets/practice/mixed_precision_cuda.py
"""

# --8<-- [start:autocast]
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
x = torch.randn(8, 16)
target = torch.randint(0, 4, (8,))

with torch.autocast("cpu", dtype=torch.bfloat16):
    hidden = model[0](x)  # linear layers run in bfloat16
    logits = model(x)
    loss = nn.functional.cross_entropy(logits, target)  # autocast runs this in float32
print(x.dtype, hidden.dtype, logits.dtype, loss.dtype)
#> torch.float32 torch.bfloat16 torch.bfloat16 torch.float32
print(model[0].weight.dtype)  # the weights themselves stay float32
#> torch.float32
# --8<-- [end:autocast]


# --8<-- [start:device_lists]
# Which operations autocast runs in float32 depends on the device. On the CPU the list is
# short (mostly losses): softmax, sums and normalization stay in bfloat16 here.
with torch.autocast("cpu", dtype=torch.bfloat16):
    h = model[0](x)  # bfloat16, like every linear layer
    outputs = {
        "softmax": torch.softmax(h, dim=1),
        "log_softmax": torch.log_softmax(h, dim=1),
        "sum": h.sum(),
        "layer_norm": nn.functional.layer_norm(h, (32,)),
        "mse_loss": nn.functional.mse_loss(h, torch.zeros_like(h)),
        "cross_entropy": nn.functional.cross_entropy(logits, target),
    }
for name, out in outputs.items():
    print(f"{name:14s} {out.dtype}")
    #> softmax        torch.bfloat16
    #> log_softmax    torch.bfloat16
    #> sum            torch.bfloat16
    #> layer_norm     torch.bfloat16
    #> mse_loss       torch.float32
    #> cross_entropy  torch.float32
# --8<-- [end:device_lists]


# --8<-- [start:close]
# bfloat16 keeps only 2 to 3 significant decimal digits: close to float32, not equal.
reference = model(x)
error = (logits.float() - reference).abs().max().item()
assert 0 < error < 0.05
print(torch.finfo(torch.bfloat16).eps, torch.finfo(torch.float32).eps)
#> 0.0078125 1.1920928955078125e-07
# --8<-- [end:close]


# --8<-- [start:backward]
# The backward pass goes outside the autocast block; gradients arrive in the
# parameters' own dtype, float32.
loss.backward()
print(model[0].weight.grad.dtype)
#> torch.float32

# A training step: only the forward pass and the loss sit inside autocast.
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
optimizer.zero_grad()
with torch.autocast("cpu", dtype=torch.bfloat16):
    loss = nn.functional.cross_entropy(model(x), target)
loss.backward()
optimizer.step()
# --8<-- [end:backward]


# --8<-- [start:range]
# float16 has a narrow range: small gradients underflow to 0 and large values overflow.
# bfloat16 has float32's range (fewer digits), which is why it needs no GradScaler.
tiny = torch.tensor([1e-8, 70000.0])
print(tiny.to(torch.float16), tiny.to(torch.bfloat16), sep="\n")
#> tensor([0., inf], dtype=torch.float16)
#> tensor([1.0012e-08, 7.0144e+04], dtype=torch.bfloat16)
print(torch.finfo(torch.float16).max, torch.finfo(torch.bfloat16).max)
#> 65504.0 3.3895313892515355e+38
# --8<-- [end:range]
