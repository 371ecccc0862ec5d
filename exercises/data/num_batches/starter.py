def num_batches(n: int, batch_size: int, drop_last: bool) -> int:
    """How many batches a DataLoader over n items gives per epoch: len(loader)."""
    raise NotImplementedError("write num_batches")
