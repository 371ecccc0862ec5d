from torch import nn


def same_conv(in_channels: int, out_channels: int, kernel_size: int, dilation: int) -> nn.Conv2d:
    """A Conv2d with these channels, this odd square kernel and dilation, stride 1, whose
    output has the same height and width as its input."""
    raise NotImplementedError("write same_conv")
