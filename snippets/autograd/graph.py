"""What autograd records: requires_grad, grad_fn, next_functions, leaves (TOPICS A1).

Run it alone: python snippets/autograd/graph.py
"""
# figures: graph.png

# --8<-- [start:requires_grad]
import torch

# Data does not need gradients; the parameters we want to learn do.
x = torch.tensor([1.0, 2.0, 3.0])
t = torch.tensor([2.0, 4.0, 6.0])
w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
print(x.requires_grad, w.requires_grad)
#> False True

# A result is tracked as soon as one of its inputs requires a gradient.
y = w * x + b
print(y.requires_grad, (x * 2).requires_grad)
#> True False
# --8<-- [end:requires_grad]

# --8<-- [start:grad_fn]
loss = ((y - t) ** 2).mean()
print(loss)
#> tensor(10.5000, grad_fn=<MeanBackward0>)

# grad_fn is the backward function of the operation that made the tensor.
print(loss.grad_fn.name(), y.grad_fn.name())
#> MeanBackward0 AddBackward0

# Tensors you created yourself are leaves: no grad_fn.
print(w.grad_fn, x.grad_fn)
#> None None
print(w.is_leaf, x.is_leaf, y.is_leaf, loss.is_leaf)
#> True True False False
# --8<-- [end:grad_fn]

# --8<-- [start:next_functions]
# next_functions links each node to the nodes of its inputs:
# (node, output index) pairs; None where an input needs no gradient.
for node, index in y.grad_fn.next_functions:
    print(node.name() if node is not None else None, index)
    #> MulBackward0 0
    #> torch::autograd::AccumulateGrad 0

# The AccumulateGrad node ends a path at a leaf and remembers which tensor.
accumulate_b = y.grad_fn.next_functions[1][0]
assert accumulate_b.variable is b

names = {id(w): "w", id(b): "b"}


def label(node):
    """A short name for a graph node, naming the leaf behind AccumulateGrad."""
    if hasattr(node, "variable"):
        return f"AccumulateGrad ({names[id(node.variable)]})"
    return node.name()


def walk(node, depth=0):
    """Print the graph below ``node``, one indented line per node."""
    print("    " * depth + (label(node) if node is not None else "None (no grad)"))
    if node is not None:
        for child, _ in node.next_functions:
            walk(child, depth + 1)


walk(loss.grad_fn)
#> MeanBackward0
#>     PowBackward0
#>         SubBackward0
#>             AddBackward0
#>                 MulBackward0
#>                     AccumulateGrad (w)
#>                     None (no grad)
#>                 AccumulateGrad (b)
#>             None (no grad)
# --8<-- [end:next_functions]

# --8<-- [start:draw]
import matplotlib.pyplot as plt  # noqa: E402  (only this section draws)


def collect(root):
    """Nodes by depth from the output (breadth first), and the edges between them."""
    levels, edges, seen, frontier = [], [], {root}, [root]
    while frontier:
        levels.append(frontier)
        following = []
        for node in frontier:
            for child, _ in node.next_functions:
                if child is None:
                    continue
                edges.append((node, child))
                if child not in seen:
                    seen.add(child)
                    following.append(child)
        frontier = following
    return levels, edges


levels, edges = collect(loss.grad_fn)
where = {}
for row, nodes in enumerate(levels):
    for col, node in enumerate(nodes):
        where[node] = ((col - (len(nodes) - 1) / 2) * 3.2, -row * 1.4)

fig, ax = plt.subplots(figsize=(6, 7.5))
for parent, child in edges:  # arrows point the way gradients flow
    ax.annotate(
        "",
        xy=where[child],
        xytext=where[parent],
        arrowprops={"arrowstyle": "-|>", "color": "0.35", "shrinkA": 16, "shrinkB": 16},
    )
for node, (px, py) in where.items():
    leaf = hasattr(node, "variable")
    ax.text(
        px,
        py,
        label(node),
        ha="center",
        va="center",
        fontsize=11,
        bbox={"boxstyle": "round,pad=0.5", "fc": "#d7ecff" if leaf else "#fff2cc", "ec": "0.3"},
    )
ax.set_xlim(-4, 4)
ax.set_ylim(-(len(levels) - 1) * 1.4 - 0.8, 0.8)
ax.set_title("loss.grad_fn: the graph backward() walks")
ax.axis("off")
fig.savefig("graph.png", dpi=110, bbox_inches="tight")
plt.close(fig)
print(len(where), "nodes,", len(edges), "edges")
#> 7 nodes, 6 edges
# --8<-- [end:draw]
