def strip_prefix(state_dict: dict, prefix: str) -> dict:
    """A new state dict whose keys lose `prefix` where they start with it (as a model saved
    inside nn.DataParallel has "module." before every key); other keys, the values and the
    order stay as they are."""
    # Not str.lstrip (it strips characters, not a prefix) and not str.replace (it also
    # changes a "module." in the middle of a key).
    return {key.removeprefix(prefix): value for key, value in state_dict.items()}


if __name__ == "__main__":
    state = {"module.embed.weight": 1, "module.head.module.bias": 2, "scale": 3}
    print(strip_prefix(state, "module."))
    #> {'embed.weight': 1, 'head.module.bias': 2, 'scale': 3}
