from torch import nn


def depthwise_separable(in_channels: int, out_channels: int, kernel_size: int) -> nn.Module:
    """A depthwise separable convolution: a depthwise kernel_size x kernel_size convolution
    (one filter per input channel) then a pointwise 1x1 convolution to out_channels. Both
    keep the height and width (odd kernel_size) and have a bias."""
    return nn.Sequential(
        nn.Conv2d(in_channels, in_channels, kernel_size, padding=kernel_size // 2, groups=in_channels),
        nn.Conv2d(in_channels, out_channels, 1),
    )


if __name__ == "__main__":
    model = depthwise_separable(4, 8, 3)
    print(sum(p.numel() for p in model.parameters()))
    #> 80
