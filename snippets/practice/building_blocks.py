"""Building blocks: a residual block and a small ResNet-style CNN, nn.init, nn.Parameter
and register_buffer, ModuleList and ModuleDict (TOPICS X6).

Run it alone: python snippets/practice/building_blocks.py
"""

# --8<-- [start:residual]
import torch
from torch import nn


class ResidualBlock(nn.Module):
    """conv-BN-ReLU-conv-BN, plus the input itself (the shortcut), then ReLU."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        # When the shape changes, a 1x1 convolution makes the shortcut fit.
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.shortcut(x))  # the "+ x" is the whole idea


block = ResidualBlock(16, 32, stride=2)
print(block(torch.zeros(2, 16, 8, 8)).shape)
#> torch.Size([2, 32, 4, 4])
# --8<-- [end:residual]


# --8<-- [start:resnet]
class SmallResNet(nn.Module):
    def __init__(self, in_channels=1, n_classes=10, width=16):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, padding=1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(),
        )
        self.stages = nn.Sequential(
            ResidualBlock(width, width),
            ResidualBlock(width, 2 * width, stride=2),  # half the size, twice the channels
        )
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2 * width, n_classes))

    def forward(self, x):
        return self.head(self.stages(self.stem(x)))


torch.manual_seed(0)
net = SmallResNet()
print(net(torch.zeros(4, 1, 8, 8)).shape, sum(p.numel() for p in net.parameters()))
#> torch.Size([4, 10]) 19706
# --8<-- [end:resnet]


# --8<-- [start:init]
def init_weights(module):
    # He (Kaiming) initialisation suits ReLU networks; BN starts as the identity.
    if isinstance(module, nn.Conv2d):
        nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.ones_(module.weight)
        nn.init.zeros_(module.bias)
    elif isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, std=0.01)
        nn.init.zeros_(module.bias)


torch.manual_seed(0)
net.apply(init_weights)  # calls init_weights on every submodule
conv = net.stages[1].conv1
fan_out = conv.out_channels * conv.kernel_size[0] * conv.kernel_size[1]
print(f"std {conv.weight.std().item():.3f}, target {(2 / fan_out) ** 0.5:.3f}")
#> std 0.084, target 0.083
# --8<-- [end:init]


# --8<-- [start:parameter_buffer]
class Scaler(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(3))  # learned: in parameters() and state_dict
        self.register_buffer("mean", torch.zeros(3))  # saved and moved, not learned
        self.register_buffer("cache", torch.zeros(3), persistent=False)  # moved, not saved
        self.plain = torch.zeros(3)  # an ordinary attribute: the module does not know it

    def forward(self, x):
        return (x - self.mean) * self.scale


s = Scaler()
print([name for name, _ in s.named_parameters()])
#> ['scale']
print([name for name, _ in s.named_buffers()])
#> ['mean', 'cache']
print(list(s.state_dict()))
#> ['scale', 'mean']

# .to() converts (or moves to a device) parameters and buffers, never plain attributes.
s.to(torch.float64)
print(s.scale.dtype, s.mean.dtype, s.cache.dtype, s.plain.dtype)
#> torch.float64 torch.float64 torch.float64 torch.float32
# --8<-- [end:parameter_buffer]


# --8<-- [start:containers]
class Hidden(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(4, 4) for _ in range(3)]  # a plain list: invisible


class Registered(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(4, 4) for _ in range(3))
        self.heads = nn.ModuleDict({"digit": nn.Linear(4, 10), "parity": nn.Linear(4, 2)})

    def forward(self, x, head="digit"):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return self.heads[head](x)


# The layers in the plain list are missing from parameters(): an optimizer would never
# train them, and state_dict() would not save them.
print(len(list(Hidden().parameters())), len(list(Registered().parameters())))
#> 0 10
print(Registered()(torch.zeros(2, 4), head="parity").shape)
#> torch.Size([2, 2])
# --8<-- [end:containers]
