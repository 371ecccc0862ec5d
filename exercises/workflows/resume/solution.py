import torch


def resume(path: str, model, optimizer) -> int:
    """Resume training from the checkpoint at path, a dict saved with torch.save with keys
    "model" and "optimizer" (state dicts) and "epoch" (the last finished epoch). Restore
    both and return the epoch to start from."""
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])  # momentum buffers, step counts
    return checkpoint["epoch"] + 1


if __name__ == "__main__":
    import tempfile

    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 4}
    with tempfile.TemporaryDirectory() as folder:
        torch.save(state, f"{folder}/checkpoint.pt")
        print(resume(f"{folder}/checkpoint.pt", model, optimizer))
    #> 5
