import torch


def momentum_step(param, grad, buf, lr: float, momentum: float):
    """One step of SGD with momentum as torch.optim.SGD(lr=lr, momentum=momentum) takes it,
    without changing the inputs. buf is the momentum buffer, None before the first step.
    Return (new_param, new_buf)."""
    raise NotImplementedError("write momentum_step")
