"""nn.Sequential in its three forms, and the model's parameters (TOPICS M5, M7).

Run it alone: python snippets/nn/sequential.py
"""

# --8<-- [start:constructor]
from collections import OrderedDict

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8),
    nn.ReLU(),
    nn.Linear(8, 3),
)
print(model)
#> Sequential(
#>   (0): Linear(in_features=4, out_features=8, bias=True)
#>   (1): ReLU()
#>   (2): Linear(in_features=8, out_features=3, bias=True)
#> )
x = torch.randn(5, 4)
print(model(x).shape)  # each layer's output is the next layer's input
#> torch.Size([5, 3])
# --8<-- [end:constructor]

# --8<-- [start:indexing]
print(len(model), model[0], model[-1], sep="\n")
#> 3
#> Linear(in_features=4, out_features=8, bias=True)
#> Linear(in_features=8, out_features=3, bias=True)
head = model[:2]  # a slice is a new Sequential sharing the same layers
print(type(head).__name__, head(x).shape)
#> Sequential torch.Size([5, 8])
assert head[0] is model[0]
# --8<-- [end:indexing]

# --8<-- [start:ordered_dict]
named = nn.Sequential(
    OrderedDict(
        [
            ("fc1", nn.Linear(4, 8)),
            ("relu", nn.ReLU()),
            ("fc2", nn.Linear(8, 3)),
        ]
    )
)
print(named)
#> Sequential(
#>   (fc1): Linear(in_features=4, out_features=8, bias=True)
#>   (relu): ReLU()
#>   (fc2): Linear(in_features=8, out_features=3, bias=True)
#> )
assert named.fc1 is named[0]  # by name or by position
# --8<-- [end:ordered_dict]

# --8<-- [start:add_module]
built = nn.Sequential()
built.add_module("linear", nn.Linear(1, 1, bias=False))
built.add_module("sigmoid", nn.Sigmoid())
built.append(nn.Identity())  # append() names the layer by its position
print(built)
#> Sequential(
#>   (linear): Linear(in_features=1, out_features=1, bias=False)
#>   (sigmoid): Sigmoid()
#>   (2): Identity()
#> )

try:
    built.add_module("fc.1", nn.Linear(1, 1))  # dots are reserved for nested names
except KeyError as err:
    print(err)
    #> 'module name can\'t contain ".", got: fc.1'
# --8<-- [end:add_module]

# --8<-- [start:parameters]
params = list(model.parameters())
print(len(params))  # a weight and a bias for each Linear; ReLU has none
#> 4
for name, p in model.named_parameters():
    print(f"{name:<9} {tuple(p.shape)}")
    #> 0.weight  (8, 4)
    #> 0.bias    (8,)
    #> 2.weight  (3, 8)
    #> 2.bias    (3,)
print([name for name, _ in named.named_parameters()])
#> ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
# --8<-- [end:parameters]

# --8<-- [start:counting]
total = sum(p.numel() for p in model.parameters())
print(total)
#> 67


def linear_params(n_in, n_out, bias=True):
    return n_in * n_out + (n_out if bias else 0)


assert total == linear_params(4, 8) + linear_params(8, 3)  # 40 + 27

# Freeze the first layer, e.g. when fine-tuning: only the rest will train.
model[0].requires_grad_(False)
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(trainable, total - trainable)
#> 27 40
model[0].requires_grad_(True)
# --8<-- [end:counting]
