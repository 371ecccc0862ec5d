"""Facts behind docs/*/losses/exercises.md: the page's description of the checker."""

import importlib.util
import sys

import torch

import fieldguide

ROOT = fieldguide.ROOT


def _load_check():
    spec = importlib.util.spec_from_file_location(
        "fg_check_for_losses", ROOT / "exercises/check.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["fg_check_for_losses"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _dtypes_by_run(check, part, seeds=range(6)):
    """{exercise: the set of per-run dtype sequences of its cases}: one entry = never varies."""
    runs = {}
    for ex_id, (_, cases) in check.EXERCISES.items():
        if ex_id.startswith(part + "/"):
            for seed in seeds:
                seq = []
                for case in cases(torch.Generator().manual_seed(seed)):
                    values = [
                        v
                        for x in case.inputs.values()
                        for v in (x if isinstance(x, (list, tuple)) else [x])
                    ]
                    seq.append(
                        tuple(sorted(str(t.dtype) for t in values if isinstance(t, torch.Tensor)))
                    )
                runs.setdefault(ex_id, set()).add(tuple(seq))
    return runs


def test_page_describes_the_checker_as_it_is(capsys):
    check = _load_check()
    # New inputs and shapes every run, but the same dtypes every run: the page says so.
    runs = _dtypes_by_run(check, "losses")
    assert runs and all(len(seqs) == 1 for seqs in runs.values()), runs
    # Its messages are Chinese unless --lang en is given.
    solution = str(ROOT / "exercises/losses/masked_mse/solution.py")
    assert check.main(["losses/masked_mse", solution]) == 0
    assert "全部" in capsys.readouterr().out
    assert check.main(["losses/masked_mse", solution, "--lang", "en"]) == 0
    assert "all" in capsys.readouterr().out
    en = " ".join((ROOT / "docs/en/losses/exercises.md").read_text("utf-8").split())
    zh = "".join((ROOT / "docs/zh/losses/exercises.md").read_text("utf-8").split())
    assert "(in Chinese unless you add `--lang en`)" in en and "--lang zh" not in en
    assert "new random inputs and shapes every time" in en and "dtypes every time" not in en
    assert "随机的输入和形状" in zh and "形状和数据类型" not in zh
