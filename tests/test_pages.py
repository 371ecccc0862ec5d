"""Run every code block of every page as rendered (includes expanded), in order.

Blocks on one page share a namespace, like the cells of a notebook: a page is one
lesson. Python blocks run as ``__main__`` in this process; the ``#>`` comments under a
statement must match what it printed. Test ids are ``<markdown file>:<fence line>``.
"""

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import fieldguide

ALL_BLOCKS = [
    block
    for lang in fieldguide.LANGS
    for page in fieldguide.pages(lang=lang, suffixes=(".md",))
    for block in fieldguide.blocks(page)
]


@dataclass
class PageRun:
    workdir: Path
    namespace: dict = field(default_factory=lambda: {"__name__": "__main__"})
    next_index: int = 0


_RUNS: dict[Path, PageRun] = {}


def run_block(block: fieldguide.Block, run: PageRun) -> None:
    where = f"{block}, line in block"
    # Like `python page.py`: the code sees its own file name in sys.argv, not pytest's flags.
    with fieldguide.working_directory(run.workdir), fieldguide.argv(str(block.page)):
        if block.subprocess:
            script = run.workdir / f"block_{block.index}.py"
            script.write_text(block.code, "utf-8")
            fieldguide.run_in_subprocess(script, run.workdir)
        elif block.syntax == "python":
            printed = fieldguide.run_code(block.code, str(block), run.namespace)
            fieldguide.check_output(block.code, printed, where)
        else:
            result = subprocess.run(
                ["bash", "-c", block.code], capture_output=True, text=True, cwd=fieldguide.ROOT
            )
            assert result.returncode == 0, f"{block}: exit {result.returncode}\n{result.stderr}"
    run.next_index = block.index + 1


def _param(block):
    marks = [eval(mark, {"pytest": pytest, "sys": sys}) for mark in block.marks]
    return pytest.param(block, marks=marks, id=str(block))


@pytest.mark.parametrize("block", [_param(b) for b in ALL_BLOCKS])
def test_block(block, tmp_path_factory):
    run = _RUNS.get(block.page)
    if run is None or run.next_index != block.index:
        # First block of the page, or selected on its own: replay what comes before it.
        run = _RUNS[block.page] = PageRun(tmp_path_factory.mktemp("page"))
        for earlier in fieldguide.blocks(block.page)[: block.index]:
            if not any("gpu" in mark for mark in earlier.marks):
                run_block(earlier, run)
    run_block(block, run)


def test_pages_have_blocks():
    assert len(ALL_BLOCKS) > 0
