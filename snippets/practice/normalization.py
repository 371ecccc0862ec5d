"""Normalisation layers: BatchNorm in train and eval mode, its running statistics,
buffers that requires_grad_(False) does not freeze, BatchNorm2d and LayerNorm (TOPICS X5).

Run it alone: python snippets/practice/normalization.py
"""

# --8<-- [start:train_eval]
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(8, 3, dtype=torch.float64) * 2 + 5  # 8 samples, 3 features, mean ~5, std ~2
bn = nn.BatchNorm1d(3).double()

bn.train()
out_train = bn(x)  # normalised with this batch's mean and variance
bn.eval()
out_eval = bn(x)  # normalised with the running estimates
print("train:", [round(v, 4) for v in out_train[0].tolist()])  # the first sample
#> train: [-1.7805, 0.5639, -1.2496]
print("eval: ", [round(v, 4) for v in out_eval[0].tolist()])
#> eval:  [-0.0301, 3.719, 2.0457]
# In train mode each feature of the output has mean 0 and (biased) variance 1 over the batch.
assert torch.allclose(out_train.mean(0), torch.zeros_like(out_train[0]), atol=1e-12)
assert torch.allclose(out_train.var(0, unbiased=False), torch.ones_like(out_train[0]), atol=1e-9)
# --8<-- [end:train_eval]


# --8<-- [start:running_stats]
# After one batch the running mean moved 10 % of the way (momentum=0.1) from 0 to the
# batch mean; the running variance uses the unbiased batch variance.
print([round(v, 4) for v in bn.running_mean.tolist()], bn.num_batches_tracked.item())
#> [0.415, 0.3505, 0.5275] 1
assert torch.allclose(bn.running_mean, 0.1 * x.mean(0))
assert torch.allclose(bn.running_var, 0.9 * 1 + 0.1 * x.var(0))

# In eval mode nothing moves, however many batches go through.
before = bn.running_mean.clone()
for _ in range(5):
    bn(x)
assert torch.equal(bn.running_mean, before) and bn.num_batches_tracked.item() == 1

# In train mode every forward pass updates them: after many batches the running mean
# has reached the data's mean.
bn.train()
for _ in range(100):
    bn(x)
print(torch.allclose(bn.running_mean, x.mean(0), atol=1e-3), bn.num_batches_tracked.item())
#> True 101
# --8<-- [end:running_stats]


# --8<-- [start:frozen]
# requires_grad_(False) stops gradients for weight and bias; the running statistics
# are buffers, not parameters, and a train-mode forward pass still changes them.
frozen = nn.BatchNorm1d(3).double().requires_grad_(False)
print([name for name, p in frozen.named_parameters()], [name for name, b in frozen.named_buffers()])
#> ['weight', 'bias'] ['running_mean', 'running_var', 'num_batches_tracked']
frozen.train()
frozen(x)
print(frozen.running_mean.abs().sum().item() > 0)
#> True
# To really freeze a BatchNorm layer, put it in eval mode as well.
frozen.eval()
before = frozen.running_mean.clone()
frozen(x)
assert torch.equal(frozen.running_mean, before)
# --8<-- [end:frozen]


# --8<-- [start:one_sample]
# Batch statistics need more than one value per channel.
try:
    nn.BatchNorm1d(3).train()(torch.randn(1, 3))
except ValueError as err:
    print(err)
    #> Expected more than 1 value per channel when training, got input size torch.Size([1, 3])

# One image still has H * W values per channel, so BatchNorm2d accepts a batch of one
# (its statistics then come from that single image).
print(nn.BatchNorm2d(3).train()(torch.randn(1, 3, 4, 4)).shape)
#> torch.Size([1, 3, 4, 4])
# --8<-- [end:one_sample]


# --8<-- [start:bn2d]
images = torch.randn(4, 2, 5, 5, dtype=torch.float64)  # N, C, H, W
bn2d = nn.BatchNorm2d(2).double()
out = bn2d(images)
# One mean and variance per channel, over the batch and both spatial dimensions.
print(bn2d.weight.shape, out.mean(dim=(0, 2, 3)).abs().max().item() < 1e-12)
#> torch.Size([2]) True
# --8<-- [end:bn2d]


# --8<-- [start:layernorm]
ln = nn.LayerNorm(3).double()
ln_train = ln.train()(x)
ln_eval = ln.eval()(x)
# Each sample is normalised over its own features: no batch statistics, no running
# buffers, the same output in train and eval mode, and a batch of one is fine.
print(list(ln.state_dict()), torch.equal(ln_train, ln_eval))
#> ['weight', 'bias'] True
print(ln_train.mean(dim=1).abs().max().item() < 1e-12, ln(x[:1]).shape)
#> True torch.Size([1, 3])
# --8<-- [end:layernorm]
