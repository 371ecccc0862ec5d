"""Export for inference: torch.export (save, load, run) and ONNX checked against onnxruntime (TOPICS Y5).

Run it alone: python snippets/deploy/export.py   (it writes classifier.pt2 and
classifier.onnx in the current directory)
"""

# --8<-- [start:export]
import time

import numpy as np
import onnxruntime as ort
import torch
from torch import nn
from torch.export import Dim


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))

    def forward(self, x):
        return torch.softmax(self.body(x), dim=-1)


torch.manual_seed(0)
model = Classifier().eval()
example = torch.randn(4, 8)

# The batch size may change from call to call; every other size is fixed.
batch = Dim("batch")
start = time.perf_counter()
exported = torch.export.export(model, (example,), dynamic_shapes={"x": {0: batch}})
export_s = time.perf_counter() - start
# varies: the time depends on the CPU and its load
print(f"torch.export took {export_s:.2f} s")
#~ torch.export took 8.38 s
print([str(node.target) for node in exported.graph.nodes if node.op == "call_function"])
#> ['aten.linear.default', 'aten.relu.default', 'aten.linear.default', 'aten.softmax.int']
# --8<-- [end:export]

# --8<-- [start:save_load]
torch.export.save(exported, "classifier.pt2")
loaded = torch.export.load("classifier.pt2")  # no Python class needed to load it
runnable = loaded.module()  # an nn.Module that runs the exported graph

x = torch.randn(7, 8)  # another batch size: allowed by Dim("batch")
with torch.no_grad():
    expected = model(x)
print(runnable(x).shape, torch.equal(runnable(x), expected))
#> torch.Size([7, 3]) True
# --8<-- [end:save_load]

# --8<-- [start:static]
# Without dynamic_shapes every size is fixed to the example's, and a guard checks it.
fixed = torch.export.export(model, (example,)).module()
try:
    fixed(x)
except AssertionError as err:
    print(str(err).splitlines()[0])
#> Guard failed: x.size()[0] == 4
# --8<-- [end:static]

# --8<-- [start:onnx]
start = time.perf_counter()
onnx_program = torch.onnx.export(
    model, (example,), dynamo=True, dynamic_shapes={"x": {0: batch}}, verbose=False
)
onnx_s = time.perf_counter() - start
onnx_program.save("classifier.onnx")
# varies: the time depends on the CPU and its load
print(f"ONNX export took {onnx_s:.2f} s")
#~ ONNX export took 9.92 s
# --8<-- [end:onnx]

# --8<-- [start:onnxruntime]
session = ort.InferenceSession("classifier.onnx", providers=["CPUExecutionProvider"])
inputs = session.get_inputs()
print([(i.name, i.shape, i.type) for i in inputs])
#> [('x', ['batch', 8], 'tensor(float)')]
# onnxruntime takes and returns NumPy arrays, keyed by the graph's input names.
(result,) = session.run(None, {"x": x.numpy()})
difference = np.abs(result - expected.numpy()).max()
# varies: onnxruntime and PyTorch use different kernels; only the tolerance is guaranteed
print(f"max abs difference {difference:.1e}")
#~ max abs difference 3.0e-08
np.testing.assert_allclose(result, expected.numpy(), rtol=1e-5, atol=1e-6)
# --8<-- [end:onnxruntime]
