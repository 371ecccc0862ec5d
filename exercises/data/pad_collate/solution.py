import torch


def pad_collate(batch):
    """A collate_fn for a DataLoader whose items are (sequence, label): a 1-D float tensor of
    any length and an int. Return (padded, lengths, labels): the sequences as a (B, L) float
    tensor, L the longest length, shorter ones padded with zeros at the end; their lengths
    and the labels as int64 tensors of shape (B,)."""
    sequences = [seq for seq, _ in batch]
    lengths = torch.tensor([len(seq) for seq in sequences])
    padded = torch.zeros(len(batch), int(lengths.max()))
    for i, seq in enumerate(sequences):
        padded[i, : len(seq)] = seq
    labels = torch.tensor([label for _, label in batch])
    return padded, lengths, labels


if __name__ == "__main__":
    batch = [(torch.tensor([1.0, 2.0]), 0), (torch.tensor([3.0, 4.0, 5.0]), 1)]
    print(pad_collate(batch))
    #> (tensor([[1., 2., 0.],
    #>         [3., 4., 5.]]), tensor([2, 3]), tensor([0, 1]))
