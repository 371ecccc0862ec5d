"""Rewrite the ``#>`` output comments of snippet modules from a real run.

Usage: python -m fieldguide outputs [snippets/part/topic.py ...]   (or: nox -s outputs)
Review the result with `git diff`: every changed line is a changed output.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from . import running as fieldguide  # the output rule: expected_output, Shown, ...
from .layout import rel, snippet_modules


def update(path: Path) -> bool:
    """Rewrite only the output lines the rule does not accept, so last-digit noise from
    another CPU causes no churn; example lines (`#~`) keep their kind."""
    with tempfile.TemporaryDirectory() as workdir:
        printed = fieldguide.run_snippet(path, Path(workdir))
    if "matplotlib.pyplot" in sys.modules:
        # Each module starts with no open figures, as it does alone and in the tests.
        sys.modules["matplotlib.pyplot"].close("all")
    source = path.read_text("utf-8")
    expected = fieldguide.expected_output(source)
    lines = source.splitlines()
    out = []
    # Drop the old output lines and put the right ones under each statement that printed;
    # `printed` is keyed by the statement's last line in the file as it was run.
    for number, line in enumerate(lines, start=1):
        if fieldguide.is_output_line(line):
            continue
        out.append(line)
        if number in printed:
            indent = re.match(r"\s*", line).group(0)
            out += [
                f"{indent}{shown}" for shown in _merge(expected.get(number, []), printed[number])
            ]
    new = "\n".join(out) + "\n"
    changed = new != source
    if changed:
        path.write_text(new, "utf-8")
    return changed


def _merge(old: list, new: list[str]) -> list:
    """Keep each old line the rule accepts; replace the others with what was printed."""
    if len(old) == len(new):
        return [
            shown if fieldguide.line_matches(shown, text) else fieldguide.Shown(text, shown.example)
            for shown, text in zip(old, new, strict=True)
        ]
    example = any(shown.example for shown in old)
    return [fieldguide.Shown(text.rstrip(), example) for text in new]


def main(argv: list[str] | None = None) -> int:
    import torch

    argv = sys.argv[1:] if argv is None else argv
    modules = [Path(a).resolve() for a in argv] or snippet_modules()
    for module in modules:
        text = module.read_text("utf-8")
        if fieldguide.SUBPROCESS_MODULE_RE.search(text):
            # Their output comes from other processes; write those `#>` lines by running
            # `python <module>` and copying its stdout (the test compares it whole).
            print(f"skipped {rel(module)}: '# run: subprocess' module")
            continue
        if fieldguide.needs_cuda(module) and not torch.cuda.is_available():
            print(f"skipped {rel(module)}: needs CUDA")
            continue
        if update(module):
            print(f"updated {rel(module)}")
    return 0
