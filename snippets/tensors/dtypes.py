"""Data types: families, defaults, type() vs dtype, conversion, promotion (TOPICS T3).

Run it alone: python snippets/tensors/dtypes.py
"""

# --8<-- [start:families]
import torch

families = {
    "floating": [torch.float16, torch.bfloat16, torch.float32, torch.float64],
    "integer": [torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8],
    "other": [torch.bool, torch.complex64],
}
for family, dtypes in families.items():
    for dtype in dtypes:
        size = torch.empty(0, dtype=dtype).element_size()  # bytes per element
        print(f"{family:9} {str(dtype):15} {size} byte(s)")
        #> floating  torch.float16   2 byte(s)
        #> floating  torch.bfloat16  2 byte(s)
        #> floating  torch.float32   4 byte(s)
        #> floating  torch.float64   8 byte(s)
        #> integer   torch.int8      1 byte(s)
        #> integer   torch.int16     2 byte(s)
        #> integer   torch.int32     4 byte(s)
        #> integer   torch.int64     8 byte(s)
        #> integer   torch.uint8     1 byte(s)
        #> other     torch.bool      1 byte(s)
        #> other     torch.complex64 8 byte(s)

# Short names are aliases of the same objects.
assert torch.float is torch.float32 and torch.double is torch.float64
assert torch.half is torch.float16 and torch.long is torch.int64 and torch.int is torch.int32
# --8<-- [end:families]

# --8<-- [start:ranges]
# float16 and bfloat16 both use 2 bytes, split differently: range vs precision.
for dtype in (torch.float16, torch.bfloat16, torch.float32):
    info = torch.finfo(dtype)
    print(f"{str(dtype):15} max={info.max:.3g}  eps={info.eps:.3g}")
    #> torch.float16   max=6.55e+04  eps=0.000977
    #> torch.bfloat16  max=3.39e+38  eps=0.00781
    #> torch.float32   max=3.4e+38  eps=1.19e-07
print(torch.tensor(70000.0).half(), torch.tensor(70000.0).bfloat16())
#> tensor(inf, dtype=torch.float16) tensor(70144., dtype=torch.bfloat16)

# Integers wrap around silently: uint8 (pixel values) holds 0..255 only.
pixels = torch.tensor([250, 5], dtype=torch.uint8)
print(pixels + 10)
#> tensor([ 4, 15], dtype=torch.uint8)
# --8<-- [end:ranges]

# --8<-- [start:defaults]
print(torch.tensor([1, 2]).dtype, torch.tensor([1.0, 2.0]).dtype)
#> torch.int64 torch.float32
print(torch.tensor([True, False]).dtype, torch.tensor([1 + 2j]).dtype)
#> torch.bool torch.complex64
print(torch.get_default_dtype())  # what float factories such as zeros/rand produce
#> torch.float32
# Mixed Python data takes the most general kind in it.
print(torch.tensor([1, 2.5]).dtype)
#> torch.float32
# --8<-- [end:defaults]

# --8<-- [start:type_vs_dtype]
x = torch.tensor([1, 2])
print(x.dtype)  # a torch.dtype object: compare it, pass it to dtype=
#> torch.int64
print(x.type())  # a string naming the legacy tensor type
#> torch.LongTensor
print(torch.tensor([1.0]).type(), torch.tensor([True]).type())
#> torch.FloatTensor torch.BoolTensor
assert x.dtype == torch.int64 and isinstance(x.type(), str)
# --8<-- [end:type_vs_dtype]

# --8<-- [start:convert]
# Conversion returns a new tensor; the original keeps its dtype.
f = x.to(torch.float32)
print(f, x.float().dtype, x.double().dtype)
#> tensor([1., 2.]) torch.float32 torch.float64
print(torch.tensor([True, False]).long())
#> tensor([1, 0])
# Float to integer truncates toward zero; it does not round.
print(torch.tensor([-1.7, 2.9]).long())
#> tensor([-1,  2])
# Asking for the dtype a tensor already has returns the same tensor, not a copy.
assert x.to(torch.int64) is x and x.long() is x
# --8<-- [end:convert]

# --8<-- [start:promotion]
ints = torch.tensor([1, 2, 3])
floats = torch.tensor([0.5, 0.5, 0.5])
print((ints + floats).dtype)  # int64 + float32 -> float32
#> torch.float32
print((ints * 2.5).dtype, (ints / 2).dtype, (ints // 2).dtype)
#> torch.float32 torch.float32 torch.int64
# A Python number does not widen a tensor of the same kind.
print((torch.ones(2, dtype=torch.float16) * 3.0).dtype)
#> torch.float16
print(torch.promote_types(torch.uint8, torch.int8))  # neither can hold the other
#> torch.int16

# In-place operations cannot change the dtype.
try:
    ints.add_(0.5)
except RuntimeError as err:
    print(err)
    #> result type Float can't be cast to the desired output type Long

# A value too large for the dtype is no error: integers wrap, floats overflow to inf.
small = torch.tensor([100], dtype=torch.int8).add_(100)
half = torch.tensor([1.0], dtype=torch.float16).add_(1e6)
print(small, half)
#> tensor([-56], dtype=torch.int8) tensor([inf], dtype=torch.float16)
# --8<-- [end:promotion]

# --8<-- [start:labels]
torch.manual_seed(0)
logits = torch.randn(4, 3)  # 4 examples, 3 classes
labels = torch.tensor([0, 2, 1, 2])  # class indices: int64
loss_fn = torch.nn.CrossEntropyLoss()
print(round(loss_fn(logits, labels).item(), 4))
#> 0.9357
try:
    loss_fn(logits, labels.float())  # class indices stored as floats
except RuntimeError as err:
    print(err)
    #> expected target dtype to be Long or Byte, but got Float

# Layers hold float32 parameters; integer inputs must be converted first.
layer = torch.nn.Linear(3, 2)
raw = torch.tensor([[1, 2, 3]])  # int64, e.g. straight from a list of ints
try:
    layer(raw)
except RuntimeError as err:
    print(err)
    #> mat1 and mat2 must have the same dtype, but got Long and Float
print(layer(raw.float()).dtype)
#> torch.float32
# --8<-- [end:labels]
