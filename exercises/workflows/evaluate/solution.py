import torch


def evaluate(model, loader, loss_fn) -> tuple[float, float]:
    """The mean loss per sample and the accuracy of a classifier over a loader of
    (inputs, targets) batches (the last one may be smaller); loss_fn averages over a batch.
    Evaluate as at test time. Return (loss, accuracy) as Python floats."""
    model.eval()  # dropout off; batch norm uses its running statistics
    total_loss, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for inputs, targets in loader:
            logits = model(inputs)
            total_loss += loss_fn(logits, targets).item() * len(targets)  # a batch's sum
            correct += (logits.argmax(dim=1) == targets).sum().item()
            count += len(targets)
    return total_loss / count, correct / count


if __name__ == "__main__":
    model = torch.nn.Linear(2, 2)
    with torch.no_grad():
        model.weight.copy_(torch.eye(2))
        model.bias.zero_()
    x, y = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 2.0]]), torch.tensor([0, 0, 1])
    loss, acc = evaluate(model, [(x[:2], y[:2]), (x[2:], y[2:])], torch.nn.CrossEntropyLoss())
    print(f"{loss:.4f} {acc:.4f}")
    #> 0.6466 0.6667
