def conv_out_size(
    n: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """The length of a convolution's output along one dimension of length n."""
    span = dilation * (kernel_size - 1) + 1  # what a dilated kernel covers
    return (n + 2 * padding - span) // stride + 1


if __name__ == "__main__":
    print(conv_out_size(32, 5), conv_out_size(32, 3, stride=2, padding=1))
    #> 28 16
