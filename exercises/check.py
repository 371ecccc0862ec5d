"""Check your solution to an exercise of the PyTorch Field Guide.

    python check.py <part>/<name> my_solution.py [--lang zh|en] [--seed N]
    python check.py --list

It needs nothing but Python and torch. Each exercise is tried on fresh random inputs, of
new shapes and dtypes every run, so a solution that is right only on the example of the
page fails, and a correct solution written differently from ours passes. When a case fails
you see its number, its input, the expected result and yours.

Exit status: 0 every case passed, 1 a case failed, 2 the command was wrong (a missing
file, an unknown exercise).

The cases of every exercise are at the end of this file, one function each: read them
if you want to know exactly what is checked.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import importlib.util
import io
import math
import os
import struct
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

# ---------------------------------------------------------------------------- messages

MESSAGES = {
    "zh": {
        "pass": "✓ {ex}：全部 {n} 个用例都通过了。",
        "fail": "✗ {ex}：第 {i} 个用例（共 {n} 个）没有通过。",
        "input": "输入：",
        "expected": "期望结果：",
        "got": "你的结果：",
        "why": "问题：",
        "raised": "调用时抛出了异常 {err}",
        "type": "返回值的类型不对",
        "shape": "形状不对：期望 {exp}，得到 {got}",
        "dtype": "数据类型不对：期望 {exp}，得到 {got}",
        "values": "数值不对（最大相差 {diff}）",
        "value": "结果不对",
        "length": "长度不对：期望 {exp}，得到 {got}",
        "keys": "键不对：期望 {exp}，得到 {got}",
        "no_raise": "应当抛出 {err}，却正常返回了",
        "modified": "输入 {name} 被修改了：不要原地修改传进来的张量，返回新的结果",
        "seed": "这组输入可以用 --seed {seed} 重现。",
        "no_file": "找不到文件 {path}",
        "unknown": "没有名为 {ex!r} 的练习；用 --list 查看全部练习",
        "usage": "用法：python check.py <部分>/<练习名> 你的文件.py [--lang zh|en] [--seed N]",
        "no_func": "✗ {path} 里没有定义 {name}，请保留起始文件里的名字",
        "import": "✗ 导入 {path} 时出错：{err}",
        "list": "全部练习：",
    },
    "en": {
        "pass": "✓ {ex}: all {n} cases passed.",
        "fail": "✗ {ex}: case {i} of {n} failed.",
        "input": "input:",
        "expected": "expected:",
        "got": "yours:",
        "why": "problem: ",
        "raised": "the call raised {err}",
        "type": "the result has the wrong type",
        "shape": "wrong shape: expected {exp}, got {got}",
        "dtype": "wrong dtype: expected {exp}, got {got}",
        "values": "wrong values (largest difference {diff})",
        "value": "wrong result",
        "length": "wrong length: expected {exp}, got {got}",
        "keys": "wrong keys: expected {exp}, got {got}",
        "no_raise": "it should raise {err} but returned",
        "modified": "the input {name} was changed: do not modify the tensors you are given "
        "in place, return a new result",
        "seed": "Repeat these inputs with --seed {seed}.",
        "no_file": "no such file: {path}",
        "unknown": "no exercise named {ex!r}; see them all with --list",
        "usage": "usage: python check.py <part>/<name> your_file.py [--lang zh|en] [--seed N]",
        "no_func": "✗ {path} defines no {name}: keep the name the starter file gives it",
        "import": "✗ importing {path} failed: {err}",
        "list": "All exercises:",
    },
}


class Problem(Exception):
    """What is wrong with a result, in both languages (raised by a case's own check)."""

    def __init__(self, zh: str, en: str, expected: Any = None, got: Any = None):
        super().__init__(en)
        self.text = {"zh": zh, "en": en}
        self.expected, self.got = expected, got


class Text:
    """A value shown by a description instead of its repr (a function, a model)."""

    def __init__(self, value: Any, text: str):
        self.value, self.text = value, text

    def __repr__(self) -> str:
        return self.text


@dataclass
class Case:
    """One call of the learner's function and what its result must be.

    inputs: the arguments, by name (passed in order); expected: compared with the result
    (tensors: type, shape, dtype, then values, exactly or within atol/rtol when ``close``);
    check: a function of the result that raises Problem (instead of, or after, expected);
    mutates: the names of inputs the function is meant to change in place."""

    inputs: dict
    expected: Any = None
    close: bool = False
    atol: float = 1e-5
    rtol: float = 1e-4
    check: Callable[[Any], None] | None = None
    mutates: tuple = ()
    raises: type | None = None  # the call must raise this exception
    shown: Any = None  # what to show as the expected result when it is not ``expected``


# ------------------------------------------------------------------- comparing results


def show(value: Any) -> str:
    if isinstance(value, Text):
        return value.text
    if isinstance(value, torch.Tensor):
        flags = ", requires_grad=True" if value.requires_grad else ""
        text = str(value.detach()) if value.numel() <= 64 else f"tensor(... {value.numel()} values)"
        return f"{text}  # shape {tuple(value.shape)}, {value.dtype}{flags}"
    if isinstance(value, (list, tuple)) and any(isinstance(v, torch.Tensor) for v in value):
        inner = ",\n".join(show(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if isinstance(value, dict):
        return "{\n" + "\n".join(_indent(f"{k!r}: {show(v)}", 2) for k, v in value.items()) + "\n}"
    return repr(value)


def compare(expected: Any, got: Any, case: Case) -> None:
    """Raise Problem where ``got`` differs from ``expected``."""
    if isinstance(expected, torch.Tensor):
        if not isinstance(got, torch.Tensor):
            raise _problem("type", expected=expected, got=got)
        if got.shape != expected.shape:
            raise _problem("shape", exp=tuple(expected.shape), got=tuple(got.shape))
        if got.dtype != expected.dtype:
            raise _problem("dtype", exp=expected.dtype, got=got.dtype)
        e, g = expected.detach(), got.detach()
        if case.close and e.is_floating_point():
            same = torch.allclose(g, e, atol=case.atol, rtol=case.rtol)
        else:
            same = torch.equal(g, e)
        if not same:
            diff = (g.double() - e.double()).abs().max().item() if e.numel() else 0.0
            raise _problem("values", diff=f"{diff:.4g}")
    elif isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            raise _problem("type")
        if len(got) != len(expected):
            raise _problem("length", exp=len(expected), got=len(got))
        for e, g in zip(expected, got, strict=True):
            compare(e, g, case)
    elif isinstance(expected, dict):
        if not isinstance(got, dict):
            raise _problem("type")
        if list(got) != list(expected):
            raise _problem("keys", exp=list(expected), got=list(got))
        for key in expected:
            compare(expected[key], got[key], case)
    elif isinstance(expected, float):
        if not isinstance(got, float):  # a Python float, not a tensor or an int
            raise _problem("type")
        if not math.isclose(got, expected, rel_tol=case.rtol, abs_tol=case.atol):
            raise _problem("value")
    else:
        if type(got) is not type(expected):
            raise _problem("type")
        if got != expected:
            raise _problem("value")


def _problem(key: str, **fields: Any) -> Problem:
    zh = MESSAGES["zh"][key].format(**fields)
    en = MESSAGES["en"][key].format(**fields)
    return Problem(zh, en)


def _snapshot(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.detach().clone(), value.requires_grad
    if isinstance(value, (list, tuple)):
        return [_snapshot(v) for v in value]
    return None


def _unchanged(before: Any, value: Any) -> bool:
    if isinstance(value, torch.Tensor):
        data, grad = before
        return value.requires_grad == grad and torch.equal(value.detach(), data)
    if isinstance(value, (list, tuple)):
        return all(_unchanged(b, v) for b, v in zip(before, value, strict=False)) and len(
            before
        ) == len(value)
    return True


# ---------------------------------------------------------------------------- running


@dataclass
class Failure:
    number: int
    total: int
    case: Case
    why: dict
    got: Any = None
    expected: Any = None

    def report(self, exercise: str, lang: str, seed: int | None) -> str:
        m = MESSAGES[lang]
        lines = [m["fail"].format(ex=exercise, i=self.number, n=self.total)]
        lines.append(f"  {m['input']}")
        for name, value in self.case.inputs.items():
            lines.append(_indent(f"{name} = {show(value)}", 4))
        lines.append(f"  {m['expected']}")
        lines.append(_indent(show(self.expected), 4))
        lines.append(f"  {m['got']}")
        lines.append(_indent(show(self.got), 4))
        lines.append(f"  {m['why']}{self.why[lang]}")
        if seed is not None:
            lines.append("  " + m["seed"].format(seed=seed))
        return "\n".join(lines)


def _indent(text: str, n: int) -> str:
    return "\n".join(" " * n + line for line in text.splitlines())


class Missing:
    def __repr__(self) -> str:
        return "—"


def run_cases(exercise: str, func: Callable, seed: int) -> tuple[int, Failure | None]:
    """Run every case of ``exercise`` against ``func``: (number of cases, first failure)."""
    with torch.random.fork_rng(devices=[]), tempfile.TemporaryDirectory() as scratch:
        SCRATCH.append(Path(scratch))
        try:
            return _run_cases(exercise, func, seed)
        finally:
            SCRATCH.pop()


SCRATCH: list[Path] = []  # a folder for the files a case writes (a checkpoint)


def _run_cases(exercise: str, func: Callable, seed: int) -> tuple[int, Failure | None]:
    gen = torch.Generator().manual_seed(seed)
    cases = list(EXERCISES[exercise][1](gen))
    for number, case in enumerate(cases, start=1):
        before = {k: _snapshot(v) for k, v in case.inputs.items() if k not in case.mutates}
        expected = case.shown if case.shown is not None else case.expected
        if case.raises is not None:
            expected = Text(None, case.raises.__name__)
        args = [v.value if isinstance(v, Text) else v for v in case.inputs.values()]
        try:
            torch.manual_seed(seed + number)
            got = func(*args)
        except Exception as err:  # the learner's code: any error is a failed case
            if case.raises is not None and isinstance(err, case.raises):
                continue
            line = f"{type(err).__name__}: {err}".splitlines()[0]
            why = _problem("raised", err=line).text
            return len(cases), Failure(number, len(cases), case, why, Missing(), expected)
        if case.raises is not None:
            why = _problem("no_raise", err=case.raises.__name__).text
            return len(cases), Failure(number, len(cases), case, why, got, expected)
        try:
            if case.expected is not None:
                compare(case.expected, got, case)
            if case.check is not None:
                case.check(got)
            for name, snap in before.items():
                if snap is not None and not _unchanged(snap, case.inputs[name]):
                    raise _problem("modified", name=name)
        except Problem as problem:
            shown_exp = problem.expected if problem.expected is not None else expected
            shown_got = problem.got if problem.got is not None else got
            return len(cases), Failure(number, len(cases), case, problem.text, shown_got, shown_exp)
    return len(cases), None


def load(path: Path, name: str) -> Callable:
    """The function (or class) ``name`` of the learner's file; its prints are shown."""
    spec = importlib.util.spec_from_file_location("learner_solution", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def check(exercise: str, path: str | Path, lang: str = "zh", seed: int | None = None):
    """(passed, report) for the learner's file ``path``; raises KeyError for an unknown
    exercise and FileNotFoundError for a missing file."""
    if exercise not in EXERCISES:
        raise KeyError(exercise)
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    m = MESSAGES[lang]
    name = EXERCISES[exercise][0]
    try:
        func = load(path, name)
    except AttributeError:
        return False, m["no_func"].format(path=path, name=name)
    except Exception as err:
        where = traceback.extract_tb(err.__traceback__)[-1]
        text = f"{type(err).__name__}: {err} (line {where.lineno})"
        return False, m["import"].format(path=path, err=text)
    chosen = seed if seed is not None else int.from_bytes(os.urandom(3), "big")
    total, failure = run_cases(exercise, func, chosen)
    if failure is None:
        return True, m["pass"].format(ex=exercise, n=total)
    return False, failure.report(exercise, lang, chosen)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = "en" if "--lang=en" in argv or ("--lang" in argv and "en" in argv) else "zh"
    parser = argparse.ArgumentParser(prog="check.py", add_help=True)
    parser.add_argument("exercise", nargs="?")
    parser.add_argument("solution", nargs="?")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--list", action="store_true")
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            args = parser.parse_args(argv)
    except SystemExit as stop:
        if stop.code == 0:
            return 0
        print(MESSAGES[lang]["usage"], file=sys.stderr)
        return 2
    m = MESSAGES[args.lang]
    if args.list:
        print(m["list"])
        print("\n".join(f"  {ex}" for ex in EXERCISES))
        return 0
    if not args.exercise or not args.solution:
        print(m["usage"], file=sys.stderr)
        return 2
    try:
        passed, report = check(args.exercise, args.solution, args.lang, args.seed)
    except KeyError:
        print(m["unknown"].format(ex=args.exercise), file=sys.stderr)
        return 2
    except FileNotFoundError:
        print(m["no_file"].format(path=args.solution), file=sys.stderr)
        return 2
    print(report)
    return 0 if passed else 1


# ------------------------------------------------------------------------- the cases

EXERCISES: dict[str, tuple[str, Callable]] = {}


def exercise(ex_id: str, name: str):
    """Register the cases of exercise ``ex_id``, whose file defines ``name``."""

    def register(cases: Callable) -> Callable:
        EXERCISES[ex_id] = (name, cases)
        return cases

    return register


def rint(g: torch.Generator, low: int, high: int) -> int:
    """A random int in [low, high]."""
    return int(torch.randint(low, high + 1, (), generator=g))


def randn(g: torch.Generator, *shape: int, dtype=torch.float32) -> torch.Tensor:
    return torch.randn(shape, generator=g, dtype=torch.float64).round(decimals=2).to(dtype)


def seeded(g: torch.Generator) -> int:
    return rint(g, 0, 2**30)


# ---- tensors


@exercise("tensors/checkerboard", "checkerboard")
def _checkerboard(g):
    for n, m in [(1, 1), (rint(g, 2, 4), rint(g, 5, 7)), (rint(g, 5, 7), rint(g, 2, 4)), (3, 3)]:
        expected = torch.tensor([[(i + j) % 2 for j in range(m)] for i in range(n)])
        yield Case({"n": n, "m": m}, expected)


@exercise("tensors/to_unit_float", "to_unit_float")
def _to_unit_float(g):
    for shape in [(2, 3), (rint(g, 1, 3), rint(g, 2, 4), rint(g, 2, 4)), (1, 3, 2, 2)]:
        images = torch.randint(0, 256, shape, generator=g, dtype=torch.uint8)
        images.view(-1)[0] = 255  # the brightest value must become exactly 1.0
        yield Case({"images": images}, images.to(torch.float32) / 255, close=True, atol=1e-7)


@exercise("tensors/shares_storage", "shares_storage")
def _shares_storage(g):
    x = randn(g, rint(g, 3, 4), rint(g, 3, 5))
    y = randn(g, 2, 2)
    pairs = [
        (x, x.view(-1)),
        (x, x[1:]),
        (x, x.t()),
        (x[:1], x[2:]),
        (x, x.clone()),
        (x, y),
        (x, x.contiguous()),
        (x.t(), x.t().contiguous()),
    ]
    for a, b in pairs:
        same = a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()
        yield Case({"a": a, "b": b}, same)


@exercise("tensors/to_tokens", "to_tokens")
def _to_tokens(g):
    for n, c, h, w in [
        (1, 2, 2, 3),
        (rint(g, 1, 3), rint(g, 2, 4), rint(g, 2, 3), rint(g, 2, 3)),
        (2, 3, 1, 2),
    ]:
        x = torch.arange(n * c * h * w, dtype=torch.float32).reshape(n, c, h, w)
        x = x[torch.randperm(n, generator=g)]
        expected = torch.stack(
            [torch.stack([x[i, :, r, col] for r in range(h) for col in range(w)]) for i in range(n)]
        )
        yield Case({"x": x}, expected)


@exercise("tensors/pairwise_sq_dists", "pairwise_sq_dists")
def _pairwise_sq_dists(g):
    sizes = [(2, 3, 2), (rint(g, 3, 5), rint(g, 1, 2), rint(g, 1, 4)), (3, 3, rint(g, 2, 3))]
    for (n, m, d), dtype in zip(sizes, [torch.float32, torch.float64, torch.float32], strict=True):
        a, b = randn(g, n, d, dtype=dtype), randn(g, m, d, dtype=dtype)
        expected = torch.tensor(
            [
                [sum((a[i, k] - b[j, k]).item() ** 2 for k in range(d)) for j in range(m)]
                for i in range(n)
            ],
            dtype=dtype,
        )
        yield Case({"a": a, "b": b}, expected, close=True)


@exercise("tensors/batched_matvec", "batched_matvec")
def _batched_matvec(g):
    for bsz, n, m in [
        (2, 3, 4),
        (rint(g, 2, 4), 3, 3),
        (1, 1, rint(g, 2, 4)),
        (3, rint(g, 1, 2), 2),
    ]:
        a, x = randn(g, bsz, n, m), randn(g, bsz, m)
        expected = torch.stack([torch.mv(a[i], x[i]) for i in range(bsz)])
        yield Case({"a": a, "x": x}, expected, close=True)


@exercise("tensors/interleave", "interleave")
def _interleave(g):
    for n, dtype in [
        (3, torch.int64),
        (rint(g, 1, 2), torch.float32),
        (rint(g, 4, 6), torch.int64),
    ]:
        a = torch.randint(0, 50, (n,), generator=g).to(dtype)
        b = torch.randint(50, 100, (n,), generator=g).to(dtype)
        expected = torch.tensor(
            [v for pair in zip(a.tolist(), b.tolist(), strict=True) for v in pair], dtype=dtype
        )
        yield Case({"a": a, "b": b}, expected)


@exercise("tensors/replace_negatives", "replace_negatives")
def _replace_negatives(g):
    for shape, dtype, value in [
        ((5,), torch.float32, 0.0),
        ((rint(g, 2, 3), rint(g, 2, 4)), torch.int64, 0),
        ((rint(g, 2, 4),), torch.int64, 0.0),  # a float value must not turn x into floats
        ((2, 2, 3), torch.float64, 0.5),
    ]:
        x = randn(g, *shape, dtype=torch.float64).mul(10).round()
        x.view(-1)[0] = -3  # at least one negative
        x = x.to(dtype)
        expected = x.clone()
        expected[expected < 0] = value
        yield Case({"x": x, "value": value}, expected)


@exercise("tensors/pick_per_row", "pick_per_row")
def _pick_per_row(g):
    for n, k in [(3, 4), (1, rint(g, 2, 4)), (rint(g, 4, 6), rint(g, 2, 3))]:
        scores = randn(g, n, k)
        index = torch.randint(0, k, (n,), generator=g)
        expected = torch.stack([scores[i, index[i]] for i in range(n)])
        yield Case({"scores": scores, "index": index}, expected)


@exercise("tensors/column_means", "column_means")
def _column_means(g):
    for n, m, dtype in [
        (2, 3, torch.float32),
        (rint(g, 3, 5), rint(g, 1, 2), torch.float64),
        (rint(g, 2, 4), rint(g, 3, 4), torch.int64),
    ]:
        t = randn(g, n, m, dtype=torch.float64).mul(10).round().to(dtype)
        expected = [sum(t[i, j].item() for i in range(n)) / n for j in range(m)]
        yield Case({"t": t}, expected, close=True)


# ---- autograd


def _detached(result):
    if isinstance(result, torch.Tensor) and result.requires_grad:
        raise Problem(
            "结果还连在计算图上（requires_grad=True）：返回前用 detach()，或在 torch.no_grad() 里计算",
            "the result is still part of the graph (requires_grad=True): detach() it, or "
            "compute it under torch.no_grad()",
        )


@exercise("autograd/gradient", "gradient")
def _gradient(g):
    functions = [
        (lambda x: (x**3).sum(), "lambda x: (x ** 3).sum()", lambda x: 3 * x**2),
        (
            lambda x: (x * x.sin()).sum(),
            "lambda x: (x * x.sin()).sum()",
            lambda x: x.sin() + x * x.cos(),
        ),
        (lambda x: x.norm(), "lambda x: x.norm()", lambda x: x / x.norm()),
        (
            lambda x: x.logsumexp(dim=-1).sum(),
            "lambda x: x.logsumexp(dim=-1).sum()",
            lambda x: x.softmax(dim=-1),
        ),
    ]
    for (f, text, df), dtype in zip(functions, [torch.float32, torch.float64] * 2, strict=True):
        x = (
            randn(g, rint(g, 2, 4), dtype=dtype)
            if dtype == torch.float32
            else randn(g, 2, rint(g, 2, 3), dtype=dtype)
        )
        yield Case({"f": Text(f, text), "x": x}, df(x), close=True, check=_detached)


@exercise("autograd/separate_grads", "separate_grads")
def _separate_grads(g):
    for d in [3, rint(g, 2, 5), rint(g, 1, 4)]:
        w = randn(g, d).requires_grad_(True)
        x1, x2 = randn(g, d), randn(g, d)
        wd = w.detach()
        expected = (2 * (wd @ x1) * x1, 2 * (wd @ x2) * x2)
        yield Case({"w": w, "x1": x1, "x2": x2}, expected, close=True)


def _sgd_check(params, old, grads, lr):
    def check(result):
        for i, (p, before, grad) in enumerate(zip(params, old, grads, strict=True)):
            expected = before - lr * grad
            if not (p.is_leaf and p.requires_grad):
                raise Problem(
                    f"params[{i}] 不再是需要梯度的叶子张量",
                    f"params[{i}] is no longer a leaf tensor that requires grad",
                )
            if not torch.allclose(p.detach(), expected, atol=1e-6):
                raise Problem(
                    f"params[{i}] 没有按 p - lr * p.grad 原地更新",
                    f"params[{i}] was not updated in place to p - lr * p.grad",
                    expected=expected,
                    got=p.detach(),
                )
            if p.grad is not None and p.grad.abs().sum() != 0:
                raise Problem(
                    f"更新之后 params[{i}].grad 还留着旧梯度，应当清零或设为 None",
                    f"params[{i}].grad still holds the old gradient after the step; zero it "
                    "or set it to None",
                    expected=Text(None, "None"),
                    got=p.grad,
                )

    return check


@exercise("autograd/sgd_step", "sgd_step")
def _sgd_step(g):
    for shapes, lr in [
        ([(2,), (2, 2)], 0.1),
        ([(rint(g, 1, 3), rint(g, 2, 3)), (1,)], 0.5),
        ([(rint(g, 2, 4),)], 0.01),
    ]:
        params = [randn(g, *s).requires_grad_(True) for s in shapes]
        grads = [randn(g, *s) for s in shapes]
        for p, grad in zip(params, grads, strict=True):
            p.grad = grad.clone()
        old = [p.detach().clone() for p in params]
        shown = Text(params, show(params) + "\n# .grad: " + show(grads))
        yield Case(
            {"params": shown, "lr": lr},
            check=_sgd_check(params, old, grads, lr),
            mutates=("params",),
            shown=Text(None, "None (params updated in place)"),
        )


@exercise("autograd/mse_grads", "mse_grads")
def _mse_grads(g):
    for n, d in [(4, 2), (rint(g, 2, 6), rint(g, 1, 3)), (1, rint(g, 2, 3))]:
        w, b = randn(g, d, dtype=torch.float64), randn(g, dtype=torch.float64)
        x, y = randn(g, n, d, dtype=torch.float64), randn(g, n, dtype=torch.float64)
        wg, bg = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
        ((x @ wg + bg - y) ** 2).mean().backward()
        yield Case({"w": w, "b": b, "x": x, "y": y}, (wg.grad, bg.grad), close=True)


@exercise("autograd/accumulated_grad", "accumulated_grad")
def _accumulated_grad(g):
    for chunks, per, d in [(2, 2, 3), (rint(g, 3, 4), rint(g, 1, 3), rint(g, 1, 3)), (1, 3, 2)]:
        n = chunks * per
        w = randn(g, d, dtype=torch.float64).requires_grad_(True)
        x, y = randn(g, n, d, dtype=torch.float64), randn(g, n, dtype=torch.float64)
        wd = w.detach().clone().requires_grad_(True)
        ((x @ wd - y) ** 2).mean().backward()
        yield Case({"w": w, "x": x, "y": y, "chunks": chunks}, wd.grad, close=True)


# ---- nn


@exercise("nn/linear", "linear")
def _linear(g):
    for lead, n_in, n_out, bias in [
        ((2,), 3, 2, True),
        ((rint(g, 1, 3), 2), rint(g, 2, 4), 1, True),
        ((3,), 4, 4, False),
        ((2,), 3, 3, True),
    ]:
        x, weight = randn(g, *lead, n_in), randn(g, n_out, n_in)
        b = randn(g, n_out) if bias else None
        yield Case({"x": x, "weight": weight, "bias": b}, F.linear(x, weight, b), close=True)


@exercise("nn/softmax", "softmax")
def _softmax(g):
    for shape, dim, scale in [
        ((2, 3), -1, 1.0),
        ((3, 2), 0, 1.0),
        ((2, rint(g, 2, 4)), 1, 1000.0),
        ((2, 3, rint(g, 2, 3)), 1, 100.0),
        ((4,), 0, -1000.0),
    ]:
        x = randn(g, *shape) * scale
        yield Case({"x": x, "dim": dim}, torch.softmax(x, dim=dim), close=True)


def _layers(model):
    return [m for m in model.modules() if not list(m.children())]


def _mlp_check(sizes):
    def check(model):
        expected = []
        for i, (a, b) in enumerate(zip(sizes, sizes[1:], strict=False)):
            expected.append(f"Linear({a}, {b})")
            if i < len(sizes) - 2:
                expected.append("ReLU")
        got = []
        for m in _layers(model) if isinstance(model, nn.Module) else []:
            if isinstance(m, nn.Linear):
                got.append(f"Linear({m.in_features}, {m.out_features})")
            else:
                got.append(type(m).__name__)
        if got != expected:
            raise Problem(
                "层的顺序或大小不对（最后一层之后不要激活函数：输出的 logits 可以是负数）",
                "wrong layers or sizes (no activation after the last layer: the logits it "
                "outputs may be negative)",
                expected=Text(None, " -> ".join(expected)),
                got=Text(None, " -> ".join(got) or repr(model)),
            )
        x = torch.randn(2, sizes[0])
        if model(x).shape != (2, sizes[-1]):
            raise Problem("输出形状不对", "wrong output shape")

    return check


@exercise("nn/build_mlp", "build_mlp")
def _build_mlp(g):
    for sizes in [[4, 8, 3], [rint(g, 2, 5), rint(g, 3, 6), rint(g, 3, 6), rint(g, 1, 3)], [3, 2]]:
        yield Case({"sizes": sizes}, check=_mlp_check(sizes), shown=Text(None, "-"))


@exercise("nn/count_parameters", "count_parameters")
def _count_parameters(g):
    for sizes, frozen, trainable_only in [
        ([3, 4, 2], [], False),
        ([3, 4, 2], [0], True),
        ([rint(g, 2, 5), rint(g, 2, 6), rint(g, 1, 3)], [2], True),
        ([rint(g, 2, 5), rint(g, 2, 6), rint(g, 1, 3)], [0], False),
    ]:
        torch.manual_seed(seeded(g))
        layers = [nn.Linear(sizes[0], sizes[1]), nn.ReLU(), nn.Linear(sizes[1], sizes[2])]
        model = nn.Sequential(*layers)
        for i in frozen:
            model[i].requires_grad_(False)
        count = sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
        text = repr(model) + "".join(
            f"\n# model[{i}] is frozen (requires_grad=False)" for i in frozen
        )
        yield Case({"model": Text(model, text), "trainable_only": trainable_only}, count)


def _lenet_features(channels, h, w):
    features = nn.Sequential(
        nn.Conv2d(channels, 6, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
    )
    with torch.no_grad():
        return features(torch.zeros(1, channels, h, w)).shape[1]


@exercise("nn/flat_features", "flat_features")
def _flat_features(g):
    for c, h, w in [
        (1, 32, 32),
        (3, rint(g, 16, 40), rint(g, 16, 40)),
        (rint(g, 1, 3), 17, 29),
        (1, 28, 28),
    ]:
        yield Case({"channels": c, "height": h, "width": w}, _lenet_features(c, h, w))


# ---- conv


@exercise("conv/cross_correlate", "cross_correlate")
def _cross_correlate(g):
    for (h, w), (kh, kw), dtype in [
        ((4, 4), (2, 2), torch.float32),
        ((rint(g, 3, 6), rint(g, 3, 6)), (3, 2), torch.float64),
        ((5, rint(g, 3, 5)), (1, 3), torch.float32),
    ]:
        x, k = randn(g, h, w, dtype=dtype), randn(g, kh, kw, dtype=dtype)
        expected = F.conv2d(x[None, None], k[None, None])[0, 0]
        yield Case({"x": x, "kernel": k}, expected, close=True)


def _conv_out(n, kernel, stride, padding, dilation):
    conv = nn.Conv1d(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, bias=False)
    with torch.no_grad():
        return conv(torch.zeros(1, 1, n)).shape[-1]


@exercise("conv/conv_out_size", "conv_out_size")
def _conv_out_size(g):
    for n, k, s, p, d in [
        (32, 5, 1, 0, 1),
        (rint(g, 20, 40), 3, 2, 1, 1),
        (rint(g, 20, 40), 3, 1, 0, 2),
        (rint(g, 20, 40), 3, 3, rint(g, 0, 2), 2),
        (7, 7, 1, 0, 1),
    ]:
        yield Case(
            {"n": n, "kernel_size": k, "stride": s, "padding": p, "dilation": d},
            _conv_out(n, k, s, p, d),
        )


def _same_conv_check(c_in, c_out, k, d):
    def check(conv):
        if not isinstance(conv, nn.Conv2d):
            raise Problem(
                "应当返回一个 nn.Conv2d", "return an nn.Conv2d", got=Text(None, repr(conv))
            )
        settings = (
            conv.in_channels,
            conv.out_channels,
            conv.kernel_size,
            conv.dilation,
            conv.stride,
        )
        if settings != (c_in, c_out, (k, k), (d, d), (1, 1)):
            raise Problem(
                "通道数、卷积核大小、空洞或步幅不对",
                "wrong channels, kernel size, dilation or stride",
                expected=Text(
                    None,
                    f"Conv2d({c_in}, {c_out}, kernel_size=({k}, {k}), "
                    f"dilation=({d}, {d}), stride=(1, 1))",
                ),
                got=Text(None, repr(conv)),
            )
        x = torch.randn(1, c_in, 9, 11)
        with torch.no_grad():
            shape = tuple(conv(x).shape)
        if shape != (1, c_out, 9, 11):
            raise Problem(
                f"输入 (1, {c_in}, 9, 11) 的输出形状变了：填充要把空洞算进去",
                f"an input of shape (1, {c_in}, 9, 11) changes size: the padding must account "
                "for the dilation",
                expected=Text(None, f"shape {(1, c_out, 9, 11)}"),
                got=Text(None, f"shape {shape}"),
            )

    return check


@exercise("conv/same_conv", "same_conv")
def _same_conv(g):
    for c_in, c_out, k, d in [
        (3, 8, 3, 1),
        (rint(g, 1, 4), rint(g, 1, 4), 3, 2),
        (2, 2, 5, rint(g, 2, 3)),
        (1, 4, 1, 1),
    ]:
        yield Case(
            {"in_channels": c_in, "out_channels": c_out, "kernel_size": k, "dilation": d},
            check=_same_conv_check(c_in, c_out, k, d),
            shown=Text(None, "-"),
        )


def _separable_check(c_in, c_out, k):
    want = c_in * k * k + c_in + c_in * c_out + c_out

    def check(model):
        if not isinstance(model, nn.Module):
            raise Problem(
                "应当返回一个 nn.Module", "return an nn.Module", got=Text(None, repr(model))
            )
        x = torch.randn(2, c_in, 7, 6)
        with torch.no_grad():
            shape = tuple(model(x).shape)
        if shape != (2, c_out, 7, 6):
            raise Problem(
                "输出形状不对：两层卷积都不应改变高和宽",
                "wrong output shape: neither convolution may change the height or width",
                expected=Text(None, f"shape {(2, c_out, 7, 6)}"),
                got=Text(None, f"shape {shape}"),
            )
        count = sum(p.numel() for p in model.parameters())
        if count != want:
            raise Problem(
                "参数个数不对：逐通道卷积要设 groups=in_channels，逐点卷积是 1x1",
                "wrong number of parameters: the depthwise convolution needs "
                "groups=in_channels, the pointwise one is 1x1",
                expected=Text(None, f"{want} parameters"),
                got=Text(None, f"{count} parameters"),
            )

    return check


@exercise("conv/depthwise_separable", "depthwise_separable")
def _depthwise_separable(g):
    for c_in, c_out, k in [(4, 8, 3), (rint(g, 2, 6), rint(g, 1, 6), 5), (3, 3, 3)]:
        yield Case(
            {"in_channels": c_in, "out_channels": c_out, "kernel_size": k},
            check=_separable_check(c_in, c_out, k),
            shown=Text(None, "-"),
        )


@exercise("conv/conv_params", "conv_params")
def _conv_params(g):
    for c_in, c_out, k, groups, bias in [
        (3, 6, 3, 1, True),
        (4, 8, rint(g, 1, 5), 2, True),
        (6, 6, 3, 6, False),
        (8, 4, rint(g, 2, 4), 4, True),
    ]:
        conv = nn.Conv2d(c_in, c_out, k, groups=groups, bias=bias)
        count = sum(p.numel() for p in conv.parameters())
        yield Case(
            {
                "in_channels": c_in,
                "out_channels": c_out,
                "kernel_size": k,
                "groups": groups,
                "bias": bias,
            },
            count,
        )


# ---- losses and optimisers


@exercise("losses/cross_entropy", "cross_entropy")
def _cross_entropy(g):
    for n, c, scale in [
        (3, 4, 1.0),
        (rint(g, 1, 5), rint(g, 2, 6), 1.0),
        (4, 4, 1.0),
        (2, 3, 60.0),
    ]:
        logits = randn(g, n, c) * scale
        target = torch.randint(0, c, (n,), generator=g)
        if scale > 1:  # a true class far below the best: exp() of its score underflows
            logits[0, target[0]] = logits[0].min() - 150
        yield Case(
            {"logits": logits, "target": target}, F.cross_entropy(logits, target), close=True
        )


@exercise("losses/masked_mse", "masked_mse")
def _masked_mse(g):
    for shape in [(2, 3), (rint(g, 2, 4), rint(g, 2, 5)), (5,)]:
        pred, target = randn(g, *shape), randn(g, *shape)
        mask = torch.rand(shape, generator=g) < 0.5
        mask.view(-1)[0] = True
        mask.view(-1)[-1] = False
        expected = ((pred - target)[mask] ** 2).mean()
        yield Case({"pred": pred, "target": target, "mask": mask}, expected, close=True)


def _train_check(model, reference):
    def check(result):
        for (name, p), q in zip(model.named_parameters(), reference.parameters(), strict=False):
            if not torch.allclose(p.detach(), q.detach(), atol=1e-5):
                raise Problem(
                    f"训练后的参数 {name} 不对",
                    f"the trained parameter {name} is wrong",
                    expected=q.detach(),
                    got=p.detach(),
                )

    return check


@exercise("losses/train", "train")
def _train(g):
    for n, d, lr, steps in [
        (6, 2, 0.1, 3),
        (rint(g, 4, 8), rint(g, 1, 3), 0.05, rint(g, 2, 5)),
        (4, 3, 0.2, 1),
    ]:
        torch.manual_seed(seeded(g))
        model = nn.Linear(d, 1)
        x, y = randn(g, n, d), randn(g, n, 1)
        reference = copy.deepcopy(model)
        optimizer = torch.optim.SGD(reference.parameters(), lr=lr)
        losses = []
        for _ in range(steps):
            optimizer.zero_grad()
            loss = F.mse_loss(reference(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        yield Case(
            {"model": Text(model, repr(model)), "x": x, "y": y, "lr": lr, "steps": steps},
            losses,
            close=True,
            check=_train_check(model, reference),
            mutates=("model",),
        )


@exercise("losses/momentum_step", "momentum_step")
def _momentum_step(g):
    for shape, lr, momentum, first in [
        ((3,), 0.1, 0.9, True),
        ((rint(g, 1, 3), 2), 0.05, 0.9, False),
        ((4,), 0.5, rint(g, 1, 9) / 10, False),
    ]:
        param, grad = randn(g, *shape), randn(g, *shape)
        buf = None if first else randn(g, *shape)
        p = param.clone().requires_grad_(True)
        optimizer = torch.optim.SGD([p], lr=lr, momentum=momentum)
        p.grad = grad.clone()
        if buf is not None:
            optimizer.state[p]["momentum_buffer"] = buf.clone()
        optimizer.step()
        expected = (p.detach().clone(), optimizer.state[p]["momentum_buffer"].clone())
        yield Case(
            {"param": param, "grad": grad, "buf": buf, "lr": lr, "momentum": momentum},
            expected,
            close=True,
            atol=1e-6,
        )


# ---- data


def _window_check(series, window):
    def check(dataset):
        n = len(series) - window
        if len(dataset) != n:
            raise Problem(
                "len(dataset) 不对", "len(dataset) is wrong", expected=n, got=len(dataset)
            )
        for i in range(n):
            want = (series[i : i + window], series[i + window])
            try:
                compare(want, dataset[i], Case({}))
            except Problem as problem:
                raise Problem(
                    f"dataset[{i}] 不对：" + problem.text["zh"],
                    f"dataset[{i}] is wrong: " + problem.text["en"],
                    expected=want,
                    got=dataset[i],
                ) from None

    return check


@exercise("data/window_dataset", "WindowDataset")
def _window_dataset(g):
    for n, window in [(6, 2), (rint(g, 5, 9), rint(g, 1, 4)), (4, 3)]:
        series = randn(g, n)
        yield Case(
            {"series": series, "window": window},
            check=_window_check(series, window),
            shown=Text(None, "-"),
        )


class _Pairs(torch.utils.data.Dataset):
    def __init__(self, labels):
        self.labels = labels

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return torch.zeros(2), self.labels[i]

    def __repr__(self):
        return f"a dataset of {len(self.labels)} (image, label) pairs, labels {self.labels}"


@exercise("data/label_counts", "label_counts")
def _label_counts(g):
    for n, classes, used in [(6, 3, 3), (rint(g, 4, 9), 5, 3), (rint(g, 3, 6), rint(g, 4, 6), 2)]:
        labels = torch.randint(0, used, (n,), generator=g).tolist()
        expected = torch.tensor([labels.count(c) for c in range(classes)])
        yield Case({"dataset": _Pairs(labels), "num_classes": classes}, expected)


@exercise("data/pad_collate", "pad_collate")
def _pad_collate(g):
    for lengths in [[2, 3], [rint(g, 1, 4) for _ in range(rint(g, 2, 4))], [3, 3, 3], [1]]:
        batch = [(randn(g, n), rint(g, 0, 9)) for n in lengths]
        padded = torch.zeros(len(lengths), max(lengths))
        for i, (seq, _) in enumerate(batch):
            padded[i, : len(seq)] = seq
        expected = (padded, torch.tensor(lengths), torch.tensor([y for _, y in batch]))
        yield Case({"batch": batch}, expected)


@exercise("data/num_batches", "num_batches")
def _num_batches(g):
    for n, size, drop in [
        (10, 3, False),
        (10, 3, True),
        (rint(g, 5, 40), rint(g, 2, 8), False),
        (12, 4, False),
        (rint(g, 5, 40), rint(g, 2, 8), True),
        (3, 5, True),
    ]:
        loader = torch.utils.data.DataLoader(range(n), batch_size=size, drop_last=drop)
        yield Case({"n": n, "batch_size": size, "drop_last": drop}, len(loader))


def _idx_bytes(magic, dims, values):
    return struct.pack(">" + "I" * (1 + len(dims)), magic, *dims) + bytes(values)


@exercise("data/parse_idx", "parse_idx_images")
def _parse_idx(g):
    for n, rows, cols in [(2, 3, 3), (rint(g, 1, 4), rint(g, 2, 5), rint(g, 2, 5)), (1, 2, 4)]:
        images = torch.randint(0, 256, (n, rows, cols), generator=g, dtype=torch.uint8)
        raw = _idx_bytes(2051, (n, rows, cols), images.flatten().tolist())
        yield Case({"raw": raw}, images)
    labels = _idx_bytes(2049, (3,), [1, 7, 2])
    yield Case({"raw": labels}, raises=ValueError)


# ---- vision


@exercise("vision/to_chw_float", "to_chw_float")
def _to_chw_float(g):
    for h, w, c in [(2, 3, 3), (rint(g, 1, 3), rint(g, 2, 4), 3), (3, 2, 1), (2, 2, 4)]:
        image = torch.randint(0, 256, (h, w, c), generator=g, dtype=torch.uint8)
        expected = torch.stack([image[:, :, i] for i in range(c)]).to(torch.float32) / 255
        yield Case({"image": image}, expected, close=True, atol=1e-7)


@exercise("vision/hflip", "hflip")
def _hflip(g):
    for shape in [
        (1, 2, 3),
        (2, 1, 2, 3),
        (rint(g, 1, 3), rint(g, 2, 3), rint(g, 2, 4)),
        (1, 3, rint(g, 2, 3), 4),
    ]:
        x = randn(g, *shape)
        expected = torch.stack([x[..., j] for j in reversed(range(shape[-1]))], dim=-1)
        yield Case({"images": x}, expected)


@exercise("vision/normalize", "normalize")
def _normalize(g):
    for shape in [(3, 2, 2), (3, rint(g, 2, 4), 3), (rint(g, 1, 2), 2, 3, 2), (1, 2, 2)]:
        c = shape[-3]
        x = torch.rand(shape, generator=g)
        mean = [round(float(v), 3) for v in torch.rand(c, generator=g)]
        std = [round(float(v) + 0.1, 3) for v in torch.rand(c, generator=g)]
        m, s = torch.tensor(mean).view(c, 1, 1), torch.tensor(std).view(c, 1, 1)
        yield Case({"x": x, "mean": mean, "std": std}, (x - m) / s, close=True)


class _Loader:
    """A list of (images, labels) batches that shows itself briefly."""

    def __init__(self, batches):
        self.batches = batches

    def __iter__(self):
        return iter(self.batches)

    def __len__(self):
        return len(self.batches)

    def __repr__(self):
        sizes = [len(x) for x, _ in self.batches]
        return f"a loader of {len(sizes)} batches of sizes {sizes}, images {tuple(self.batches[0][0].shape[1:])}"


@exercise("vision/channel_mean_std", "channel_mean_std")
def _channel_mean_std(g):
    for n, c, size in [(5, 3, 2), (rint(g, 5, 9), rint(g, 1, 3), 4), (7, 2, 3)]:
        images = torch.rand(n, c, 3, 3, generator=g) * torch.rand(c, 1, 1, generator=g)
        batches = [
            (images[i : i + size], torch.zeros(len(images[i : i + size])))
            for i in range(0, n, size)
        ]
        flat = images.transpose(0, 1).reshape(c, -1).double()
        expected = (flat.mean(dim=1).float(), flat.std(dim=1, correction=0).float())
        yield Case({"loader": _Loader(batches)}, expected, close=True, atol=1e-5)


@exercise("vision/tile", "tile")
def _tile(g):
    for n, c, h, w, nrow in [
        (4, 1, 2, 2, 2),
        (rint(g, 2, 6), 3, 2, rint(g, 1, 3), 3),
        (3, 2, 2, 1, 2),
        (2, 1, 1, 2, 4),
    ]:
        images = randn(g, n, c, h, w)
        rows = -(-n // nrow)
        expected = torch.zeros(c, rows * h, nrow * w)
        for i in range(n):
            r, col = divmod(i, nrow)
            expected[:, r * h : (r + 1) * h, col * w : (col + 1) * w] = images[i]
        yield Case({"images": images, "nrow": nrow}, expected)


class _SmallNet(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten()
        )
        self.fc = nn.Linear(4, classes)

    def forward(self, x):
        return self.fc(self.features(x))


def _finetune_check(model, classes):
    def check(result):
        if result is not model:
            raise Problem(
                "应当返回传进来的那个模型",
                "return the model you were given",
                expected=Text(None, "model"),
                got=Text(None, repr(result)),
            )
        fc = model.fc
        if not isinstance(fc, nn.Linear) or (fc.in_features, fc.out_features) != (4, classes):
            raise Problem(
                "model.fc 应当换成新的 nn.Linear(4, num_classes)",
                "model.fc must be a new nn.Linear(4, num_classes)",
                expected=Text(None, f"Linear(in_features=4, out_features={classes})"),
                got=Text(None, repr(fc)),
            )
        trainable = sorted(n for n, p in model.named_parameters() if p.requires_grad)
        if trainable != ["fc.bias", "fc.weight"]:
            raise Problem(
                "只有新的 fc 层应当可训练（requires_grad=True），其余参数都要冻结",
                "only the new fc layer may be trainable (requires_grad=True), every other "
                "parameter frozen",
                expected=Text(None, "trainable: ['fc.bias', 'fc.weight']"),
                got=Text(None, f"trainable: {trainable}"),
            )

    return check


@exercise("vision/finetune", "prepare_finetune")
def _finetune(g):
    for old, new in [(10, 3), (rint(g, 2, 6), rint(g, 2, 9)), (5, 5)]:
        torch.manual_seed(seeded(g))
        model = _SmallNet(old)
        yield Case(
            {"model": Text(model, repr(model)), "num_classes": new},
            check=_finetune_check(model, new),
            mutates=("model",),
            shown=Text(None, "-"),
        )


# ---- workflows


@exercise("workflows/fit_linear", "fit_linear")
def _fit_linear(g):
    for n, slope, bias in [
        (20, 2.0, -1.0),
        (rint(g, 10, 40), rint(g, -30, 30) / 10, rint(g, -20, 20) / 10),
        (rint(g, 10, 40), rint(g, -30, 30) / 10, rint(g, -20, 20) / 10),
    ]:
        x = torch.rand(n, generator=g) * 4 - 2
        y = slope * x + bias + 0.1 * torch.randn(n, generator=g)
        xd, yd = x.double(), y.double()
        w = ((xd - xd.mean()) * (yd - yd.mean())).sum() / ((xd - xd.mean()) ** 2).sum()
        b = yd.mean() - w * xd.mean()
        yield Case({"x": x, "y": y}, (w.item(), b.item()), close=True, atol=1e-2, rtol=0)


@exercise("workflows/accuracy", "accuracy")
def _accuracy(g):
    for n, c in [(4, 3), (3, 3), (rint(g, 5, 9), rint(g, 2, 4)), (2, 5)]:
        logits = randn(g, n, c)
        target = torch.randint(0, c, (n,), generator=g)
        target[0] = logits[0].argmax()  # at least one right, so 0.0 is not an accident
        hits = sum(int(logits[i].argmax() == target[i]) for i in range(n))
        yield Case({"logits": logits, "target": target}, hits / n)


def _classifier(d, classes):
    return nn.Sequential(nn.Linear(d, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, classes))


@exercise("workflows/evaluate", "evaluate")
def _evaluate(g):
    for n, size, d, classes in [(5, 2, 3, 3), (rint(g, 5, 11), 4, rint(g, 2, 4), 2), (6, 6, 2, 4)]:
        torch.manual_seed(seeded(g))
        model = _classifier(d, classes)
        x, y = randn(g, n, d), torch.randint(0, classes, (n,), generator=g)
        batches = [(x[i : i + size], y[i : i + size]) for i in range(0, n, size)]
        model.eval()
        with torch.no_grad():
            logits = model(x)
        model.train()
        expected = (
            F.cross_entropy(logits, y).item(),
            (logits.argmax(1) == y).float().mean().item(),
        )
        yield Case(
            {
                "model": Text(model, repr(model)),
                "loader": _Loader(batches),
                "loss_fn": Text(nn.CrossEntropyLoss(), "nn.CrossEntropyLoss()"),
            },
            expected,
            close=True,
            mutates=("model",),
        )


@exercise("workflows/predict_proba", "predict_proba")
def _predict_proba(g):
    for n, d, classes in [(3, 2, 3), (rint(g, 1, 5), rint(g, 2, 4), rint(g, 2, 5))]:
        torch.manual_seed(seeded(g))
        model = _classifier(d, classes)
        x = randn(g, n, d)
        model.eval()
        with torch.no_grad():
            expected = model(x).softmax(dim=1)
        model.train()
        yield Case(
            {"model": Text(model, repr(model) + "\n# in training mode"), "x": x},
            expected,
            close=True,
            check=_detached,
            mutates=("model",),
        )


@exercise("workflows/strip_prefix", "strip_prefix")
def _strip_prefix(g):
    names = [
        "module.embed.weight",
        "module.layers.0.weight",
        "module.encoder.module.bias",
        "head.weight",
        "model.module.scale",
    ]
    for prefix, keys in [
        ("module.", names),
        ("model.", ["model.mean", "model.model.std", "moment"]),
        ("module.", names[rint(g, 0, 2) :]),
    ]:
        state = {k: randn(g, 2) for k in keys}
        expected = {(k[len(prefix) :] if k.startswith(prefix) else k): v for k, v in state.items()}
        yield Case({"state_dict": state, "prefix": prefix}, expected)


def _resume_check(model, optimizer, saved_model, saved_opt):
    def check(result):
        for name, p in model.named_parameters():
            if not torch.equal(p.detach(), saved_model[name]):
                raise Problem(
                    f"模型参数 {name} 没有恢复",
                    f"the model's {name} was not restored",
                    expected=saved_model[name],
                    got=p.detach(),
                )
        state = optimizer.state_dict()["state"]
        for key, value in saved_opt["state"].items():
            got = state.get(key, {}).get("momentum_buffer")
            if got is None or not torch.equal(got, value["momentum_buffer"]):
                raise Problem(
                    "优化器的状态（动量缓冲）没有恢复：optimizer 也要 load_state_dict",
                    "the optimiser's state (its momentum buffers) was not restored: the "
                    "optimizer needs load_state_dict too",
                    expected=value["momentum_buffer"],
                    got=Text(None, repr(got)),
                )

    return check


@exercise("workflows/resume", "resume")
def _resume(g):
    folder = SCRATCH[-1]
    for number, (d, epoch) in enumerate([(2, 3), (rint(g, 1, 4), rint(g, 0, 9))]):
        torch.manual_seed(seeded(g))
        trained = nn.Linear(d, 1)
        opt = torch.optim.SGD(trained.parameters(), lr=0.1, momentum=0.9)
        for _ in range(2):
            opt.zero_grad()
            trained(torch.randn(4, d)).pow(2).mean().backward()
            opt.step()
        path = folder / f"checkpoint{number}.pt"
        saved_model = {k: v.clone() for k, v in trained.state_dict().items()}
        saved_opt = copy.deepcopy(opt.state_dict())
        torch.save(
            {"model": trained.state_dict(), "optimizer": opt.state_dict(), "epoch": epoch}, path
        )
        model = nn.Linear(d, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        yield Case(
            {
                "path": str(path),
                "model": Text(model, repr(model)),
                "optimizer": Text(
                    optimizer, "torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)"
                ),
            },
            epoch + 1,
            check=_resume_check(model, optimizer, saved_model, saved_opt),
            mutates=("model", "optimizer"),
        )


if __name__ == "__main__":
    sys.exit(main())
