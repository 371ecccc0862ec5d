def num_batches(n: int, batch_size: int, drop_last: bool) -> int:
    """How many batches a DataLoader over n items gives per epoch: len(loader)."""
    if drop_last:
        return n // batch_size  # an incomplete last batch is dropped
    return (n + batch_size - 1) // batch_size  # ceil(n / batch_size)


if __name__ == "__main__":
    print(num_batches(10, 3, drop_last=False), num_batches(10, 3, drop_last=True))
    #> 4 3
