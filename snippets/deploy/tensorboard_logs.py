"""Logging with TensorBoard: SummaryWriter writes scalars and an image, and we read them back (TOPICS Y3).

Run it alone: python snippets/deploy/tensorboard_logs.py   (it logs into a temporary folder and
writes tensorboard_loss.png in the current directory)
"""

# figures: tensorboard_loss.png

# --8<-- [start:write]
import io
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
from PIL import Image
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from torch import nn
from torch.utils.tensorboard import SummaryWriter

# A real project logs to runs/<experiment>; here a temporary folder keeps things tidy.
log_dir = Path(tempfile.mkdtemp(prefix="runs-")) / "linear"
writer = SummaryWriter(log_dir=log_dir)

torch.manual_seed(0)
inputs = torch.linspace(-1, 1, 64).unsqueeze(1)
targets = 2 * inputs + 0.1 * torch.randn(64, 1)
model = nn.Linear(1, 1, bias=False)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
logged = []
for step in range(20):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(inputs), targets)
    loss.backward()
    optimizer.step()
    # A tag is a name; the part before "/" groups charts into sections in the web page.
    writer.add_scalar("loss/train", loss.item(), global_step=step)
    writer.add_scalar("weight", model.weight.item(), global_step=step)
    logged.append(loss.item())

# Images are (channels, height, width); uint8 values are stored as they are.
picture = torch.zeros(3, 16, 32, dtype=torch.uint8)
picture[0] = torch.arange(32, dtype=torch.uint8) * 8  # red grows left to right
picture[2, 8:] = 255  # the lower half is blue
writer.add_image("picture", picture, global_step=0)
writer.close()  # flushes the event file to disk
print(sorted(path.name.split(".")[0] for path in log_dir.iterdir()))
#> ['events']
# --8<-- [end:write]

# --8<-- [start:read]
# size_guidance 0 means "keep every event" (by default it samples long runs).
events = EventAccumulator(str(log_dir), size_guidance={"scalars": 0, "images": 0})
events.Reload()
print(events.Tags()["scalars"], events.Tags()["images"])
#> ['loss/train', 'weight'] ['picture']
losses = events.Scalars("loss/train")
print(len(losses), losses[0].step, losses[-1].step)
#> 20 0 19
print(f"{losses[0].value:.4f} -> {losses[-1].value:.4f}")
#> 0.7654 -> 0.0106
# --8<-- [end:read]

# --8<-- [start:image]
stored = events.Images("picture")[0]
print(stored.width, stored.height)
#> 32 16
# The image is stored as PNG: lossless, so we get back exactly the pixels we logged.
decoded = np.array(Image.open(io.BytesIO(stored.encoded_image_string)))
print(decoded.shape, np.array_equal(decoded, picture.permute(1, 2, 0).numpy()))
#> (16, 32, 3) True
# --8<-- [end:image]

# --8<-- [start:plot]
# What TensorBoard's "Scalars" tab draws, redrawn from the read-back events.
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot([e.step for e in losses], [e.value for e in losses], marker="o", markersize=3)
ax.set_xlabel("step")
ax.set_ylabel("loss/train")
ax.set_yscale("log")
fig.savefig("tensorboard_loss.png", dpi=100, bbox_inches="tight")
plt.close(fig)
# --8<-- [end:plot]
