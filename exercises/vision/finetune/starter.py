from torch import nn


def prepare_finetune(model: nn.Module, num_classes: int) -> nn.Module:
    """Prepare a pretrained classifier whose last layer is model.fc for fine-tuning on
    num_classes classes: freeze every parameter, then replace model.fc by a new trainable
    nn.Linear with the same in_features. Return the model."""
    raise NotImplementedError("write prepare_finetune")
