"""A LeNet-style CNN for 1x32x32 and 3x32x32 images; flattening (TOPICS M8).

Run it alone: python snippets/nn/lenet.py
"""

# --8<-- [start:model]
import torch
import torch.nn.functional as F
from torch import nn


class LeNet(nn.Module):
    def __init__(self, in_channels: int = 1, num_classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, kernel_size=5)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.pool = nn.MaxPool2d(2)  # no parameters, so one instance can be reused
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)  # keep dim 0 (the batch), merge the rest
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)  # raw scores (logits): no activation on the last layer


torch.manual_seed(0)
gray_net = LeNet(in_channels=1)
print(gray_net)
#> LeNet(
#>   (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
#>   (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
#>   (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
#>   (fc1): Linear(in_features=400, out_features=120, bias=True)
#>   (fc2): Linear(in_features=120, out_features=84, bias=True)
#>   (fc3): Linear(in_features=84, out_features=10, bias=True)
#> )
# --8<-- [end:model]

# --8<-- [start:shapes]
def trace_shapes(net: LeNet, x: torch.Tensor) -> list[tuple[str, tuple]]:
    """Run the same steps as forward(), recording the shape after each one."""
    steps = [
        ("conv1", net.conv1), ("relu", F.relu), ("pool", net.pool),
        ("conv2", net.conv2), ("relu", F.relu), ("pool", net.pool),
        ("flatten", lambda t: torch.flatten(t, 1)),
        ("fc1", net.fc1), ("relu", F.relu), ("fc2", net.fc2), ("relu", F.relu),
        ("fc3", net.fc3),
    ]
    shapes = [("input", tuple(x.shape))]
    for name, step in steps:
        x = step(x)
        shapes.append((name, tuple(x.shape)))
    return shapes


gray_shapes = trace_shapes(gray_net, torch.randn(1, 1, 32, 32))
for name, shape in gray_shapes:
    print(f"{name:<8}{shape}")
    #> input   (1, 1, 32, 32)
    #> conv1   (1, 6, 28, 28)
    #> relu    (1, 6, 28, 28)
    #> pool    (1, 6, 14, 14)
    #> conv2   (1, 16, 10, 10)
    #> relu    (1, 16, 10, 10)
    #> pool    (1, 16, 5, 5)
    #> flatten (1, 400)
    #> fc1     (1, 120)
    #> relu    (1, 120)
    #> fc2     (1, 84)
    #> relu    (1, 84)
    #> fc3     (1, 10)
# --8<-- [end:shapes]

# --8<-- [start:flatten]
torch.manual_seed(0)
feats = torch.randn(4, 16, 5, 5)  # what conv2 + pool hand to fc1 for a batch of 4

a = torch.flatten(feats, 1)
b = feats.view(feats.size(0), -1)  # needs contiguous memory; reshape() does not
c = nn.Flatten()(feats)  # a layer, handy inside nn.Sequential (start_dim=1)
assert torch.equal(a, b) and torch.equal(a, c)
print(a.shape)
#> torch.Size([4, 400])


def num_flat_features(x: torch.Tensor) -> int:
    """The old tutorial's helper: product of all sizes except the batch dimension."""
    n = 1
    for s in x.size()[1:]:
        n *= s
    return n


print(num_flat_features(feats), feats[0].numel())
#> 400 400

# The trap: view(-1, 400) trusts the feature size and lets the batch size absorb
# any mismatch. Feature maps of 16x6x6 (576 values) from a batch of 25:
wrong = torch.randn(25, 16, 6, 6)
print(wrong.view(-1, 16 * 5 * 5).shape)  # no error, 36 "examples" out of 25
#> torch.Size([36, 400])
try:
    gray_net.fc1(torch.flatten(wrong, 1))  # keeping the batch dim fails loudly
except RuntimeError as err:
    print(err)
    #> mat1 and mat2 shapes cannot be multiplied (25x576 and 400x120)
# --8<-- [end:flatten]

# --8<-- [start:params]
def count(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


def conv_params(c_in, c_out, k):
    return c_out * c_in * k * k + c_out


rgb_net = LeNet(in_channels=3)
fc_part = (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10)  # in*out + out each
expected = {c: conv_params(c, 6, 5) + conv_params(6, 16, 5) + fc_part for c in (1, 3)}
print(count(gray_net), count(rgb_net))
#> 61706 62006
assert (count(gray_net), count(rgb_net)) == (expected[1], expected[3])
for name, p in gray_net.named_parameters():
    print(f"{name:<13}{str(tuple(p.shape)):<16}{p.numel()}")
    #> conv1.weight (6, 1, 5, 5)    150
    #> conv1.bias   (6,)            6
    #> conv2.weight (16, 6, 5, 5)   2400
    #> conv2.bias   (16,)           16
    #> fc1.weight   (120, 400)      48000
    #> fc1.bias     (120,)          120
    #> fc2.weight   (84, 120)       10080
    #> fc2.bias     (84,)           84
    #> fc3.weight   (10, 84)        840
    #> fc3.bias     (10,)           10
# --8<-- [end:params]

# --8<-- [start:batch]
torch.manual_seed(0)
gray_batch = torch.randn(8, 1, 32, 32)
rgb_batch = torch.randn(8, 3, 32, 32)
gray_logits = gray_net(gray_batch)  # call the model, not .forward
rgb_logits = rgb_net(rgb_batch)
print(gray_logits.shape, rgb_logits.shape)
#> torch.Size([8, 10]) torch.Size([8, 10])
print(gray_logits.argmax(dim=1))  # untrained: every image gets about the same scores
#> tensor([9, 9, 9, 9, 9, 9, 9, 9])

try:
    gray_net(rgb_batch)  # colour images into the 1-channel model
except RuntimeError as err:
    channel_error = str(err)
    print(channel_error.partition(", expected ")[2])
    #> input[8, 3, 32, 32] to have 1 channels, but got 3 channels instead
# --8<-- [end:batch]
