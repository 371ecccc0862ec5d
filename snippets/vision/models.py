"""torchvision.models: GoogLeNet, weights= and their transforms, the cache, fine-tuning (TOPICS V7, P5).

Run it alone: python snippets/vision/models.py
Nothing is downloaded: the model is built with weights=None (random weights).
"""

# --8<-- [start:build]
import os
import warnings
from pathlib import Path

import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torch import nn
from torchvision.models import GoogLeNet_Weights, googlenet

torch.manual_seed(0)

# weights=None: the architecture only, randomly initialised, nothing to download.
# init_weights=False keeps PyTorch's default initialisation, which is the quick one.
model = googlenet(weights=None, aux_logits=False, init_weights=False)
print(type(model).__name__, model.fc)
#> GoogLeNet Linear(in_features=1024, out_features=1000, bias=True)
total = sum(p.numel() for p in model.parameters())
print(f"{total:,} parameters")
#> 6,624,904 parameters

# Leaving init_weights out warns (an error in this project's test suite).
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    googlenet(weights=None, aux_logits=False)
print(caught[0].category.__name__ + ":", str(caught[0].message).split(".")[0])
#> FutureWarning: The default weight initialization of GoogleNet will be changed in future releases of torchvision
# --8<-- [end:build]

# --8<-- [start:weights]
weights = GoogLeNet_Weights.DEFAULT  # an enum member: the best weights torchvision has
print(weights)
#> GoogLeNet_Weights.IMAGENET1K_V1
print(Path(weights.url).name, weights.meta["num_params"], len(weights.meta["categories"]))
#> googlenet-1378be20.pth 6624904 1000
print(weights.meta["categories"][:3], weights.meta["_metrics"]["ImageNet-1K"])
#> ['tench', 'goldfish', 'great white shark'] {'acc@1': 69.778, 'acc@5': 89.53}

# The preprocessing the weights expect at inference (the evaluation preset, no random
# augmentation). Building it downloads nothing.
preprocess = weights.transforms()
print(preprocess)
#> ImageClassification(
#>     crop_size=[224]
#>     resize_size=[256]
#>     mean=[0.485, 0.456, 0.406]
#>     std=[0.229, 0.224, 0.225]
#>     interpolation=InterpolationMode.BILINEAR
#> )
photos = [Image.fromarray(load_sample_image(name)) for name in ("china.jpg", "flower.jpg")]
batch = torch.stack([preprocess(photo) for photo in photos])
print(batch.shape, batch.dtype)
#> torch.Size([2, 3, 224, 224]) torch.float32
# --8<-- [end:weights]

# --8<-- [start:forward]
model.eval()  # inference behaviour for dropout and batch norm
with torch.inference_mode():
    logits = model(batch)
print(logits.shape)  # one score per ImageNet class, per image
#> torch.Size([2, 1000])
probs = logits.softmax(dim=1)
assert torch.allclose(probs.sum(dim=1), torch.ones(2))
# With random weights the "prediction" means nothing; with the real ones it would be
# weights.meta["categories"][probs.argmax(dim=1)[i]].
# --8<-- [end:forward]

# --8<-- [start:cache]
def hub_dir_with(**env):
    """torch.hub.get_dir() under these environment variables (None = unset), then restore."""
    saved = {name: os.environ.get(name) for name in env}
    try:
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        return Path(torch.hub.get_dir())
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


default = hub_dir_with(TORCH_HOME=None, XDG_CACHE_HOME=None)
print("~" / default.relative_to(Path.home()))
#> ~/.cache/torch/hub
print(hub_dir_with(TORCH_HOME="/data/torch"))  # TORCH_HOME moves the whole cache
#> /data/torch/hub
# Downloaded weights land in <hub dir>/checkpoints/<file name from the URL>.
print(Path("/data/torch/hub/checkpoints") / Path(weights.url).name)
#> /data/torch/hub/checkpoints/googlenet-1378be20.pth

# TORCH_MODEL_ZOO, from old notes, no longer moves the cache (downloads only warn about it).
assert hub_dir_with(TORCH_MODEL_ZOO="/old/zoo", TORCH_HOME=None, XDG_CACHE_HOME=None) == default
# --8<-- [end:cache]

# --8<-- [start:finetune]
print(model.fc.in_features, model.fc.out_features)
#> 1024 1000

model.requires_grad_(False)  # freeze every parameter of the backbone ...
model.fc = nn.Linear(model.fc.in_features, 5)  # ... then a new head: 5 classes, trainable

trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
total = sum(p.numel() for p in model.parameters())
print(f"trainable {trainable:,} of {total:,}")  # 1024 * 5 weights + 5 biases
#> trainable 5,125 of 5,605,029



def train_head_only(model):
    """train() would still update every BatchNorm's running mean and variance: those are
    buffers, which requires_grad_(False) does not freeze. Keep the backbone in eval()."""
    model.eval()
    model.dropout.train()  # the dropout in front of fc belongs to the head
    model.fc.train()


# One training step: only the head is given to the optimizer, only it gets gradients.
optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.01)
bn = model.conv1.bn  # the first BatchNorm of the backbone
before = bn.running_mean.clone()
train_head_only(model)
loss = nn.functional.cross_entropy(model(batch), torch.tensor([0, 3]))
loss.backward()
optimizer.step()
assert model.conv1.conv.weight.grad is None and model.fc.weight.grad is not None
print(torch.equal(bn.running_mean, before))  # the backbone's statistics are untouched
#> True
model.eval()
print(model(batch).shape)
#> torch.Size([2, 5])
# --8<-- [end:finetune]

# --8<-- [start:pretrained]
# The old spelling still runs in torchvision 0.29 but warns twice. pretrained=True would
# mean weights=GoogLeNet_Weights.IMAGENET1K_V1 (and download them); False means None.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = googlenet(pretrained=False, aux_logits=False, init_weights=False)
for w in caught:
    print(w.category.__name__ + ":", w.message)
    #> UserWarning: The parameter 'pretrained' is deprecated since 0.13 and may be removed in the future, please use 'weights' instead.
    #> UserWarning: Arguments other than a weight enum or `None` for 'weights' are deprecated since 0.13 and may be removed in the future. The current behavior is equivalent to passing `weights=None`.
# --8<-- [end:pretrained]
