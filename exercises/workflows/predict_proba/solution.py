import torch


def predict_proba(model, x: torch.Tensor) -> torch.Tensor:
    """The class probabilities (softmax of the logits) a classifier gives the batch x, as at
    test time: a tensor (N, C) that is not part of any graph."""
    model.eval()  # dropout would otherwise change the answer on every call
    with torch.no_grad():  # no graph: nothing to backpropagate through
        return model(x).softmax(dim=1)


if __name__ == "__main__":
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Dropout(0.5))
    probs = predict_proba(model, torch.tensor([[1.0, -1.0]]))
    print(probs.sum().item(), probs.requires_grad)
    #> 1.0 False
