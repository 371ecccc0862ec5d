def conv_params(
    in_channels: int, out_channels: int, kernel_size: int, groups: int = 1, bias: bool = True
) -> int:
    """How many parameters nn.Conv2d(in_channels, out_channels, kernel_size, groups=groups,
    bias=bias) has (without building it)."""
    # each of the out_channels filters sees only in_channels // groups input channels
    weights = out_channels * (in_channels // groups) * kernel_size * kernel_size
    return weights + (out_channels if bias else 0)


if __name__ == "__main__":
    print(conv_params(4, 8, 3), conv_params(4, 8, 3, groups=4))
    #> 296 80
