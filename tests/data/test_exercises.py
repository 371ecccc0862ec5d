"""Facts behind docs/*/data/exercises.md: its reference solutions on the edge cases the task
text covers, and the page's description of the checker."""

import importlib.util
import sys

import torch

import fieldguide

ROOT = fieldguide.ROOT


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_window_dataset_of_a_short_series_is_empty():
    # "Every window with a value after it is an item": none when the series is too short,
    # so len() is 0 (a negative __len__ makes len() raise ValueError).
    solution = _load("exercises/data/window_dataset/solution.py", "fg_window_solution")
    for n, window in [(3, 3), (2, 3), (0, 1)]:
        data = solution.WindowDataset(torch.arange(float(n)), window)
        assert len(data) == 0 and list(torch.utils.data.DataLoader(data)) == []
    assert len(solution.WindowDataset(torch.arange(5.0), 3)) == 2


def _input_dtypes(check, part, seeds=range(6)):
    """{(exercise, input name): the set of dtypes its tensors took over several seeds}."""
    seen = {}
    for ex_id, (_, cases) in check.EXERCISES.items():
        if not ex_id.startswith(part + "/"):
            continue
        for seed in seeds:
            for case in cases(torch.Generator().manual_seed(seed)):
                for name, value in case.inputs.items():
                    values = value if isinstance(value, list) else [value]
                    for v in values:
                        for t in v if isinstance(v, tuple) else (v,):
                            if isinstance(t, torch.Tensor):
                                seen.setdefault((ex_id, name), set()).add(t.dtype)
    return seen


def test_page_describes_the_checker_as_it_is(capsys):
    check = _load("exercises/check.py", "fg_check_for_data_page")
    # New shapes every run, but never a new dtype in this part: the page says inputs and shapes.
    seen = _input_dtypes(check, "data")
    assert seen and all(len(dtypes) == 1 for dtypes in seen.values()), seen
    # Its messages are Chinese unless --lang en is given.
    solution = str(ROOT / "exercises/data/num_batches/solution.py")
    assert check.main(["data/num_batches", solution]) == 0
    assert "全部" in capsys.readouterr().out
    assert check.main(["data/num_batches", solution, "--lang", "en"]) == 0
    assert "all" in capsys.readouterr().out
    en = " ".join((ROOT / "docs/en/data/exercises.md").read_text("utf-8").split())
    zh = "".join((ROOT / "docs/zh/data/exercises.md").read_text("utf-8").split())
    assert "in Chinese unless you add `--lang en`" in en and "--lang zh" not in en
    assert "new random inputs and shapes" in en and "dtypes every time" not in en
    assert "随机的输入和形状" in zh and "形状和数据类型" not in zh
