"""Creating tensors and reading their shape (TOPICS T1, T2, T5).

Run it alone: python snippets/tensors/creation.py
"""

# --8<-- [start:tensor]
import numpy as np
import torch

torch.manual_seed(0)  # every random number below is reproducible

# torch.tensor copies the data and infers the dtype from it.
x = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(x)
#> tensor([[1, 2, 3],
#>         [4, 5, 6]])
print(x.dtype)
#> torch.int64

# dtype, device and requires_grad can be set at creation time.
w = torch.tensor([0.5, -1.0], dtype=torch.float64, device="cpu", requires_grad=True)
print(w)
#> tensor([ 0.5000, -1.0000], dtype=torch.float64, requires_grad=True)
# --8<-- [end:tensor]

# --8<-- [start:rank]
# The rank (number of dimensions) is how many indices pick out one element.
scalar = torch.tensor(3.14)  # rank 0: one number, no index
vector = torch.tensor([1.0, 2.0, 3.0])  # rank 1: v[i]
matrix = torch.tensor([[1, 2, 3], [4, 5, 6]])  # rank 2: m[i, j]
image = torch.zeros(3, 28, 28)  # rank 3: channels, height, width
images = torch.zeros(16, 3, 28, 28)  # rank 4: a batch of 16 images
ranks = {"scalar": scalar, "vector": vector, "matrix": matrix, "image": image, "images": images}
for name, value in ranks.items():
    print(f"{name:7} ndim={value.ndim}  shape={tuple(value.shape)}")
    #> scalar  ndim=0  shape=()
    #> vector  ndim=1  shape=(3,)
    #> matrix  ndim=2  shape=(2, 3)
    #> image   ndim=3  shape=(3, 28, 28)
    #> images  ndim=4  shape=(16, 3, 28, 28)

# A scalar has an empty shape; a one-element vector is not a scalar.
print(scalar.shape, torch.tensor([3.14]).shape)
#> torch.Size([]) torch.Size([1])
# --8<-- [end:rank]

# --8<-- [start:factories]
print(torch.zeros(2, 3))
#> tensor([[0., 0., 0.],
#>         [0., 0., 0.]])
print(torch.ones(2, 2, dtype=torch.int32))
#> tensor([[1, 1],
#>         [1, 1]], dtype=torch.int32)
print(torch.eye(3))
#> tensor([[1., 0., 0.],
#>         [0., 1., 0.],
#>         [0., 0., 1.]])
print(torch.full((2, 2), 7.0))
#> tensor([[7., 7.],
#>         [7., 7.]])

# torch.empty only reserves memory: its values are whatever was there before.
# Never read them; fill the tensor first.
e = torch.empty(2, 3)
print(e.shape)
#> torch.Size([2, 3])
e.fill_(1.0)
assert torch.equal(e, torch.ones(2, 3))
# --8<-- [end:factories]

# --8<-- [start:random]
torch.manual_seed(0)
print(torch.rand(2, 2))  # uniform on [0, 1)
#> tensor([[0.4963, 0.7682],
#>         [0.0885, 0.1320]])
print(torch.randn(2, 2))  # standard normal
#> tensor([[-2.1788,  0.5684],
#>         [-1.0845, -1.3986]])
print(torch.normal(mean=10.0, std=0.1, size=(3,)))
#> tensor([10.0403, 10.0838,  9.9281])
print(torch.randint(0, 10, (5,)))  # integers from [0, 10)
#> tensor([6, 9, 1, 4, 4])
# --8<-- [end:random]

# --8<-- [start:ranges]
# arange excludes the end, like Python's range.
print(torch.arange(1, 10, 2))
#> tensor([1, 3, 5, 7, 9])
print(torch.arange(0, 1, 0.25))
#> tensor([0.0000, 0.2500, 0.5000, 0.7500])
# linspace includes both ends and takes a number of points.
print(torch.linspace(0, 1, steps=5))
#> tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
# --8<-- [end:ranges]

# --8<-- [start:like]
base = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
# *_like copies shape, dtype and device from another tensor.
print(torch.zeros_like(base))
#> tensor([[0., 0.],
#>         [0., 0.]])
# new_* keeps dtype and device, but takes a new shape.
print(base.new_ones(3))
#> tensor([1., 1., 1.])
print(torch.randn_like(base).shape)
#> torch.Size([2, 2])
# --8<-- [end:like]

# --8<-- [start:numpy]
a = np.array([1.0, 2.0, 3.0])
shared = torch.from_numpy(a)  # shares memory with the array
copied = torch.tensor(a)  # copies it
a[0] = 100.0
print(shared)
#> tensor([100.,   2.,   3.], dtype=torch.float64)
print(copied)
#> tensor([1., 2., 3.], dtype=torch.float64)
# --8<-- [end:numpy]

# --8<-- [start:legacy]
# torch.Tensor is the class. Called with data it makes the default float type, float32 ...
print(torch.Tensor([1, 2]).dtype, torch.tensor([1, 2]).dtype)
#> torch.float32 torch.int64
# ... but called with sizes it returns *uninitialised* memory, like torch.empty.
# The same trap hides in torch.FloatTensor(2, 3). Prefer torch.zeros(2, 3).
legacy = torch.FloatTensor(2, 3)
print(legacy.shape, legacy.dtype)
#> torch.Size([2, 3]) torch.float32

# The typed legacy constructors fix the dtype in the name and take data or sizes:
print(torch.FloatTensor([1, 2]))  # data: converted to float32
#> tensor([1., 2.])
print(torch.FloatTensor(3).shape, torch.FloatTensor([3]))  # a size, or the value 3
#> torch.Size([3]) tensor([3.])
print(torch.IntTensor([1.7, -2.9]))  # int32, not int64; floats are truncated toward 0
#> tensor([ 1, -2], dtype=torch.int32)
print(torch.CharTensor([65, -3]).dtype)  # "Char" is C's char: 8-bit signed integers
#> torch.int8
# They build CPU tensors only and accept neither dtype= nor another device.
try:
    torch.FloatTensor([1, 2], device="cuda")
except RuntimeError as err:
    print(err)
    #> legacy constructor expects device type: cpu but device type: cuda was passed
# Today: torch.tensor([1, 2], dtype=torch.float32), torch.zeros(2, 3), dtype=torch.int32 / int8.
# --8<-- [end:legacy]

# --8<-- [start:shape]
t = torch.zeros(2, 3, 4)
print(t.shape)
#> torch.Size([2, 3, 4])
print(t.size() == t.shape, t.size(1))
#> True 3
# torch.Size is a tuple: unpack it, index it, compare it with tuples.
batch, rows, cols = t.shape
assert isinstance(t.shape, tuple) and t.shape == (2, 3, 4)
print(t.ndim, t.numel())  # number of dimensions, number of elements
#> 3 24
# --8<-- [end:shape]
