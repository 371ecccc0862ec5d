def strip_prefix(state_dict: dict, prefix: str) -> dict:
    """A new state dict whose keys lose `prefix` where they start with it (as a model saved
    inside nn.DataParallel has "module." before every key); other keys, the values and the
    order stay as they are."""
    raise NotImplementedError("write strip_prefix")
