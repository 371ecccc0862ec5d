"""Saving and loading: state_dict, whole model, weights_only, map_location, checkpoints (TOPICS W7).

Run it alone: python snippets/workflows/saving.py   (it writes a few .pt files in the
current directory)
"""

# --8<-- [start:state_dict]
import os
import re
import shutil
import textwrap

import torch
from torch import nn, optim


def make_model():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))


torch.manual_seed(0)
model = make_model()
# state_dict: an ordered dict from parameter (and buffer) names to tensors.
for name, tensor in model.state_dict().items():
    print(name, tuple(tensor.shape))
    #> 0.weight (8, 4)
    #> 0.bias (8,)
    #> 2.weight (3, 8)
    #> 2.bias (3,)
torch.save(model.state_dict(), "weights.pt")
# --8<-- [end:state_dict]

# --8<-- [start:load_state_dict]
torch.manual_seed(1)
restored = make_model()  # same architecture, different random weights
x = torch.randn(2, 4)
print(torch.equal(model(x), restored(x)))
#> False
print(restored.load_state_dict(torch.load("weights.pt", weights_only=True)))
#> <All keys matched successfully>
restored.eval()  # before predicting: dropout/batch-norm layers switch to inference
with torch.no_grad():
    assert torch.equal(model(x), restored(x))
# --8<-- [end:load_state_dict]

# --8<-- [start:mismatch]
# The architecture must match the saved names and shapes.
try:
    nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3)).load_state_dict(
        torch.load("weights.pt", weights_only=True)
    )
except RuntimeError as err:
    lines = str(err).splitlines()
print(lines[0])
#> Error(s) in loading state_dict for Sequential:
print(lines[1].strip().split(": copying")[0])
#> size mismatch for 0.weight
# --8<-- [end:mismatch]

# --8<-- [start:whole_model]
torch.save(model, "whole_model.pt")  # pickles the module object itself

# Today's default is weights_only=True: tensors, dicts, numbers... but no classes.
try:
    torch.load("whole_model.pt")
except Exception as err:  # pickle.UnpicklingError
    error = err
print(type(error).__name__)
#> UnpicklingError
# The message is long (and uses terminal colours): its first line, wrapped ...
lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in str(error).splitlines()]
print(textwrap.fill(lines[0], width=80))
#> Weights only load failed. This file can still be loaded, to do so you have two
#> options, do those steps only if you trust the source of the checkpoint.
# ... and the line that names the culprit.
print(next(line for line in lines if "Unsupported global" in line).split(" was")[0])
#> WeightsUnpickler error: Unsupported global: GLOBAL torch.nn.modules.container.Sequential

# Only for a file you trust: weights_only=False runs the full pickle machinery.
whole = torch.load("whole_model.pt", weights_only=False)
print(type(whole).__name__)
#> Sequential
with torch.no_grad():
    assert torch.equal(whole(x), model(x))
# --8<-- [end:whole_model]

# --8<-- [start:pickle_runs_code]
class Payload:
    """Pickle stores 'call this function with these arguments' to rebuild an object."""

    def __reduce__(self):
        return (os.makedirs, ("created_while_loading", 0o777, True))


shutil.rmtree("created_while_loading", ignore_errors=True)
torch.save({"weights": torch.zeros(2), "extra": Payload()}, "suspicious.pt")

try:
    torch.load("suspicious.pt")  # weights_only=True: refuses to call os.makedirs
except Exception as err:
    print(type(err).__name__, os.path.isdir("created_while_loading"))
    #> UnpicklingError False

torch.load("suspicious.pt", weights_only=False)  # loading runs the code
print(os.path.isdir("created_while_loading"))
#> True
# --8<-- [end:pickle_runs_code]

# --8<-- [start:map_location]
# Tensors come back on the device they were saved from; map_location moves them.
state = torch.load("weights.pt", map_location="cpu", weights_only=True)
print({t.device.type for t in state.values()})
#> {'cpu'}
state = torch.load("weights.pt", map_location=torch.device("cpu"), weights_only=True)
print(state["0.weight"].device)
#> cpu
# A dict renames devices, e.g. everything saved from GPU 0 onto the CPU:
state = torch.load("weights.pt", map_location={"cuda:0": "cpu"}, weights_only=True)
assert all(torch.equal(state[k], v) for k, v in model.state_dict().items())
# --8<-- [end:map_location]

# --8<-- [start:checkpoint]
torch.manual_seed(0)
model = make_model()
optimizer = optim.Adam(model.parameters(), lr=0.01)
inputs, labels = torch.randn(16, 4), torch.randint(0, 3, (16,))
criterion = nn.CrossEntropyLoss()


def train_step(net, opt):
    opt.zero_grad()
    loss = criterion(net(inputs), labels)
    loss.backward()
    opt.step()
    return loss.item()


for epoch in range(3):  # noqa: B007  (the last epoch goes into the checkpoint)
    last_loss = train_step(model, optimizer)
torch.save(
    {
        "epoch": epoch,
        "model_state_dict": model.state_dict(),
        "optimizer_state_dict": optimizer.state_dict(),  # Adam's moving averages, step count
        "loss": last_loss,
    },
    "checkpoint.pt",
)

# Later, or in another process: rebuild the objects, then fill them.
checkpoint = torch.load("checkpoint.pt", weights_only=True)  # plain dicts and tensors
resumed = make_model()
resumed_opt = optim.Adam(resumed.parameters(), lr=0.01)
resumed.load_state_dict(checkpoint["model_state_dict"])
resumed_opt.load_state_dict(checkpoint["optimizer_state_dict"])
print(checkpoint["epoch"], round(checkpoint["loss"], 4))
#> 2 1.0378

# Resumed training takes exactly the step the original would have taken. That holds here
# because nothing else has state: one fixed batch, no dropout, no scheduler, no GradScaler.
print(train_step(model, optimizer) == train_step(resumed, resumed_opt))
#> True
for a, b in zip(model.parameters(), resumed.parameters(), strict=True):
    assert torch.equal(a, b)
# --8<-- [end:checkpoint]
