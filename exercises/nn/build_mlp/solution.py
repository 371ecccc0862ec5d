from torch import nn


def build_mlp(sizes: list[int]) -> nn.Sequential:
    """A multilayer perceptron: nn.Linear layers of the given sizes (sizes[0] inputs, then
    sizes[1], ..., sizes[-1] outputs) with nn.ReLU between them, none after the last."""
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(n_in, n_out))
    return nn.Sequential(*layers)


if __name__ == "__main__":
    print(build_mlp([4, 8, 3]))
    #> Sequential(
    #>   (0): Linear(in_features=4, out_features=8, bias=True)
    #>   (1): ReLU()
    #>   (2): Linear(in_features=8, out_features=3, bias=True)
    #> )
