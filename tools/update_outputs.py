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
    with tempfile.TemporaryDirectory() as workdir:
        printed = fieldguide.run_snippet(path, Path(workdir))
    if "matplotlib.pyplot" in sys.modules:
        # Each module starts with no open figures, as it does alone and in the tests.
        sys.modules["matplotlib.pyplot"].close("all")
    lines = path.read_text("utf-8").splitlines()
    out = []
    # Drop the old `#>` lines and put fresh ones under each statement that printed;
    # `printed` is keyed by the statement's last line in the file as it was run.
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith(fieldguide.OUTPUT_PREFIX):
            continue
        out.append(line)
        if number in printed:
            indent = re.match(r"\s*", line).group(0)
            out += [f"{indent}#> {text}".rstrip() for text in printed[number]]
    new = "\n".join(out) + "\n"
    changed = new != path.read_text("utf-8")
    if changed:
        path.write_text(new, "utf-8")
    return changed


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
