"""Every exercise: the reference solution passes the checker, the untouched starter fails,
and each planted mistake (a typical learner's error) fails with a report naming its case.
The checker runs in-process here; two subprocess runs prove the command line."""

import importlib.util
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import torch

import fieldguide
from fieldguide import exercises
from fieldguide.rules import anchors

ROOT = fieldguide.ROOT
FOLDER = ROOT / "exercises"


def _checker():
    spec = importlib.util.spec_from_file_location("fieldguide_exercise_check", FOLDER / "check.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


CHECK = _checker()
IDS = list(CHECK.EXERCISES)
CASE_RE = re.compile(r"case (\d+) of (\d+) failed")

# (exercise, what the mistake is, text of the solution, what a learner writes instead)
PLANTED = [
    (
        "tensors/checkerboard",
        "float",
        "return (rows + cols) % 2",
        "return ((rows + cols) % 2).float()",
    ),
    (
        "tensors/to_unit_float",
        "no_scaling",
        "images.to(torch.float32) / 255",
        "images.to(torch.float32)",
    ),
    ("tensors/to_unit_float", "floor_division", "images.to(torch.float32) / 255", "images // 255"),
    (
        "tensors/shares_storage",
        "data_ptr",
        "a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()",
        "a.data_ptr() == b.data_ptr()",
    ),
    (
        "tensors/to_tokens",
        "view_after_transpose",
        "x.flatten(2).transpose(1, 2)",
        "x.transpose(1, 3).view(x.shape[0], -1, x.shape[1])",
    ),
    (
        "tensors/to_tokens",
        "reshape_without_moving",
        "x.flatten(2).transpose(1, 2)",
        "x.reshape(x.shape[0], -1, x.shape[1])",
    ),
    (
        "tensors/pairwise_sq_dists",
        "no_broadcast",
        "diff = a.unsqueeze(1) - b.unsqueeze(0)",
        "diff = a - b",
    ),
    ("tensors/batched_matvec", "squeeze_all", ".squeeze(-1)", ".squeeze()"),
    (
        "tensors/batched_matvec",
        "sum_wrong_dim",
        "(a @ x.unsqueeze(-1)).squeeze(-1)",
        "(a * x.unsqueeze(1)).sum(dim=1)",
    ),
    (
        "tensors/interleave",
        "stack_dim0",
        "torch.stack([a, b], dim=1)",
        "torch.stack([a, b], dim=0)",
    ),
    (
        "tensors/replace_negatives",
        "in_place",
        "return torch.where(x < 0, torch.tensor(value, dtype=x.dtype), x)",
        "x[x < 0] = value\n    return x",
    ),
    (
        "tensors/replace_negatives",
        "python_float_promotes",
        "torch.tensor(value, dtype=x.dtype)",
        "value",
    ),
    ("tensors/pick_per_row", "column_slice", "scores[rows, index]", "scores[:, index]"),
    (
        "tensors/column_means",
        "tensors_not_floats",
        "t.double().mean(dim=0).tolist()",
        "list(t.double().mean(dim=0))",
    ),
    ("tensors/column_means", "dim1", "mean(dim=0)", "mean(dim=1)"),
    (
        "autograd/gradient",
        "requires_grad_on_input",
        "x = x.detach().clone().requires_grad_(True)",
        "x.requires_grad_(True)",
    ),
    (
        "autograd/separate_grads",
        "no_zero_grad",
        "        w.grad = None  # backward() adds",
        "        # backward() adds",
    ),
    ("autograd/sgd_step", "no_no_grad", "    with torch.no_grad():", "    if True:"),
    ("autograd/sgd_step", "rebinding", "p -= lr * p.grad", "p = p - lr * p.grad"),
    ("autograd/mse_grads", "sum_not_mean", "2 / n * (x.T @ residual)", "2 * (x.T @ residual)"),
    ("autograd/accumulated_grad", "unscaled", "(loss / chunks).backward()", "loss.backward()"),
    ("nn/linear", "weight_not_transposed", "x @ weight.T", "x @ weight"),
    ("nn/softmax", "overflow", "shifted = x - x.amax(dim=dim, keepdim=True)", "shifted = x"),
    (
        "nn/build_mlp",
        "relu_after_last",
        "        if i > 0:\n            layers.append(nn.ReLU())\n"
        "        layers.append(nn.Linear(n_in, n_out))",
        "        layers.append(nn.Linear(n_in, n_out))\n        layers.append(nn.ReLU())",
    ),
    ("nn/count_parameters", "counts_tensors", "sum(p.numel() for p", "sum(1 for p"),
    (
        "nn/count_parameters",
        "ignores_trainable_only",
        " if p.requires_grad or not trainable_only",
        "",
    ),
    (
        "nn/flat_features",
        "only_32x32",
        "return 16 * after(height) * after(width)",
        "return 16 * 5 * 5",
    ),
    ("conv/cross_correlate", "flipped_kernel", "* kernel).sum()", "* kernel.flip(0, 1)).sum()"),
    (
        "conv/conv_out_size",
        "no_dilation",
        "span = dilation * (kernel_size - 1) + 1",
        "span = kernel_size",
    ),
    (
        "conv/same_conv",
        "padding_ignores_dilation",
        "padding = dilation * (kernel_size - 1) // 2",
        "padding = kernel_size // 2",
    ),
    ("conv/depthwise_separable", "no_groups", ", groups=in_channels)", ")"),
    ("conv/conv_params", "ignores_groups", "(in_channels // groups)", "in_channels"),
    (
        "losses/cross_entropy",
        "double_softmax",
        "logits - logits.logsumexp(dim=1, keepdim=True)",
        "logits.softmax(dim=1) - logits.softmax(dim=1).logsumexp(dim=1, keepdim=True)",
    ),
    (
        "losses/cross_entropy",
        "log_of_softmax",
        "logits - logits.logsumexp(dim=1, keepdim=True)",
        "logits.softmax(dim=1).log()",
    ),
    ("losses/cross_entropy", "sum_not_mean", "-picked.mean()", "-picked.sum()"),
    ("losses/masked_mse", "mean_over_all", "squared[mask].mean()", "(squared * mask).mean()"),
    (
        "losses/train",
        "no_zero_grad",
        "        optimizer.zero_grad()  # otherwise",
        "        # otherwise",
    ),
    (
        "losses/momentum_step",
        "dampened",
        "momentum * buf + grad",
        "momentum * buf + (1 - momentum) * grad",
    ),
    (
        "data/window_dataset",
        "off_by_one",
        "return len(self.series) - self.window",
        "return len(self.series) - self.window + 1",
    ),
    (
        "data/label_counts",
        "no_minlength",
        "torch.bincount(labels, minlength=num_classes)",
        "torch.bincount(labels)",
    ),
    (
        "data/pad_collate",
        "pads_in_front",
        "padded[i, : len(seq)] = seq",
        "padded[i, padded.shape[1] - len(seq) :] = seq",
    ),
    ("data/num_batches", "ignores_drop_last", "    if drop_last:\n", "    if False:\n"),
    ("data/parse_idx", "little_endian", '">I"', '"<I"'),
    ("data/parse_idx", "label_offset", "raw[16:]", "raw[8:]"),
    (
        "vision/to_chw_float",
        "reshape_not_permute",
        "image.permute(2, 0, 1)",
        "image.reshape(image.shape[2], image.shape[0], image.shape[1])",
    ),
    ("vision/hflip", "flip_dim2", "images.flip(-1)", "images.flip(2)"),
    (
        "vision/normalize",
        "mean_along_width",
        "m = torch.tensor(mean, dtype=x.dtype).view(-1, 1, 1)",
        "m = torch.tensor(mean, dtype=x.dtype)",
    ),
    ("vision/normalize", "in_place", "return (x - m) / s", "return x.sub_(m).div_(s)"),
    ("vision/channel_mean_std", "unweighted_batches", "count += pixels.shape[1]", "count += 1"),
    ("vision/tile", "no_permute", ".permute(2, 0, 3, 1, 4)", ""),
    (
        "vision/finetune",
        "replaced_before_freezing",
        "    for p in model.parameters():\n        p.requires_grad_(False)\n    # A new",
        "    model.fc = nn.Linear(model.fc.in_features, num_classes)\n"
        "    for p in model.parameters():\n        p.requires_grad_(False)\n"
        "    return model\n    # A new",
    ),
    ("workflows/fit_linear", "no_zero_grad", "        optimizer.zero_grad()\n", ""),
    ("workflows/accuracy", "argmax_dim0", "logits.argmax(dim=1)", "logits.argmax(dim=0)"),
    ("workflows/evaluate", "no_eval", "    model.eval()  # dropout off", "    # dropout off"),
    ("workflows/evaluate", "batch_means", ".item() * len(targets)", ".item()"),
    ("workflows/predict_proba", "no_eval", "    model.eval()  # dropout", "    # dropout"),
    ("workflows/predict_proba", "no_no_grad", "    with torch.no_grad():", "    if True:"),
    ("workflows/strip_prefix", "lstrip", "key.removeprefix(prefix)", "key.lstrip(prefix)"),
    ("workflows/strip_prefix", "replace", "key.removeprefix(prefix)", 'key.replace(prefix, "")'),
    (
        "workflows/resume",
        "no_optimizer_state",
        '    optimizer.load_state_dict(checkpoint["optimizer"])',
        "    pass",
    ),
]

# Right, but written differently from the reference: the checker must accept them.
ALTERNATIVES = [
    (
        "tensors/to_tokens",
        "x.flatten(2).transpose(1, 2)",
        "x.permute(0, 2, 3, 1).reshape(x.shape[0], -1, x.shape[1])",
    ),
    ("tensors/pairwise_sq_dists", "return (diff**2).sum(dim=-1)", "return torch.cdist(a, b) ** 2"),
    ("conv/same_conv", "padding=padding,", 'padding="same",'),
    ("data/num_batches", "(n + batch_size - 1) // batch_size", "-(-n // batch_size)"),
    (
        "workflows/strip_prefix",
        "key.removeprefix(prefix)",
        "key[len(prefix) :] if key.startswith(prefix) else key",
    ),
]


def run(exercise, path, lang="en", seed=0):
    return CHECK.check(exercise, path, lang, seed)


def test_catalog_lists_every_exercise_once():
    entries = exercises.catalog(ROOT)
    assert [e["id"] for e in entries] == IDS
    folders = sorted(
        p.parent.relative_to(FOLDER).as_posix() for p in FOLDER.glob("*/*/solution.py")
    )
    assert sorted(IDS) == folders
    for e in entries:
        assert tuple(e) == exercises.KEYS, e["id"]
        assert e["id"] == f"{e['part']}/{e['anchor']}" and e["page"] == f"{e['part']}/exercises.md"
        for lang in ("zh", "en"):
            assert (ROOT / "docs" / lang / e["topic"]).is_file(), (e["id"], e["topic"])
            page = ROOT / "docs" / lang / e["page"]
            assert e["anchor"] in anchors(page), (e["id"], page)
        assert re.search("[\u4e00-\u9fff]", e["title_zh"]), e["id"]


@pytest.mark.parametrize("exercise", IDS)
def test_reference_passes_and_starter_fails(exercise, tmp_path):
    solution = FOLDER / exercise / "solution.py"
    for seed in (0, 1):
        passed, report = run(exercise, solution, seed=seed)
        assert passed, report
    starter = FOLDER / exercise / "starter.py"
    passed, report = run(exercise, starter)
    assert not passed
    assert "case 1 of" in report and "NotImplementedError" in report, report
    assert starter.read_text("utf-8") == exercises.starter_from_solution(
        solution.read_text("utf-8")
    ), (
        f"{starter} no longer matches its solution's signature and docstring; "
        "rewrite it: python -m fieldguide starters"
    )


@pytest.mark.parametrize(
    ("exercise", "mistake", "old", "new"), PLANTED, ids=[f"{p[0]}:{p[1]}" for p in PLANTED]
)
def test_planted_mistake_fails_naming_its_case(exercise, mistake, old, new, tmp_path):
    text = (FOLDER / exercise / "solution.py").read_text("utf-8")
    assert old in text, f"the solution of {exercise} changed; update the planted mistake"
    wrong = tmp_path / f"wrong_{mistake}.py"
    wrong.write_text(text.replace(old, new), "utf-8")
    passed, report = run(exercise, wrong)
    assert not passed, f"{exercise}: the mistake {mistake!r} passes the checker"
    assert CASE_RE.search(report), report
    assert "input:" in report and "expected:" in report and "yours:" in report, report


def test_every_exercise_has_a_planted_mistake():
    assert sorted({p[0] for p in PLANTED}) == sorted(IDS)


@pytest.mark.parametrize(("exercise", "old", "new"), ALTERNATIVES, ids=[a[0] for a in ALTERNATIVES])
def test_a_different_correct_solution_passes(exercise, old, new, tmp_path):
    text = (FOLDER / exercise / "solution.py").read_text("utf-8")
    assert old in text
    other = tmp_path / "mine.py"
    other.write_text(text.replace(old, new), "utf-8")
    passed, report = run(exercise, other, seed=3)
    assert passed, report


def test_fresh_inputs_each_run():
    """Without --seed the inputs are new each time: two runs of a starter report different
    inputs (a solution cannot memorise them)."""
    starter = FOLDER / "tensors/pairwise_sq_dists/starter.py"
    reports = {CHECK.check("tensors/pairwise_sq_dists", starter, "en")[1] for _ in range(3)}
    assert len(reports) > 1


def test_report_in_both_languages(tmp_path):
    wrong = tmp_path / "wrong.py"
    text = (FOLDER / "workflows/accuracy/solution.py").read_text("utf-8")
    wrong.write_text(text.replace("argmax(dim=1)", "argmax(dim=0)"), "utf-8")
    _, zh = run("workflows/accuracy", wrong, lang="zh")
    _, en = run("workflows/accuracy", wrong, lang="en")
    assert re.search(r"✗ workflows/accuracy：第 \d+ 个用例（共 4 个）没有通过。", zh), zh
    for word in ("输入：", "期望结果：", "你的结果：", "问题：", "--seed 0"):
        assert word in zh, (word, zh)
    assert re.search(r"✗ workflows/accuracy: case \d+ of 4 failed\.", en), en
    for word in ("input:", "expected:", "yours:", "problem: ", "--seed 0"):
        assert word in en, (word, en)
    assert "logits = tensor(" in en and "target = tensor(" in en


def test_usage_errors_are_one_line_and_exit_2(tmp_path, capsys):
    assert CHECK.main(["tensors/nope", str(FOLDER / "check.py")]) == 2
    assert CHECK.main(["tensors/checkerboard", str(tmp_path / "missing.py"), "--lang", "en"]) == 2
    assert CHECK.main(["tensors/checkerboard"]) == 2
    assert CHECK.main(["--lang", "fr", "x", "y"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "没有名为 'tensors/nope' 的练习；用 --list 查看全部练习"
    assert err[1] == f"no such file: {tmp_path / 'missing.py'}"
    assert err[2].startswith("用法：python check.py") and err[3].startswith("用法：")
    assert len(err) == 4


def test_a_file_without_the_function(tmp_path):
    mine = tmp_path / "mine.py"
    mine.write_text("def something_else():\n    pass\n", "utf-8")
    passed, report = run("tensors/checkerboard", mine)
    assert (
        not passed
        and report == f"✗ {mine} defines no checkerboard: keep the name the starter file gives it"
    )
    mine.write_text("import torch\n\n1 / 0\n", "utf-8")
    passed, report = run("tensors/checkerboard", mine, lang="zh")
    assert not passed and "ZeroDivisionError: division by zero (line 3)" in report


def test_command_line(tmp_path):
    """The checker as a learner runs it: nothing but Python and torch, from another folder."""
    solution = FOLDER / "nn/linear/solution.py"
    ok = subprocess.run(
        [sys.executable, str(FOLDER / "check.py"), "nn/linear", str(solution)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert (ok.returncode, ok.stdout.strip()) == (0, "✓ nn/linear：全部 4 个用例都通过了。"), (
        ok.stderr
    )
    wrong = tmp_path / "mine.py"
    wrong.write_text(solution.read_text("utf-8").replace("weight.T", "weight"), "utf-8")
    bad = subprocess.run(
        [
            sys.executable,
            str(FOLDER / "check.py"),
            "nn/linear",
            "mine.py",
            "--lang",
            "en",
            "--seed",
            "5",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert bad.returncode == 1, bad.stderr
    assert bad.stdout.startswith("✗ nn/linear: case 1 of 4 failed."), bad.stdout
    assert "problem: the call raised RuntimeError" in bad.stdout


def _dtypes(inputs: dict) -> tuple[str, ...]:
    """The dtypes of the tensors among a case's inputs (in lists and tuples too)."""
    found = set()
    for value in inputs.values():
        for item in value if isinstance(value, list | tuple) else [value]:
            for t in item if isinstance(item, tuple) else (item,):
                if isinstance(t, torch.Tensor):
                    found.add(str(t.dtype))
    return tuple(sorted(found))


def _dtypes_per_run(part: str, seeds=range(6)) -> dict[str, set[tuple]]:
    """{exercise of ``part``: its cases' input dtypes, one tuple of cases per seed}."""
    runs: dict[str, set[tuple]] = {}
    for ex_id, (_, cases) in CHECK.EXERCISES.items():
        if not ex_id.startswith(part + "/"):
            continue
        for seed in seeds:
            with tempfile.TemporaryDirectory() as scratch:  # a case may write a checkpoint
                CHECK.SCRATCH.append(Path(scratch))
                try:
                    made = list(cases(torch.Generator().manual_seed(seed)))
                finally:
                    CHECK.SCRATCH.pop()
            runs.setdefault(ex_id, set()).add(tuple(_dtypes(case.inputs) for case in made))
    return runs


@pytest.mark.parametrize("part", sorted({ex_id.partition("/")[0] for ex_id in IDS}))
def test_exercises_page_describes_the_checker_as_it_is(part):
    """The page's paragraph on the checker: new inputs and shapes every run, the same dtypes
    every run (a part whose exercises try several dtypes says so), Chinese unless --lang en."""
    runs = _dtypes_per_run(part)
    assert runs and all(len(seen) == 1 for seen in runs.values()), runs
    # An exercise tries several dtypes when its cases' inputs differ in dtype.
    several = any(len(set(next(iter(seen)))) > 1 for seen in runs.values())
    intro = {  # the page up to its first exercise
        lang: (ROOT / f"docs/{lang}/{part}/exercises.md").read_text("utf-8").split("\n## ")[0]
        for lang in ("en", "zh")
    }
    en, zh = " ".join(intro["en"].split()), "".join(intro["zh"].split())
    assert "(in Chinese unless you add `--lang en`)" in en and "--lang zh" not in en
    assert "（加上`--langen`输出英文）" in zh
    assert "new random inputs and shapes every time" in en and "dtypes every time" not in en
    assert "随机的输入和形状" in zh and "形状和数据类型" not in zh
    assert ("more than one dtype in each run" in en) == several, part
    assert ("用几种数据类型各试一遍" in zh) == several, part


def test_the_checker_speaks_chinese_unless_asked_for_english(capsys):
    solution = str(FOLDER / "data/num_batches/solution.py")
    assert CHECK.main(["data/num_batches", solution]) == 0
    assert "全部" in capsys.readouterr().out
    assert CHECK.main(["data/num_batches", solution, "--lang", "en"]) == 0
    assert "all" in capsys.readouterr().out


# ------------------------------------------------ reference solutions on their edge cases


def solution(exercise: str, name: str):
    """``name`` from the reference solution of ``exercise``, loaded as the checker loads a
    learner's file."""
    return CHECK.load(FOLDER / exercise / "solution.py", name)


def test_window_dataset_of_a_short_series_is_empty():
    # "Every window with a value after it is an item": none when the series is too short,
    # so len() is 0 (a negative __len__ makes len() raise ValueError).
    window_dataset = solution("data/window_dataset", "WindowDataset")
    for n, window in [(3, 3), (2, 3), (0, 1)]:
        data = window_dataset(torch.arange(float(n)), window)
        assert len(data) == 0 and list(torch.utils.data.DataLoader(data)) == []
    assert len(window_dataset(torch.arange(5.0), 3)) == 2


def test_channel_mean_std_of_a_constant_channel_is_zero_not_nan():
    # E[x²] - E[x]² rounds a hair below 0 here (0.1 is not exact in float32); sqrt gave nan.
    channel_mean_std = solution("vision/channel_mean_std", "channel_mean_std")
    images = torch.full((1000, 1, 5, 5), 0.1)
    pixels = images.double().flatten()
    assert (pixels**2).mean() - pixels.mean() ** 2 < 0  # the cancellation the clamp is for
    mean, std = channel_mean_std([(images[:600], None), (images[600:], None)])
    assert torch.allclose(mean, torch.tensor([0.1])) and torch.equal(std, torch.zeros(1))


def test_tile_is_make_grid_without_padding_for_full_rows_of_rgb_images():
    from torchvision.utils import make_grid

    tile = solution("vision/tile", "tile")
    images = torch.rand(7, 3, 2, 3)
    assert torch.equal(tile(images, 3), make_grid(images, nrow=3, padding=0))
    # Where make_grid adds more: one channel becomes three, fewer than nrow images narrow it.
    assert make_grid(torch.rand(2, 1, 2, 2), nrow=4, padding=0).shape == (3, 2, 4)
    assert tile(torch.rand(2, 1, 2, 2), 4).shape == (1, 2, 8)
