def conv_out_size(
    n: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """The length of a convolution's output along one dimension of length n."""
    raise NotImplementedError("write conv_out_size")
