from torch import nn


def prepare_finetune(model: nn.Module, num_classes: int) -> nn.Module:
    """Prepare a pretrained classifier whose last layer is model.fc for fine-tuning on
    num_classes classes: freeze every parameter, then replace model.fc by a new trainable
    nn.Linear with the same in_features. Return the model."""
    for p in model.parameters():
        p.requires_grad_(False)
    # A new layer's parameters require grad: replace after freezing, not before.
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    return model


if __name__ == "__main__":
    model = nn.Sequential()
    model.body = nn.Linear(4, 6)
    model.fc = nn.Linear(6, 10)
    prepare_finetune(model, num_classes=3)
    print([name for name, p in model.named_parameters() if p.requires_grad])
    #> ['fc.weight', 'fc.bias']
