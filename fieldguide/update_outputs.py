"""Rewrite the ``#>`` output comments of snippet modules from a real run.

Usage: python -m fieldguide outputs [snippets/part/topic.py ...]   (or: nox -s outputs)
Review the result with `git diff`: every changed line is a changed output.

Each module runs twice, each time in a fresh interpreter with its own string hash seed
(PYTHONHASHSEED), so output that depends on the process (the order of a set of strings)
differs between the two runs as it would between a reader's runs. A line whose two runs
differ is not written: the code is not reproducible, and the command says where and what
to do.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .executions import SUBPROCESS_MODULE_RE, needs_cuda
from .layout import rel, snippet_modules
from .output_rule import (
    NOT_REPRODUCIBLE,
    OutputMismatch,
    Shown,
    expected_output,
    is_output_line,
    line_matches,
    reordered,
)
from .sandbox import ModuleFailed, printed_in_fresh_process

# Two different string hash seeds: the two runs order a set of strings differently.
HASH_SEEDS = ("1", "2")


class NotReproducible(Exception):
    pass


def _run(path: Path, seed: str) -> dict[int, list[str]]:
    return printed_in_fresh_process(path, seed)


def update(path: Path) -> bool:
    """Rewrite only the output lines the rule does not accept, so last-digit noise from
    another CPU causes no churn; example lines (`#~`) keep their kind. Raises
    NotReproducible (writing nothing) when two runs print different checked lines."""
    source = path.read_text("utf-8")
    expected = expected_output(source)  # OutputMismatch here: a rule is broken, say so
    printed, again = (_run(path, seed) for seed in HASH_SEEDS)
    lines = source.splitlines()
    # Under a loop, `with` or `try`, the lines go at the indent of its last line (inside
    # the body, as the page shows them); under a simple statement, at the left margin even
    # when the statement spans several lines.
    compound = {
        stmt.end_lineno
        for stmt in ast.parse(source).body
        if isinstance(stmt, ast.For | ast.While | ast.If | ast.With | ast.Try)
    }
    differing = []
    for number in sorted(set(printed) | set(again)):
        first, second = printed.get(number, []), again.get(number, [])
        shown = expected.get(number, [])
        example = bool(shown) and all(s.example for s in shown)
        if first != second and not (example and _same_words(first, second)):
            statement = lines[number - 1].strip() if 0 < number <= len(lines) else "?"
            differing.append(
                f"{rel(path)}:{number}: `{statement}` printed\n    "
                + "\n    ".join(first)
                + "\n  and then\n    "
                + "\n    ".join(second)
            )
    if differing:
        hash_order = any(
            reordered(printed.get(n, []), again.get(n, [])) for n in set(printed) | set(again)
        )
        advice = (
            "the same items printed in another order: the order of a set of strings depends "
            "on the string hash seed, which changes with every Python process "
            "(PYTHONHASHSEED); print sorted(...) of it"
            if hash_order
            else NOT_REPRODUCIBLE
        )
        raise NotReproducible(
            "\n".join(differing) + f"\n{advice}; nothing was written to {rel(path)}"
        )
    out = []
    # Drop the old output lines and put the right ones under each statement that printed;
    # `printed` is keyed by the statement's last line in the file as it was run.
    for number, line in enumerate(lines, start=1):
        if is_output_line(line):
            continue
        out.append(line)
        if number in printed:
            indent = _indent(compound, number, line)
            out += [
                f"{indent}{shown}" for shown in _merge(expected.get(number, []), printed[number])
            ]
    new = "\n".join(out) + "\n"
    changed = new != source
    if changed:
        path.write_text(new, "utf-8")
    return changed


def _indent(compound: set[int], number: int, line: str) -> str:
    return line[: len(line) - len(line.lstrip())] if number in compound else ""


def _same_words(first: list[str], second: list[str]) -> bool:
    """Example lines may differ in their numbers only."""
    return len(first) == len(second) and all(
        line_matches(Shown(a, example=True), b) for a, b in zip(first, second, strict=True)
    )


def _merge(old: list[Shown], new: list[str]) -> list[Shown]:
    """Keep each old line the rule accepts; replace the others with what was printed.
    Lines for another Python (``#> [python<3.12] ...``) stay as they are, in place."""
    if any(not shown.holds() for shown in old):
        here = _merge([s for s in old if s.holds()], new)
        merged, fresh = [], iter(here)
        for shown in old:
            merged.append(shown if not shown.holds() else next(fresh, None))
        merged = [s for s in merged if s is not None]
        return merged + list(fresh)
    if len(old) == len(new):
        return [
            shown if line_matches(shown, text) else Shown(text, shown.example, shown.when)
            for shown, text in zip(old, new, strict=True)
        ]
    example = any(shown.example for shown in old)
    return [Shown(text.rstrip(), example) for text in new]


def main(argv: list[str] | None = None) -> int:
    import sys

    import torch

    argv = sys.argv[1:] if argv is None else argv
    modules = [Path(a).resolve() for a in argv] or snippet_modules()
    failed = 0
    for module in modules:
        if not module.is_file():
            print(f"{module}: no such snippet module")
            failed += 1
            continue
        text = module.read_text("utf-8")
        if SUBPROCESS_MODULE_RE.search(text):
            # Their output comes from other processes; write those `#>` lines by running
            # `python <module>` and copying its stdout (the test compares it whole).
            print(f"skipped {rel(module)}: '# run: subprocess' module")
            continue
        if needs_cuda(module) and not torch.cuda.is_available():
            print(f"skipped {rel(module)}: needs CUDA")
            continue
        try:
            changed = update(module)
        except OutputMismatch as exc:  # a broken rule (e.g. `#~` without `# varies:`)
            print(f"{rel(module)}:{str(exc).removeprefix('line ')}\nnothing was written")
            failed += 1
            continue
        except NotReproducible as exc:
            print(exc)
            failed += 1
            continue
        except ModuleFailed as exc:
            print(f"{rel(module)}: the module raised {exc}\nnothing was written")
            failed += 1
            continue
        except Exception as exc:  # noqa: BLE001 - report the module's own error, go on
            print(
                f"{rel(module)}: the module raised {type(exc).__name__}: {exc}\nnothing was written"
            )
            failed += 1
            continue
        if changed:
            print(f"updated {rel(module)}")
    return 1 if failed else 0
