import torch


def shares_storage(a: torch.Tensor, b: torch.Tensor) -> bool:
    """True when a and b are backed by the same storage (one is a view of the other, or
    both are views of one tensor), even if they start at different elements."""
    # data_ptr() is where a tensor's first element lies, which differs for x and x[1:];
    # the storage's own pointer is the same for every view of it.
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


if __name__ == "__main__":
    x = torch.arange(6.0).reshape(2, 3)
    print(shares_storage(x, x[1:]), shares_storage(x, x.t()), shares_storage(x, x.clone()))
    #> True True False
