"""Progress bars with tqdm: wrap a loop, add a postfix, nest bars, print around them (TOPICS N7).

Run it alone: python snippets/toolbox/progress.py  (the bars appear on stderr)
"""

# --8<-- [start:basic]
import contextlib
import io

import torch
from tqdm import tqdm, trange

data = range(100)
total = 0
# Wrapping any iterable draws a bar; the loop itself is unchanged.
for item in tqdm(data, desc="Processing"):
    total += item
print(total)  # the bar went to stderr; only this line is on stdout
#> 4950

# A generator has no len(): pass total= or the bar cannot show a percentage.
squares = (i * i for i in range(5))
print(tqdm(squares, disable=True).total, tqdm(squares, total=5, disable=True).total)
#> None 5
# --8<-- [end:basic]

# --8<-- [start:stderr]
# Where does the bar go? To sys.stderr, as it was when the bar was created.
err, out = io.StringIO(), io.StringIO()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
    for _ in tqdm(range(3), disable=False):
        pass
print(len(out.getvalue()), "characters on stdout")
#> 0 characters on stdout
print(err.getvalue().endswith("\n"), "3/3" in err.getvalue())
#> True True
# --8<-- [end:stderr]

# --8<-- [start:training]
torch.manual_seed(0)
w = torch.zeros(3, requires_grad=True)
x = torch.randn(64, 3)
y = x @ torch.tensor([1.0, -2.0, 0.5])
optimizer = torch.optim.SGD([w], lr=0.1)

history = []
for epoch in trange(3, desc="epoch"):  # trange(n) is tqdm(range(n))
    bar = tqdm(torch.split(torch.arange(64), 16), desc=f"epoch {epoch}", leave=False)
    for idx in bar:  # the inner bar is drawn under the outer one and removed when done
        loss = ((x[idx] @ w - y[idx]) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        bar.set_postfix(loss=f"{loss.item():.3f}")  # shown at the end of the bar
    history.append(round(loss.item(), 3))
print(history)  # the summary, on stdout, after the bars are done
#> [1.045, 0.292, 0.083]
# --8<-- [end:training]

# --8<-- [start:write]
# What a bar looks like, captured in a string. bar_format leaves out the timings,
# which change from run to run.
screen = io.StringIO()
bar = tqdm(
    range(4),
    desc="train",
    file=screen,
    ncols=50,
    ascii=True,
    bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt}{postfix}",
    disable=False,
)
for step in bar:
    bar.set_postfix(loss=1 / (step + 1))
    if step == 1:
        # print() here would break the bar; tqdm.write clears it, writes, redraws it.
        tqdm.write("step 1: checkpoint saved", file=screen)
bar.close()

lines = screen.getvalue().replace("\r", "\n").splitlines()
print([line for line in lines if line.startswith("step")])
#> ['step 1: checkpoint saved']
print(lines[-1])  # the bar's last state
#> train: 100%|######################| 4/4, loss=0.25
# --8<-- [end:write]

# --8<-- [start:disable]
# disable=True turns the bar off (e.g. for non-main processes or quiet runs);
# the loop still yields every item.
verbose = False
quiet = io.StringIO()
with contextlib.redirect_stderr(quiet):
    seen = list(tqdm(range(5), disable=not verbose))
print(seen, repr(quiet.getvalue()))
#> [0, 1, 2, 3, 4] ''
# --8<-- [end:disable]
