def flat_features(channels: int, height: int, width: int) -> int:
    """How many features LeNet's feature extractor gives one image of this size:
    Conv2d(channels, 6, 5), ReLU, MaxPool2d(2), Conv2d(6, 16, 5), ReLU, MaxPool2d(2),
    then flattened. (What the first Linear layer's in_features must be.)"""
    raise NotImplementedError("write flat_features")
