"""torch.inference_mode against torch.no_grad: what you cannot do with the results (TOPICS Y4).

CUDA memory statistics and torch.cuda.empty_cache are in inference_cuda.py.

Run it alone: python snippets/deploy/inference.py
"""

# --8<-- [start:modes]
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).eval()
x = torch.randn(3, 4)

with torch.no_grad():
    plain = model(x)
with torch.inference_mode():
    frozen = model(x)

print(plain.requires_grad, frozen.requires_grad)
#> False False
print(plain.is_inference(), frozen.is_inference())
#> False True
print(torch.equal(plain, frozen))
#> True
# --8<-- [end:modes]

# --8<-- [start:decorator]
@torch.inference_mode()  # the same context manager, as a decorator
def predict(model, x):
    return model(x).argmax(dim=1)


print(predict(model, x).tolist(), predict(model, x).is_inference())
#> [1, 0, 0] True
# --8<-- [end:decorator]

# --8<-- [start:autograd]
scale = torch.ones(2, requires_grad=True)

# A no_grad result is an ordinary tensor: later it can enter autograd as a constant.
(plain * scale).sum().backward()
# d/d(scale) of sum(plain * scale) is the column sums of plain.
print(torch.allclose(scale.grad, plain.sum(dim=0)))
#> True

# An inference tensor may enter where autograd saves nothing: the gradient of a sum
# does not depend on the summands, so nothing has to be kept for the backward pass.
scale.grad = None
(frozen + scale).sum().backward()
print(scale.grad.tolist())
#> [3.0, 3.0]

# It is refused where autograd must save it: the gradient of frozen * scale with respect
# to scale is frozen itself. The input of a trainable layer is saved the same way.
head = nn.Linear(2, 1)  # a new layer to train on top of the frozen outputs
for step in (lambda: (frozen * scale).sum(), lambda: head(frozen).sum()):
    try:
        step().backward()
    except RuntimeError as err:
        print(str(err).split(".")[0])
        #> Inference tensors cannot be saved for backward
        #> Inference tensors cannot be saved for backward
# --8<-- [end:autograd]

# --8<-- [start:inplace]
# Inference tensors keep no version counter, so autograd could not notice a change:
# outside inference mode, changing them in place is refused ...
try:
    frozen.add_(1)
except RuntimeError as err:
    print(str(err).split(".")[0])
    #> Inplace update to inference tensor outside InferenceMode is not allowed
# ... but the check runs after the write: the values have changed all the same.
print(torch.equal(frozen, plain + 1))
#> True

# clone() outside inference mode gives an ordinary tensor that allows both.
usable = frozen.clone()
usable.add_(1)
print(usable.is_inference(), torch.equal(usable, plain + 2))
#> False True
# --8<-- [end:inplace]
