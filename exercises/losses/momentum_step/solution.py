import torch


def momentum_step(param, grad, buf, lr: float, momentum: float):
    """One step of SGD with momentum as torch.optim.SGD(lr=lr, momentum=momentum) takes it,
    without changing the inputs. buf is the momentum buffer, None before the first step.
    Return (new_param, new_buf)."""
    new_buf = grad.clone() if buf is None else momentum * buf + grad  # no (1 - momentum)
    return param - lr * new_buf, new_buf


if __name__ == "__main__":
    p, g = torch.tensor([1.0, 1.0]), torch.tensor([0.5, -1.0])
    p, buf = momentum_step(p, g, None, lr=0.1, momentum=0.9)
    print(momentum_step(p, g, buf, lr=0.1, momentum=0.9))
    #> (tensor([0.8550, 1.2900]), tensor([ 0.9500, -1.9000]))
