import torch


def pad_collate(batch):
    """A collate_fn for a DataLoader whose items are (sequence, label): a 1-D float tensor of
    any length and an int. Return (padded, lengths, labels): the sequences as a (B, L) float
    tensor, L the longest length, shorter ones padded with zeros at the end; their lengths
    and the labels as int64 tensors of shape (B,)."""
    raise NotImplementedError("write pad_collate")
