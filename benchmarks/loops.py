"""Measure the contributor loops and write bench-report/loops.md (+ loops.json).

Usage: python benchmarks/loops.py [--cold-cache] [--keep]        (or: nox -s bench -- --loops)

From a fresh clone of this repository's HEAD in a temporary folder, exactly as a new
contributor would (the README's test command), it times:
- setup: `python3 -m venv .venv && .venv/bin/pip install -q nox uv`, then nox's install
  of uv.lock (`nox -s tests -- --version` does the install and nothing else);
- the full suite (`nox -s tests`: two workers), its pieces of code executed and reused;
- clone to green: the sum;
- a changed-only run after a one-snippet edit (`nox -s tests -- --changed`), after a
  one-page edit, and after `nox -s new_page` (a new page, its nav entries, a new topic ID);
- the quick checks (`python -m fieldguide check`; its test asserts only that it loads no
  torch, the time is measured here).
--cold-cache gives uv an empty cache (everything is downloaded, about 3 GB); by default uv's
cache is used as a contributor's second clone would find it.
Measured, not asserted: a slow machine reports slow numbers, it does not fail.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-report"
PYTHON = shutil.which("python3") or sys.executable


def timed(command: str, cwd: Path, env: dict) -> tuple[float, str, int]:
    start = time.perf_counter()
    result = subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    return round(time.perf_counter() - start, 1), result.stdout + result.stderr, result.returncode


def summary(output: str) -> dict:
    found = {}
    if m := re.search(r"(\d+) pieces of code executed, (\d+) outcomes reused", output):
        found["executed"], found["reused"] = int(m[1]), int(m[2])
    if m := re.search(r"=+ (.*) in [\d.]+s", output):
        found["outcome"] = m[1]
    return found


def edit(path: Path, line: str) -> None:
    path.write_text(path.read_text("utf-8") + line, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-cache", action="store_true", help="an empty uv cache")
    parser.add_argument("--keep", action="store_true", help="keep the clone, print its path")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-clone-"))
    clone = tmp / "field-guide"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))
    )
    if args.cold_cache:
        env["UV_CACHE_DIR"] = str(tmp / "uv-cache")
    report: dict = {"uv_cache": "empty" if args.cold_cache else "as found"}
    try:
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        venv, _, rc = timed(
            f"{PYTHON} -m venv .venv && .venv/bin/pip install -q nox uv", clone, env
        )
        install, out, rc2 = timed(".venv/bin/nox -s tests -- --version", clone, env)
        report["setup_s"] = {"venv_and_nox": venv, "lock_install": install, "total": venv + install}
        print(f"setup: {report['setup_s']}", flush=True)
        if rc or rc2:
            raise SystemExit(f"setup failed:\n{out[-3000:]}")
        seconds, out, rc = timed(".venv/bin/nox -s tests", clone, env)
        report["suite"] = {"wall_s": seconds, "exit": rc, **summary(out)}
        report["clone_to_green_s"] = round(report["setup_s"]["total"] + seconds, 1)
        print(f"suite: {report['suite']}", flush=True)
        for name, path, line in (
            ("one snippet", "snippets/tensors/creation.py", "\n# an edit\n"),
            ("one page", "docs/en/tensors/creation.md", "\nAn edit.\n"),
        ):
            before = (clone / path).read_text("utf-8")
            edit(clone / path, line)
            seconds, out, rc = timed(".venv/bin/nox -s tests -- --changed", clone, env)
            (clone / path).write_text(before, "utf-8")
            key = "changed_" + name.replace(" ", "_")
            report[key] = {"wall_s": seconds, "exit": rc, **summary(out)}
            print(f"changed-only, {name}: {report[key]}", flush=True)
        seconds, out, rc = timed(".venv/bin/python -m fieldguide check", clone, env)
        report["check"] = {"wall_s": seconds, "exit": rc}
        timed(".venv/bin/nox -s new_page -- nn/bench_page", clone, env)
        edit(clone / "docs/topics.yml", 'N99: "A page for the benchmark"\n')
        seconds, out, rc = timed(".venv/bin/nox -s tests -- --changed", clone, env)
        report["changed_new_page"] = {"wall_s": seconds, "exit": rc, **summary(out)}
        print(f"check: {report['check']}; changed-only, new page: {report['changed_new_page']}")
    finally:
        if args.keep:
            print(f"kept {clone}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    (OUT / "loops.json").write_text(json.dumps(report, indent=2))
    rows = [
        "| loop | seconds | goal |",
        "| --- | --- | --- |",
        f"| setup (venv + nox, then uv.lock), uv cache {report['uv_cache']} | "
        f"{report['setup_s']['venv_and_nox']} + {report['setup_s']['lock_install']} | <= 120 |",
        f"| full suite (`nox -s tests`) | {report['suite']['wall_s']} | <= 150 |",
        f"| clone to green | {report['clone_to_green_s']} | <= 300 |",
        f"| changed-only, one snippet edited | {report['changed_one_snippet']['wall_s']} | <= 30 |",
        f"| changed-only, one page edited | {report['changed_one_page']['wall_s']} | <= 30 |",
        f"| changed-only, after new_page | {report['changed_new_page']['wall_s']} | <= 30 |",
        f"| `python -m fieldguide check` | {report['check']['wall_s']} | <= 10 |",
        "",
        f"Suite: {report['suite'].get('outcome')}; pieces of code executed "
        f"{report['suite'].get('executed')}, outcomes reused {report['suite'].get('reused')}.",
    ]
    (OUT / "loops.md").write_text("\n".join(rows) + "\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
