"""Facts behind docs/*/toolbox/pandas.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("toolbox/pandas_glance")


def test_frame_from_tensor(ns):
    df = ns["df"]
    assert df.shape == (8, 3) and df.columns.tolist() == ["height", "weight", "label"]
    assert str(df["height"].dtype) == "float64" and str(df["label"].dtype) == "int64"
    assert df["height"].tolist() == ns["features"][:, 0].tolist()


def test_describe_matches_torch(ns):
    summary, features = ns["summary"], ns["features"]
    assert summary.loc["count", "height"] == 8
    assert summary.loc["mean", "weight"] == pytest.approx(features[:, 1].mean().item())
    # pandas' std is the sample std (n - 1), like torch.std's default.
    assert summary.loc["std", "height"] == pytest.approx(features[:, 0].std().item())


def test_groupby_mean_matches_masked_mean(ns):
    means, features, labels = ns["means"], ns["features"], ns["labels"]
    for label in (0, 1):
        expected = features[labels == label].mean(dim=0)
        assert means.loc[label].tolist() == pytest.approx(expected.tolist())


def test_back_to_tensors(ns):
    assert ns["x"].dtype == torch.float32 and ns["x"].shape == (8, 2)
    assert ns["y"].dtype == torch.int64 and torch.equal(ns["y"], ns["labels"])
    assert ns["both"].dtype == torch.float64 and ns["both"].shape == (8, 3)
    assert not ns["df"]["label"].to_numpy().flags.writeable


def test_dataframe_converts_a_cpu_tensor_itself():
    import pandas as pd

    df = pd.DataFrame(torch.tensor([[1.5, 2.0], [3.0, 4.0]]))
    assert [str(t) for t in df.dtypes] == ["float32", "float32"] and df.iloc[1, 0] == 3.0
    with pytest.raises(RuntimeError, match="requires grad"):
        pd.DataFrame(torch.ones(2, 2, requires_grad=True))
