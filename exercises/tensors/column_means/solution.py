import torch


def column_means(t: torch.Tensor) -> list[float]:
    """The mean of each column of a 2-D tensor (of floats or integers), as a list of
    Python floats."""
    return t.double().mean(dim=0).tolist()  # mean needs floats; tolist gives Python floats


if __name__ == "__main__":
    print(column_means(torch.tensor([[1, 2], [4, 6]])))
    #> [2.5, 4.0]
