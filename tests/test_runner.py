"""The one sandbox (fieldguide.sandbox): every way of printing is checked, a hang is stopped
and named, files stay in a scratch directory that is removed, and nothing is written into
the repository."""

import os
import textwrap
import time

import pytest

import fieldguide
from fieldguide.sandbox import RepositoryWrite, Run, TimeLimit, TimeLimitExceeded

ROOT = fieldguide.ROOT

# Each way a statement can write to stdout, with the line it writes.
WAYS = {
    "print": "print('a b', 3)",
    "sys.stdout.write": "import sys\nsys.stdout.write('a b 3\\n')",
    "pprint": "import pprint\npprint.pprint('a b 3')",
    "print in a function": "def f():\n    print('a b', 3)\nf()",
    "print(file=sys.stdout)": "import sys\nprint('a b', 3, file=sys.stdout)",
}
SHOWN = {"pprint": "'a b 3'"}


def run_code(source: str) -> dict[int, list[str]]:
    return fieldguide.run_code(source, "demo.py", {})


@pytest.mark.parametrize("way", WAYS)
def test_every_way_of_printing_is_checked(way):
    shown = SHOWN.get(way, "a b 3")
    right = WAYS[way] + f"\n#> {shown}\n"
    fieldguide.check_output(right, run_code(right), "demo.py")
    wrong = WAYS[way] + "\n#> a b 4\n"
    with pytest.raises(fieldguide.OutputMismatch, match=r"demo.py:\d+: printed output differs"):
        fieldguide.check_output(wrong, run_code(wrong), "demo.py")


@pytest.mark.parametrize("way", WAYS)
def test_unshown_output_fails_whatever_the_way(way):
    with pytest.raises(fieldguide.OutputMismatch, match="a b"):
        fieldguide.check_output(WAYS[way] + "\n", run_code(WAYS[way] + "\n"), "demo.py")


def test_output_is_kept_under_the_statement_that_wrote_it():
    source = "import sys\nsys.stdout.write('one\\n')\nx = 1\nprint('two')\n"
    assert run_code(source) == {2: ["one"], 4: ["two"]}


def test_stdout_is_put_back():
    import sys

    before = sys.stdout
    with pytest.raises(ZeroDivisionError):
        run_code("print('x')\n1 / 0\n")
    assert sys.stdout is before


@pytest.mark.parametrize(
    "code", ["import time\ntime.sleep(30)\n", "while True:\n    pass\n"], ids=["sleep", "busy"]
)
def test_time_limit_stops_sleep_and_busy_loops(code):
    run = Run("The block docs/zh/part/demo.md:7", time_limit=TimeLimit(0.5, "a test"))
    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as caught:
        run.execute("x = 1\n" + code, "snippets/part/demo.py")
    assert time.monotonic() - start < 10
    message = str(caught.value)
    assert message.startswith("The block docs/zh/part/demo.md:7 ran past its time limit of 0.5 s")
    assert "stopped at snippets/part/demo.py:" in message
    assert 'time_limit: "120 s: <why>"' in message
    run.close()


def test_a_time_limit_needs_its_reason():
    assert TimeLimit.parse("120 s: trains three epochs") == TimeLimit(120, "trains three epochs")
    with pytest.raises(ValueError, match="needs its reason"):
        TimeLimit.parse("120 s")
    with pytest.raises(ValueError, match="write it as"):
        TimeLimit.parse("long: it trains")


def test_files_go_to_a_scratch_directory_that_is_removed():
    run = Run("The block x.md:1")
    run.execute("open('out.txt', 'w').write('hi')\n", "x.py")
    written = run.workdir / "out.txt"
    assert written.read_text() == "hi" and not written.is_relative_to(ROOT)
    run.close()
    assert not run.workdir.exists()


@pytest.mark.parametrize("kind", ["absolute", "relative"])
def test_writing_into_the_repository_fails_naming_the_file(kind):
    run = Run("The block docs/zh/part/demo.md:7")
    target = ROOT / "snippets" / "stray.txt"
    path = str(target) if kind == "absolute" else os.path.relpath(target, run.workdir)
    with pytest.raises(RepositoryWrite) as caught:
        run.execute(f"open({path!r}, 'w').write('x')\n", "demo.py")
    message = str(caught.value)
    assert message.startswith("The block docs/zh/part/demo.md:7 writes into the repository:")
    assert "stray.txt" in message
    assert "snippets/stray.txt" in message and not target.exists()
    run.close()


def test_reading_the_repository_is_allowed():
    run = Run("The block x.md:1")
    printed = run.execute(f"print(len(open({str(ROOT / 'README.md')!r}).read()) > 0)\n", "x.py")
    assert printed == {1: ["True"]}
    run.close()


def test_the_guard_is_off_outside_runs():
    # Tests and tools may write where they like; only code under a Run is guarded.
    target = ROOT / ".cache" / "guard-check.txt"
    target.parent.mkdir(exist_ok=True)
    target.write_text("ok")
    target.unlink()


def test_outputs_refuses_output_that_is_not_reproducible(tmp_path, monkeypatch):
    """Two runs that print different numbers: nothing is written. The runs are in this
    process (an unseeded generator differs from one run to the next here too); that
    `outputs` really runs two fresh interpreters is shown by the seeded test below and by
    tests/test_guard_rails.py (two hash seeds order a set differently)."""
    import torch

    from fieldguide import update_outputs
    from fieldguide.sandbox import run_module

    monkeypatch.setattr(update_outputs, "_run", lambda path, seed: run_module(path))
    module = tmp_path / "random_demo.py"
    module.write_text(
        textwrap.dedent("""\
        import torch
        print(torch.rand(1).item())
        #> 0.5
    """)
    )
    # fork_rng: the test process's generator is as it was after both runs.
    refused = pytest.raises(update_outputs.NotReproducible, match="not reproducible: seed it")
    with torch.random.fork_rng(), refused:
        update_outputs.update(module)
    assert "#> 0.5" in module.read_text()  # nothing written


def test_outputs_writes_seeded_output_indented_under_a_loop_only(tmp_path):
    """The real `outputs` (two fresh interpreters): seeded output is written, under a loop
    at the loop body's indent, under a long statement at the left margin."""
    from fieldguide import update_outputs

    module = tmp_path / "seeded_demo.py"
    module.write_text(
        "import torch\ntorch.manual_seed(0)\nprint(f'{torch.rand(1).item():.4f}')\n"
        "for i in range(2):\n    print(i)\nprint(\n    'a',\n    'b')\n"
    )
    assert update_outputs.update(module)
    assert module.read_text() == (
        "import torch\ntorch.manual_seed(0)\nprint(f'{torch.rand(1).item():.4f}')\n#> 0.4963\n"
        "for i in range(2):\n    print(i)\n    #> 0\n    #> 1\nprint(\n    'a',\n    'b')\n#> a b\n"
    )


def test_outputs_reports_a_broken_rule_without_crashing(tmp_path, capsys):
    from fieldguide import update_outputs

    module = tmp_path / "example_demo.py"
    module.write_text("print(1)\n#~ 1\n")
    assert update_outputs.main([str(module)]) == 1
    out = capsys.readouterr().out
    assert "needs its reason" in out and "nothing was written" in out
    assert module.read_text() == "print(1)\n#~ 1\n"


# The subprocess mode (`# run: subprocess`) keeps the same guarantees as a run in-process.
SUBPROCESS_CASES = {
    "a write into the tree": (
        f"open({str(ROOT / 'snippets' / 'stray.txt')!r}, 'w')\n",
        "The block b.md:3 writes into the repository: snippets/stray.txt",
    ),
    "the network": (
        "import socket\nsocket.create_connection(('example.org', 80))\n",
        "The block b.md:3 tried to reach 'example.org' over the network",
    ),
    "a process left running": (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n",
        "The block b.md:3 left processes running after it exited (killed now): ",
    ),
}


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_a_subprocess_run_is_guarded_like_one_in_process(tmp_path, case):
    code, message = SUBPROCESS_CASES[case]
    script = tmp_path / "block.py"
    script.write_text(code)
    with pytest.raises(AssertionError) as caught:
        fieldguide.sandbox.run_in_subprocess(script, TimeLimit(60, "a test"), "The block b.md:3")
    assert message in str(caught.value)
    assert not (ROOT / "snippets" / "stray.txt").exists()


def test_a_subprocess_past_its_limit_is_stopped_with_every_process_it_started(tmp_path):
    script = tmp_path / "block.py"
    pids = tmp_path / "pids.txt"
    script.write_text(
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        f"open({str(pids)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(600)\n"
    )
    with pytest.raises(TimeLimitExceeded, match="it and every process it started were stopped"):
        fieldguide.sandbox.run_in_subprocess(script, TimeLimit(5, "a test"), "The block b.md:3")
    child = int(pids.read_text())
    for _ in range(50):  # the kill is sent; the child is reaped by init shortly after
        if not os.path.exists(f"/proc/{child}") or "Z" in _state(child):
            break
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{child}") or "Z" in _state(child)


def _state(pid: int) -> str:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
