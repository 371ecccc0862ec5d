def conv_params(
    in_channels: int, out_channels: int, kernel_size: int, groups: int = 1, bias: bool = True
) -> int:
    """How many parameters nn.Conv2d(in_channels, out_channels, kernel_size, groups=groups,
    bias=bias) has (without building it)."""
    raise NotImplementedError("write conv_params")
