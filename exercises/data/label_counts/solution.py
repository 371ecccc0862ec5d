import torch


def label_counts(dataset, num_classes: int) -> torch.Tensor:
    """How many items of each class a dataset of (input, label) pairs holds, labels being
    ints in [0, num_classes): an int64 tensor of shape (num_classes,), zeros included."""
    labels = torch.tensor([label for _, label in dataset])
    return torch.bincount(labels, minlength=num_classes)  # classes never seen count 0


if __name__ == "__main__":
    pairs = [(torch.zeros(2), 0), (torch.zeros(2), 2), (torch.zeros(2), 0)]
    print(label_counts(pairs, num_classes=4))
    #> tensor([2, 0, 1, 0])
