"""Leaving tensor land: item(), tolist(), numpy() and shared memory (TOPICS T12).

Run it alone: python snippets/tensors/numpy_bridge.py
"""

# --8<-- [start:item]
import numpy as np
import torch

loss = torch.tensor(0.25)
value = loss.item()  # a 0-d (or one-element) tensor -> a plain Python number
print(value, type(value).__name__)
#> 0.25 float
print(torch.tensor([7]).item(), type(torch.tensor([7]).item()).__name__)
#> 7 int
# float32 cannot hold 0.1 exactly; item() shows the float32 value as a Python float.
print(torch.tensor(0.1).item())
#> 0.10000000149011612
try:
    torch.tensor([1.0, 2.0]).item()
except RuntimeError as err:
    print(err)
    #> a Tensor with 2 elements cannot be converted to Scalar
# --8<-- [end:item]

# --8<-- [start:tolist]
m = torch.tensor([[1, 2], [3, 4]])
as_list = m.tolist()  # nested Python lists of Python numbers
print(as_list, type(as_list[0][0]).__name__)
#> [[1, 2], [3, 4]] int
print(torch.tensor(5).tolist())  # a 0-d tensor gives a bare number
#> 5
# --8<-- [end:tolist]

# --8<-- [start:to_numpy]
t = torch.ones(3)
arr = t.numpy()  # no copy: the array and the tensor share one block of memory
print(arr, arr.dtype)
#> [1. 1. 1.] float32
t.add_(1)  # in-place on the tensor ...
print(arr)  # ... is visible in the array
#> [2. 2. 2.]
arr[0] = 10  # and the other way round
print(t)
#> tensor([10.,  2.,  2.])
assert np.shares_memory(arr, t.numpy())
# --8<-- [end:to_numpy]

# --8<-- [start:from_numpy]
src = np.array([1.0, 2.0, 3.0])  # NumPy's default float is float64 ...
tt = torch.from_numpy(src)
print(tt.dtype)  # ... and from_numpy keeps it
#> torch.float64
np.multiply(src, 2, out=src)  # in-place on the array (src *= 2 does the same)
tt[2] = -1  # in-place on the tensor
print(src, tt)
#> [ 2.  4. -1.] tensor([ 2.,  4., -1.], dtype=torch.float64)

# Operations that are not in-place build a new object: sharing ends there.
src = src + 100  # a new array; the name src now points at it
tt2 = tt * 1  # a new tensor
tt2[0] = 0
print(src, tt)
#> [102. 104.  99.] tensor([ 2.,  4., -1.], dtype=torch.float64)
f32 = tt.float()  # a dtype change is a copy too
assert not np.shares_memory(f32.numpy(), tt.numpy())
# --8<-- [end:from_numpy]

# --8<-- [start:grad]
w = torch.tensor([1.0, 2.0], requires_grad=True)
try:
    w.numpy()
except RuntimeError as err:
    print(err)
    #> Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.
w_np = w.detach().numpy()  # detach: same memory, no graph
print(w_np)
#> [1. 2.]
assert np.shares_memory(w_np, w.detach().numpy())
# On a GPU, move to the CPU first: w.detach().cpu().numpy() (cpu() does nothing here).
print(w.detach().cpu().numpy())
#> [1. 2.]
# --8<-- [end:grad]

# --8<-- [start:as_tensor]
data = np.array([1.0, 2.0, 3.0], dtype=np.float32)
shared = torch.as_tensor(data)  # dtype and device already fit: shares memory
copied = torch.as_tensor(data, dtype=torch.float64)  # needs conversion: copies
always_copied = torch.tensor(data)  # torch.tensor copies every time
data[0] = 99
print(shared[0].item(), copied[0].item(), always_copied[0].item())
#> 99.0 1.0 1.0
print(torch.as_tensor([1, 2]).dtype)  # from a Python list it makes a new tensor
#> torch.int64
# --8<-- [end:as_tensor]
