import torch


def cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """What F.cross_entropy(logits, target) computes, written with basic operations:
    logits (N, C) are raw scores, target (N,) holds class indices; the mean over the batch."""
    log_probs = logits - logits.logsumexp(dim=1, keepdim=True)  # log-softmax, stable
    picked = log_probs[torch.arange(len(target)), target]  # each row's true class
    return -picked.mean()


if __name__ == "__main__":
    logits = torch.tensor([[2.0, 0.0, -1.0], [0.0, 0.0, 0.0]])
    print(cross_entropy(logits, torch.tensor([0, 2])))
    #> tensor(0.6342)
