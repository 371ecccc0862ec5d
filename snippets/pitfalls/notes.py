"""Bugs in the study notes: what each old form really does today, and the fix (TOPICS P1-P13).

Every failure is caught and its real message printed, so the page shows what you would see
with torch 2.14 / torchvision 0.29. Nothing is downloaded.

Run it alone: python snippets/pitfalls/notes.py
"""

# ruff: noqa: E501  (the real messages in the #> lines are long)

# --8<-- [start:p1]
import os
import pickle
import re
import shutil
import warnings
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import models, transforms
from torchvision.transforms import InterpolationMode

# P1. A typo in a function name: Python looks the attribute up and fails at once.
try:
    torch.cuda.is_avaliable()
except AttributeError as err:
    print(err)
    #> module 'torch.cuda' has no attribute 'is_avaliable'

print(type(torch.cuda.is_available()).__name__)  # the real name: is_available
#> bool
# --8<-- [end:p1]

# --8<-- [start:p2]
# P2. The constructor accepts the old spelling without a word ...
old_loss = nn.MSELoss(reduction="elementwise_mean")
pred, target = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 6.0])
# ... and warns only when the loss is computed.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_value = old_loss(pred, target)
print(caught[0].category.__name__, caught[0].message)
#> UserWarning reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.

new_value = nn.MSELoss(reduction="mean")(pred, target)  # "mean" is also the default
print(old_value.item(), new_value.item())
#> 3.0 3.0
# --8<-- [end:p2]

# --8<-- [start:p3]
# P3. Python 3 iterators have no .next() method; the builtin next() drives them.
loader = DataLoader(TensorDataset(torch.arange(6.0)), batch_size=2)
try:
    iter(loader).next()
except AttributeError as err:
    print(err)
    #> '_SingleProcessDataLoaderIter' object has no attribute 'next'

(first_batch,) = next(iter(loader))  # a fresh iterator, first batch
print(first_batch)
#> tensor([0., 1.])
# --8<-- [end:p3]

# --8<-- [start:p4]
# P4. torch.range includes the end, returns floats, and warns.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_range = torch.range(1, 9, 2)
print(old_range)
#> tensor([1., 3., 5., 7., 9.])
print(str(caught[0].message).split(" because")[0])
#> torch.range is deprecated and will be removed in a future release

# torch.arange excludes the end, like Python's range, and keeps integers integers.
print(torch.arange(1, 9, 2), list(range(1, 9, 2)))
#> tensor([1, 3, 5, 7]) [1, 3, 5, 7]
# --8<-- [end:p4]

# --8<-- [start:p5]
# P5. pretrained=True still works, with warnings, and means "download the ImageNet weights".
# To see it without a network, we plant a file where the download would be cached:
# TORCH_HOME/hub/checkpoints/<file name from the weights' URL>.
weights = models.ResNet18_Weights.IMAGENET1K_V1
torch_home = Path("torch_home").resolve()  # in the working directory, removed below
checkpoints = torch_home / "hub" / "checkpoints"
checkpoints.mkdir(parents=True, exist_ok=True)
torch.manual_seed(0)
stand_in = models.resnet18(weights=None).state_dict()  # random weights, not ImageNet's
torch.save(stand_in, checkpoints / Path(weights.url).name)

saved_env = {k: os.environ.get(k) for k in ("TORCH_HOME", "TORCH_MODEL_ZOO")}
os.environ["TORCH_MODEL_ZOO"] = str(torch_home / "ignored")  # the notes' variable
os.environ["TORCH_HOME"] = str(torch_home)  # the one torch.hub reads
try:
    # TORCH_HOME/hub is torch.hub's directory; TORCH_MODEL_ZOO plays no part in it.
    assert Path(torch.hub.get_dir()) == torch_home / "hub"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old_model = models.resnet18(pretrained=True)  # loads our planted file, no download
finally:
    for key, value in saved_env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value

for w in caught:  # the first sentence of each warning
    print(str(w.message).split(". ")[0].rstrip(".") + ".")
    #> The parameter 'pretrained' is deprecated since 0.13 and may be removed in the future, please use 'weights' instead.
    #> Arguments other than a weight enum or `None` for 'weights' are deprecated since 0.13 and may be removed in the future.
    #> TORCH_MODEL_ZOO is deprecated, please use env TORCH_HOME instead.
print(str(caught[1].message).split(". ")[1])
#> The current behavior is equivalent to passing `weights=ResNet18_Weights.IMAGENET1K_V1`
assert torch.equal(old_model.fc.weight, stand_in["fc.weight"])  # it read the cache
assert not (torch_home / "ignored").exists()
shutil.rmtree(torch_home)

# The fix: say which weights you want (weights=None for random initialisation).
print(weights.url.rsplit("/", 1)[1], len(weights.meta["categories"]))
#> resnet18-f37072fd.pth 1000
model = models.resnet18(weights=None, num_classes=10)  # no download, nothing cached
print(model.fc)
#> Linear(in_features=512, out_features=10, bias=True)
# The cache: $TORCH_HOME/hub, else $XDG_CACHE_HOME/torch/hub, else ~/.cache/torch/hub.
print(Path(torch.hub.get_dir()).name)
#> hub
# --8<-- [end:p5]

# --8<-- [start:p6]
# P6a. CrossEntropyLoss wants class *indices* as int64, not floats.
torch.manual_seed(0)
logits = torch.randn(4, 10)  # 4 examples, 10 classes
float_labels = torch.tensor([3.0, 0.0, 7.0, 7.0])  # what .float() on the labels gives
ce = nn.CrossEntropyLoss()
try:
    ce(logits, float_labels)
except RuntimeError as err:
    print(err)
    #> expected target dtype to be Long or Byte, but got Float
index_loss = ce(logits, float_labels.long())  # the fix: int64 class indices
print(round(index_loss.item(), 4))
#> 2.6478
# Float targets are for class *probabilities*, one row of n_classes per example.
probabilities = nn.functional.one_hot(float_labels.long(), num_classes=10).float()
print(torch.allclose(ce(logits, probabilities), index_loss))
#> True

# P6b. One output per *class*, not per example: nothing fails, the model is just wrong.
n_examples, n_features, n_classes = 100, 20, 10
wrong = nn.Linear(n_features, n_examples)  # the notes' build_model(n_features, n_examples)
right = nn.Linear(n_features, n_classes)
x = torch.randn(8, n_features)
labels = torch.randint(0, n_classes, (8,))
print(ce(wrong(x), labels).item() > 0, wrong(x).shape, right(x).shape)
#> True torch.Size([8, 100]) torch.Size([8, 10])
# It can even predict classes that do not exist.
print(wrong(x).argmax(dim=1).max().item() >= n_classes)
#> True
# --8<-- [end:p6]

# --8<-- [start:p7]
# P7. permute changes strides without moving data; view needs compatible strides.
t = torch.arange(24).reshape(2, 3, 4).permute(0, 2, 1)  # shape (2, 4, 3)
print(t.is_contiguous())
#> False
try:
    t.view(2, 12)
except RuntimeError as err:
    print(err)
    #> view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.
a = t.reshape(2, 12)  # copies when it has to
b = t.contiguous().view(2, 12)  # the explicit form
print(torch.equal(a, b), a[0, :6])
#> True tensor([0, 4, 8, 1, 5, 9])
# --8<-- [end:p7]

# --8<-- [start:p8]
# P8. .data is the same numbers with autograd's safety checks switched off.
w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w * w).sum()  # backward needs w as it is now: d/dw = 2w = [2, 4]
w.data.sub_(torch.tensor([0.5, 0.5]))  # the notes' form: unnoticed
loss.backward()
print(w.grad)  # 2 * the *changed* w: a silently wrong gradient
#> tensor([1., 3.])

w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w * w).sum()
with torch.no_grad():
    w.sub_(torch.tensor([0.5, 0.5]))  # the recommended form: autograd notices
try:
    loss.backward()
except RuntimeError as err:
    print(str(err).split(": [")[0])
    #> one of the variables needed for gradient computation has been modified by an inplace operation

# Used in the right place (after backward) the fix is a plain update under no_grad:
torch.manual_seed(0)
layer = nn.Linear(3, 1)
twin = nn.Linear(3, 1)
twin.load_state_dict(layer.state_dict())
inputs = torch.randn(5, 3)
for net in (layer, twin):
    net(inputs).pow(2).mean().backward()
with torch.no_grad():
    for p in layer.parameters():
        p -= 0.1 * p.grad  # manual SGD step
torch.optim.SGD(twin.parameters(), lr=0.1).step()  # the same step, by an optimizer
same = [torch.allclose(p, q) for p, q in zip(layer.parameters(), twin.parameters(), strict=True)]
print(same)
#> [True, True]
# --8<-- [end:p8]

# --8<-- [start:p9]
# P9. model(x) runs the hooks around forward(); model.forward(x) skips them.
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 2))
calls = []
net.register_forward_pre_hook(lambda module, args: calls.append("pre"))
net.register_forward_hook(lambda module, args, output: calls.append("post"))
x = torch.randn(3, 4)
out_call = net(x)
print(calls)
#> ['pre', 'post']
calls.clear()
out_forward = net.forward(x)  # same numbers here ...
print(calls, torch.equal(out_call, out_forward))  # ... but no hook ran
#> [] True
# --8<-- [end:p9]

# --8<-- [start:p10]
# P10. torch.save(model) pickles the whole object; torch.load now refuses such files.
saved = Path("saved").resolve()  # in the working directory, removed below
saved.mkdir(exist_ok=True)
whole = saved / "whole_model.pth"
torch.manual_seed(0)
small = nn.Sequential(nn.Linear(4, 2), nn.ReLU())
torch.save(small, whole)
try:
    torch.load(whole)  # weights_only=True is the default since torch 2.6
except pickle.UnpicklingError as err:
    message = re.sub(r"\x1b\[[0-9;]*m", "", str(err))  # drop the bold-text escape codes
print(message.splitlines()[0])
#> Weights only load failed. This file can still be loaded, to do so you have two options, do those steps only if you trust the source of the checkpoint.
reason = next(line for line in message.splitlines() if "Unsupported global" in line)
print(reason.split(" Please")[0].strip())
#> WeightsUnpickler error: Unsupported global: GLOBAL torch.nn.modules.container.Sequential was not an allowed global by default.


# Why: unpickling can call any function the file names. This harmless object runs eval.
class Payload:
    def __reduce__(self):
        return (eval, ("6 * 7",))


crafted = whole.with_name("crafted.pth")
torch.save(Payload(), crafted)
print(torch.load(crafted, weights_only=False))  # the code in the file ran
#> 42
try:
    torch.load(crafted)
except pickle.UnpicklingError as err:
    reason = next(line for line in str(err).splitlines() if "Unsupported global" in line)
    print(reason.split(" Please")[0].strip())
    #> WeightsUnpickler error: Unsupported global: GLOBAL eval was not an allowed global by default.

# The fix: save and load the state_dict, a dict of tensors that needs no code.
state_path = whole.with_name("state_dict.pth")
torch.save(small.state_dict(), state_path)
restored = nn.Sequential(nn.Linear(4, 2), nn.ReLU())  # build the model in code ...
print(restored.load_state_dict(torch.load(state_path)))  # ... then fill in its weights
#> <All keys matched successfully>
assert torch.equal(restored[0].weight, small[0].weight)
shutil.rmtree(saved)
# --8<-- [end:p10]

# --8<-- [start:p11]
# P11. Integers are Pillow's filter numbers: accepted silently, but they read badly.
print(transforms.Resize((200, 200), interpolation=2).interpolation)
#> InterpolationMode.BILINEAR
print(transforms.Resize((200, 200), interpolation=1).interpolation)  # not "linear"!
#> InterpolationMode.LANCZOS
# LANCZOS is a Pillow filter: a tensor image cannot use it (older torchvision releases
# raise NotImplementedError here, newer ones ValueError).
image = torch.rand(3, 32, 32)
try:
    transforms.Resize((16, 16), interpolation=1)(image)
except (ValueError, NotImplementedError) as err:
    print(err)  # a confusing message: the real problem is the mode
    #> Lanczos mode requires antialias=True
# The fix: name the mode.
resize = transforms.Resize((16, 16), interpolation=InterpolationMode.BILINEAR)
print(resize(image).shape)
#> torch.Size([3, 16, 16])
# --8<-- [end:p11]

# --8<-- [start:p12]
# P12a. Evaluating on the whole test set inside the batch loop.
torch.manual_seed(0)
train_x, train_y = torch.randn(200, 2), torch.randint(0, 2, (200,))
test_x = torch.randn(100, 2)
batch_size, epochs = 20, 3
num_batches = len(train_x) // batch_size
predict_calls = 0


def predict(model, x):
    global predict_calls
    predict_calls += 1
    model.eval()
    with torch.no_grad():
        return model(x).argmax(dim=1)


def new_model():
    torch.manual_seed(0)
    clf = nn.Linear(2, 2)
    return clf, torch.optim.SGD(clf.parameters(), lr=0.1)


def train_step(clf, opt, k):
    clf.train()
    batch = slice(k * batch_size, (k + 1) * batch_size)
    opt.zero_grad()
    nn.functional.cross_entropy(clf(train_x[batch]), train_y[batch]).backward()
    opt.step()


clf, opt = new_model()
predict_calls = 0
for _epoch in range(epochs):
    for k in range(num_batches):
        train_step(clf, opt, k)
        pred_notes = predict(clf, test_x)  # the notes' indentation: after every batch
print(predict_calls, "passes over the test set")
#> 30 passes over the test set

clf, opt = new_model()
predict_calls = 0
for _epoch in range(epochs):
    for k in range(num_batches):
        train_step(clf, opt, k)
    pred_fixed = predict(clf, test_x)  # the fix: once per epoch, after the batch loop
print(predict_calls, "passes over the test set")
#> 3 passes over the test set
print(torch.equal(pred_notes, pred_fixed))  # the same final answer for 10x less work
#> True

# P12b. model.eval() before the model exists: run the notes' order in a fresh namespace.
notes_order = "model.eval()\nmodel = nn.Linear(2, 2)\n"
try:
    exec(notes_order, {"nn": nn})
except NameError as err:
    print(err)
    #> name 'model' is not defined
fixed_order = "model = nn.Linear(2, 2)\nmodel.eval()\n"
scope = {"nn": nn}
exec(fixed_order, scope)
print(scope["model"].training)
#> False
# --8<-- [end:p12]

# --8<-- [start:p13]
# P13. print with a comma passes the values as extra arguments: nothing is formatted.
epoch, cost = 1, 0.25
print("Epoch= %d, cost = %s", epoch, cost)
#> Epoch= %d, cost = %s 1 0.25
print("Epoch= %d, cost = %s" % (epoch, cost))  # noqa: UP031  (% needs the operator)
#> Epoch= 1, cost = 0.25
print(f"Epoch= {epoch}, cost = {cost:.3f}")  # f-strings: the modern form
#> Epoch= 1, cost = 0.250
# --8<-- [end:p13]
