"""Rewrite the ``#>`` output comments of snippet modules from a real run.

Usage: python tools/update_outputs.py [snippets/part/topic.py ...]   (or: nox -s outputs)
Review the result with `git diff`: every changed line is a changed output.
"""

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import torch  # noqa: E402

import fieldguide  # noqa: E402


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
            out += [f"{indent}{shown}" for shown in _merge(expected.get(number, []), printed[number])]
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


def main(argv: list[str]) -> None:
    modules = [Path(a).resolve() for a in argv] or fieldguide.snippet_modules()
    for module in modules:
        text = module.read_text("utf-8")
        if fieldguide.SUBPROCESS_MODULE_RE.search(text):
            # Their output comes from other processes; write those `#>` lines by running
            # `python <module>` and copying its stdout (the test compares it whole).
            print(f"skipped {fieldguide.rel(module)}: '# run: subprocess' module")
            continue
        if fieldguide.needs_cuda(module) and not torch.cuda.is_available():
            print(f"skipped {fieldguide.rel(module)}: needs CUDA")
            continue
        if update(module):
            print(f"updated {fieldguide.rel(module)}")


if __name__ == "__main__":
    main(sys.argv[1:])
