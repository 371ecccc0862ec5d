"""pandas at a glance: a DataFrame from a tensor and back (TOPICS N3).

Run it alone: python snippets/toolbox/pandas_glance.py
The file is not called pandas.py on purpose: it would shadow the real pandas.
"""

# --8<-- [start:frame]
import pandas as pd
import torch

torch.manual_seed(0)
# float64, pandas' own float type: float32 values such as 38.7 would print as 38.700001.
features = torch.round(torch.randn(8, 2, dtype=torch.float64) * 10 + 50, decimals=1)
labels = torch.tensor([0, 1, 0, 1, 1, 0, 1, 0])

# A DataFrame wants NumPy arrays (or lists): .numpy() is the bridge from a CPU tensor.
df = pd.DataFrame(features.numpy(), columns=["height", "weight"])
df["label"] = labels.numpy()
print(df.shape)
#> (8, 3)
print(df.head(3))  # the first rows (5 by default)
#>    height  weight  label
#> 0    26.9    46.3      0
#> 1    39.4    60.0      1
#> 2    41.2    37.2      0
print(df.dtypes)
#> height    float64
#> weight    float64
#> label       int64
#> dtype: object
# --8<-- [end:frame]

# --8<-- [start:describe]
# describe() summarises every numeric column; round it to keep the table readable.
summary = df[["height", "weight"]].describe()
print(summary.round(2))
#>        height  weight
#> count    8.00    8.00
#> mean    44.20   51.41
#> std     10.71   12.76
#> min     26.90   37.20
#> 25%     38.80   40.40
#> 50%     42.50   49.85
#> 75%     51.32   61.30
#> max     61.40   70.20
print(summary.loc["mean"].round(2).to_dict())
#> {'height': 44.2, 'weight': 51.41}
# --8<-- [end:describe]

# --8<-- [start:select]
print(type(df["height"]).__name__, df["height"].shape)  # one name -> a Series
#> Series (8,)
print(type(df[["height", "label"]]).__name__)  # a list of names -> a DataFrame
#> DataFrame
print(df.columns.tolist())
#> ['height', 'weight', 'label']

# Rows: by a boolean condition, by label with .loc, by position with .iloc.
tall = df[df["height"] > 50]
print(len(tall))
#> 3
print(df.loc[2, "weight"], df.iloc[2, 1])
#> 37.2 37.2
# --8<-- [end:select]

# --8<-- [start:groupby]
# Split by label, average each group, combine into one table indexed by label.
means = df.groupby("label").mean()
print(means.round(2))
#>        height  weight
#> label
#> 0        43.0   51.78
#> 1        45.4   51.05
print(df["label"].value_counts().sort_index().to_dict())
#> {0: 4, 1: 4}
# --8<-- [end:groupby]

# --8<-- [start:to_tensor]
# Back to a tensor: pick the columns, then convert. Name the dtype the model wants.
x = torch.tensor(df[["height", "weight"]].values, dtype=torch.float32)  # copies
print(x.shape, x.dtype)
#> torch.Size([8, 2]) torch.float32
assert torch.equal(x, features.float())

# from_numpy shares memory instead of copying, and keeps NumPy's dtype (int64 here).
# pandas 3 hands out read-only views of its data, and torch warns about those:
print(df["label"].to_numpy().flags.writeable)
#> False
# so ask pandas for a private copy first.
y = torch.from_numpy(df["label"].to_numpy(copy=True))
print(y.dtype, y[:4])
#> torch.int64 tensor([0, 1, 0, 1])

# The whole frame: the columns are brought to one common dtype, float64.
both = torch.from_numpy(df.to_numpy(copy=True))
print(both.dtype, both.shape)
#> torch.float64 torch.Size([8, 3])

# A text column makes an object array, which torch cannot convert.
named = df.assign(name=list("abcdefgh"))
try:
    torch.from_numpy(named.to_numpy())
except TypeError as err:
    print(str(err).split(". ")[0])
    #> can't convert np.ndarray of type numpy.object_
# --8<-- [end:to_tensor]
