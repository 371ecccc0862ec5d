import struct

import torch


def parse_idx_images(raw: bytes) -> torch.Tensor:
    """The images of an MNIST IDX image file read into bytes: a uint8 tensor (N, rows, cols).
    The header is four big-endian 32-bit integers: the magic number 2051, N, rows, cols;
    the pixels follow. Raise ValueError if the magic number is not 2051."""
    (magic,) = struct.unpack(">I", raw[:4])  # ">": big-endian
    if magic != 2051:
        raise ValueError(f"not an IDX image file (magic number {magic})")
    n, rows, cols = struct.unpack(">3I", raw[4:16])
    pixels = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8)
    return pixels.reshape(n, rows, cols)


if __name__ == "__main__":
    raw = struct.pack(">4I", 2051, 1, 2, 3) + bytes([0, 50, 100, 150, 200, 250])
    print(parse_idx_images(raw))
    #> tensor([[[  0,  50, 100],
    #>          [150, 200, 250]]], dtype=torch.uint8)
