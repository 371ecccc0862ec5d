from torch import nn


def same_conv(in_channels: int, out_channels: int, kernel_size: int, dilation: int) -> nn.Conv2d:
    """A Conv2d with these channels, this odd square kernel and dilation, stride 1, whose
    output has the same height and width as its input."""
    padding = dilation * (kernel_size - 1) // 2  # half of what the dilated kernel spans
    return nn.Conv2d(in_channels, out_channels, kernel_size, padding=padding, dilation=dilation)


if __name__ == "__main__":
    print(same_conv(3, 8, 3, dilation=2))
    #> Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(2, 2), dilation=(2, 2))
