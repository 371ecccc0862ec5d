import struct

import torch


def parse_idx_images(raw: bytes) -> torch.Tensor:
    """The images of an MNIST IDX image file read into bytes: a uint8 tensor (N, rows, cols).
    The header is four big-endian 32-bit integers: the magic number 2051, N, rows, cols;
    the pixels follow. Raise ValueError if the magic number is not 2051."""
    raise NotImplementedError("write parse_idx_images")
