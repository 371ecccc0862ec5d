def flat_features(channels: int, height: int, width: int) -> int:
    """How many features LeNet's feature extractor gives one image of this size:
    Conv2d(channels, 6, 5), ReLU, MaxPool2d(2), Conv2d(6, 16, 5), ReLU, MaxPool2d(2),
    then flattened. (What the first Linear layer's in_features must be.)"""

    def after(n: int) -> int:
        n = n - 5 + 1  # a 5x5 convolution without padding
        n = n // 2  # 2x2 max pooling drops an odd last row or column
        n = n - 5 + 1
        return n // 2

    return 16 * after(height) * after(width)


if __name__ == "__main__":
    print(flat_features(1, 32, 32), flat_features(3, 28, 28))
    #> 400 256
