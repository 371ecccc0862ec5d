"""Version drift: what a block prints under other versions of torch and torchvision.

Under the pinned versions a `#>` line that does not match fails. Under other versions
(fieldguide.environments.on_pins() is False) the same mismatch is *drift*: ``tolerate``
records it (where, expected, got) and the test goes on; an exception still fails. The
plugin attaches each test's records to its report, counts the test as ``drift`` and lists
every record at the end of the run.

``nox -s drift -- torch==X torchvision==Y [python==3.12]`` (``python -m fieldguide drift``)
builds a side environment from uv.lock with those two packages replaced (never .venv),
runs every page block, snippet module and notebook cell once there with
``--drift-report``, and writes ``bench-report/drift/<name>.json`` (one entry per block:
same, changed with expected and got at file:line, fails with the exception's last line,
warnings) and a one-screen summary beside it. ``-- --python PATH`` does the same in an
interpreter that exists. ``--record`` also copies the report into docs/drift/, the data
of the page "Running on other PyTorch versions" (hooks/drift.py renders it). Every entry
carries the hash of its block's code: tests/test_drift.py fails when a block changed
after its data was recorded, naming the command that refreshes it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from . import environments
from .layout import ROOT, rel

DATA = ROOT / "docs" / "drift"  # committed reports, one per tracked version pair
REPORTS = ROOT / "bench-report" / "drift"
ENVS = ROOT / ".cache" / "drift-envs"
# What the drift run selects: every page (both languages; the second reuses the first's
# run), every snippet module run alone, every notebook's cells.
SELECTION = (
    "docs",
    "tests/test_snippets.py::test_snippet_runs_alone",
    "tests/test_notebooks.py::test_notebook_cells_run_and_match_stored_outputs",
)

# ------------------------------------------------------------------ the records

_RECORDS: list[dict] = []


def tolerate(exc) -> bool:
    """Record an output mismatch as drift and return True when it is one: the code ran and
    printed something else, under versions other than the pins. Otherwise False (raise)."""
    if getattr(exc, "printed", None) is None or environments.on_pins():
        return False
    at = f"{exc.where}:{exc.line}" if exc.line else exc.where
    _RECORDS.append({"at": at, "expected": list(exc.shown or []), "got": list(exc.printed)})
    return True


def take() -> list[dict]:
    """The records since the last call (one test's)."""
    out = list(_RECORDS)
    _RECORDS.clear()
    return out


def show(record: dict) -> str:
    """One record as the run's summary lists it."""
    expected = " | ".join(record["expected"]) or "(nothing)"
    got = " | ".join(record["got"]) or "(nothing printed)"
    return f"{record['at']}: {expected} -> {got}"


# ------------------------------------------------------------- block identities


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def block_identity(block) -> dict:
    page = rel(block.page, block.root)
    return {"key": f"{page}#{block.index}", "hash": digest(block.code), "where": block.where}


def module_identity(module: Path) -> dict:
    return {"key": rel(module), "hash": digest(module.read_text("utf-8")), "where": rel(module)}


def notebook_identity(source: Path) -> dict:
    from .notebooks import build_notebook

    cells = [c.source for c in build_notebook(source).cells if c.cell_type == "code"]
    return {"key": rel(source), "hash": digest("\n\0".join(cells)), "where": rel(source)}


def current_identities(root: Path = ROOT) -> dict[str, str]:
    """key -> hash for every block the drift run runs, read from the tree (nothing runs)."""
    from .codeblocks import blocks
    from .layout import LANGS, pages, snippet_modules
    from .notebooks import notebook_sources

    found = {}
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for block in blocks(page, root):
                ident = block_identity(block)
                found[ident["key"]] = ident["hash"]
    for module in snippet_modules():
        found[rel(module)] = module_identity(module)["hash"]
    for source in notebook_sources():
        found[rel(source)] = notebook_identity(source)["hash"]
    return found


def stale(report: dict, current: dict[str, str]) -> list[str]:
    """Blocks whose code changed, appeared or went since the report was recorded."""
    recorded = {key: entry["hash"] for key, entry in report["blocks"].items()}
    out = [f"{key}: changed" for key in sorted(recorded) if key in current
           and current[key] != recorded[key]]  # fmt: skip
    out += [f"{key}: new, not recorded" for key in sorted(set(current) - set(recorded))]
    out += [f"{key}: gone" for key in sorted(set(recorded) - set(current))]
    return out


def refresh_command(report: dict) -> str:
    return report.get("command") or (
        f"nox -s drift -- torch=={report['torch']} torchvision=={report['torchvision']} "
        "--record --stale"
    )


# ------------------------------------------------------------------ the report


def summary(report: dict) -> str:
    """One screen: the versions, the counts, then each block that changed or fails."""
    counts = Counter(entry["status"] for entry in report["blocks"].values())
    lines = [
        f"drift: torch {report['torch']}, torchvision {report['torchvision']}, "
        f"Python {report['python']} (pins: torch {report['pins']['torch']}, torchvision "
        f"{report['pins']['torchvision']})",
        "  " + ", ".join(f"{counts[s]} {s}" for s in ("same", "changed", "fails", "not run")),
        f"  {report['minutes']:.1f} min; {len(report['blocks'])} blocks",
    ]
    baseline = pinned_report(load_reports())
    baseline = None if baseline is not None and baseline["torch"] == report["torch"] else baseline
    for key, entry in sorted(report["blocks"].items()):
        if entry["status"] == "changed":
            for change in entry["changes"]:
                lines.append(f"  changed  {show(change)}")
        elif entry["status"] == "fails":
            lines.append(f"  fails    {entry['where']}: {entry['error']}")
        for warning in _new_warnings(entry, baseline, key):
            lines.append(f"  warns    {entry['where']}: {warning}")
    return "\n".join(lines) + "\n"


def _dump(path: Path, data: dict) -> None:
    """A report as it is kept: sorted keys, one key per line, the text as written."""
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def pair_name(torch: str, torchvision: str) -> str:
    return f"torch-{torch}-torchvision-{torchvision}"


# ---------------------------------------------------------- the side environment


def _uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        raise SystemExit("nox -s drift needs uv (pip install uv)")
    return found


def side_environment(torch: str, torchvision: str, python: str | None) -> Path:
    """A venv with uv.lock's packages, torch and torchvision replaced; built once per
    (lock, versions, Python) under .cache/drift-envs/. .venv is never touched."""
    uv = _uv()
    lock = (ROOT / "uv.lock").read_bytes()
    wanted = hashlib.sha256(lock + f"{torch} {torchvision} {python}".encode()).hexdigest()[:12]
    env = ENVS / f"{pair_name(torch, torchvision)}-py{python or 'default'}"
    stamp = env / ".fieldguide-drift"
    if stamp.exists() and stamp.read_text() == wanted:
        return env
    shutil.rmtree(env, ignore_errors=True)
    ENVS.mkdir(parents=True, exist_ok=True)
    exported = subprocess.run(
        [uv, "export", "--frozen", "--no-hashes", "--no-emit-project", "--no-header",
         "--no-annotate", "--group", "test"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    # torch's own dependencies (CUDA libraries, triton) follow the torch asked for.
    own = re.compile(r"^(torch|torchvision|triton|nvidia-[\w-]+|cuda-[\w-]+)==", re.I)
    lines = [line for line in exported.splitlines() if line and not own.match(line)]
    requirements = env.parent / f"{env.name}.txt"
    requirements.write_text("\n".join(lines) + "\n")
    interpreter = sys.executable
    if python:
        interpreter = environments.find_python(python)
        if interpreter is None:
            raise SystemExit(f"python=={python}: no Python {python} found on this machine")
    steps = [
        [uv, "venv", "--quiet", "--no-python-downloads", "--python", interpreter, str(env)],
        [uv, "pip", "install", "--quiet", "--python", str(env / "bin" / "python"),
         "-r", str(requirements)],
        # Then the two asked for: their own requirements (an older setuptools, say) may
        # move a few of the locked packages, which the report's header records.
        [uv, "pip", "install", "--quiet", "--python", str(env / "bin" / "python"),
         f"torch=={torch}", f"torchvision=={torchvision}"],
    ]  # fmt: skip
    for step in steps:
        if subprocess.run(step, check=False).returncode != 0:
            shutil.rmtree(env, ignore_errors=True)
            raise SystemExit(f"drift: the side environment could not be built ({step[1]} failed)")
    stamp.write_text(wanted)
    return env


# ------------------------------------------------------------------ the command


def _parse(argv: list[str]) -> tuple[dict[str, str], str | None, bool, list[str]]:
    specs, python, record, rest = {}, None, False, []
    args = iter(argv)
    for arg in args:
        if m := re.fullmatch(r"(torch|torchvision|python)==([\w.+]+)", arg):
            specs[m[1]] = m[2]
        elif arg == "--python":
            python = next(args, None)
            if python is None:
                raise SystemExit("--python needs the path of an interpreter")
        elif arg == "--record":
            record = True
        elif arg == "--stale":
            rest.append(arg)
        else:
            rest.append(arg)
    if python is None and not {"torch", "torchvision"} <= specs.keys():
        raise SystemExit(
            "usage: nox -s drift -- torch==X torchvision==Y [python==3.12] [--record] "
            "[--stale | pytest selection]\n   or: nox -s drift -- --python PATH [--record]"
        )
    return specs, python, record, rest


def main(argv: list[str]) -> int:
    specs, python, record, rest = _parse(argv)
    if python is None:
        env = side_environment(specs["torch"], specs["torchvision"], specs.get("python"))
        python = str(env / "bin" / "python")
    info = environments.check_interpreter(python)
    name = pair_name(environments.release(info["torch"]), info.get("torchvision") or "none")
    current = None  # the blocks as they are now, read once (--stale and the merge need them)
    if "--stale" in rest:  # only what changed since the committed data was recorded
        current = current_identities()
        rest = [a for a in rest if a != "--stale"] + stale_selection(name, current)
        if not rest:
            print(f"drift: {rel(DATA / name)}.json is recorded for the blocks as they are")
            return 0
    REPORTS.mkdir(parents=True, exist_ok=True)
    path = REPORTS / f"{name}.json"
    path.unlink(missing_ok=True)
    command = [
        *environments.pytest_command(python), *(rest or SELECTION),
        "-p", "no:cacheprovider", "-q", "--no-header", "-o", "addopts=", "--import-mode=importlib",
        "-W", "default::DeprecationWarning", "-W", "default::FutureWarning",
        "-W", "default::PendingDeprecationWarning",
        # The interpreter's own warning about fork() in a threaded process (3.12+), as in
        # pyproject.toml: not about the code.
        "-W", "ignore:This process:DeprecationWarning:multiprocessing.popen_fork",
        f"--drift-report={path}",
    ]  # fmt: skip
    if info.get("pytest-xdist"):
        command += ["-n", "2", "--dist", "loadgroup"]
    spec = " ".join(f"{k}=={v}" for k, v in specs.items())
    env = environments.pytest_env(python)
    # torch.compile's caches (compiled graphs, dynamic-shape profiles) are torch's own and
    # live in /tmp by default: one folder per pair, so no other version's entries are read.
    env["TORCHINDUCTOR_CACHE_DIR"] = str(ENVS / f"inductor-{name}")
    env.update({"OMP_NUM_THREADS": "1", "FIELDGUIDE_DRIFT_COMMAND":
                f"nox -s drift -- {spec or '--python ' + python} --record --stale"})  # fmt: skip
    start = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if not path.exists():
        print(f"drift: pytest (exit {done.returncode}) wrote no report", file=sys.stderr)
        return 1
    report = json.loads(path.read_text("utf-8"))
    report["minutes"] = (time.monotonic() - start) / 60
    _dump(path, report)
    text = summary(report)
    path.with_suffix(".md").write_text(text, "utf-8")
    print(text)
    print(f"report: {rel(path)} (and {rel(path.with_suffix('.md'))})")
    if record:
        if rest:
            _merge(name, report, current or current_identities())
        else:
            DATA.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, DATA / path.name)
        print(f"recorded: {rel(DATA / path.name)}")
    return 0


def _merge(name: str, report: dict, current: dict[str, str]) -> None:
    """A selection's report updates the committed data of its blocks only."""
    target = DATA / f"{name}.json"
    if not target.exists():
        raise SystemExit(f"{rel(target)}: no data to update; run the whole selection first")
    data = json.loads(target.read_text("utf-8"))
    data["blocks"].update(report["blocks"])
    data["blocks"] = {k: v for k, v in data["blocks"].items() if k in current}  # gone
    _dump(target, data)


def stale_selection(name: str, current: dict[str, str]) -> list[str]:
    """The pytest selection that re-runs every block whose data is stale: its page, its
    module's run alone, its notebook."""
    target = DATA / f"{name}.json"
    if not target.exists():
        raise SystemExit(f"{rel(target)}: nothing recorded yet; run without --stale first")
    keys = [line.split(": ")[0] for line in stale(json.loads(target.read_text("utf-8")), current)]
    keys = [k for k in keys if k in current]  # gone ones are dropped when merging
    out = []
    for key in keys:
        path = key.partition("#")[0]
        if path.startswith("docs/"):
            out.append(path)
        elif path.startswith("snippets/"):
            out.append(f"{SELECTION[1]}[{path}]")
        else:
            out.append(f"{SELECTION[2]}[{path}]")
    return list(dict.fromkeys(out))


# ------------------------------------------------------- the plugin's report writer


_EXCEPTION_LINE = re.compile(r"^(E\s+)?[A-Z]\w*(Error|Exception|Exceeded|Running|Mismatch)\b.*")


def _error_line(report) -> str:
    """The exception's own line: pytest's crash message, else the last line that names an
    exception (a traceback may end in advice, such as torch's TORCHDYNAMO_VERBOSE hint)."""
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    if crash is not None and crash.message:
        return crash.message.strip().splitlines()[0]
    lines = (getattr(report, "longreprtext", "") or "").strip().splitlines()
    named = [line for line in lines if _EXCEPTION_LINE.match(line)]
    return re.sub(r"^E\s+", "", (named or lines or ["failed"])[-1]).strip()


class ReportWriter:
    """A pytest plugin on the xdist controller (fieldguide.plugin registers it for
    ``--drift-report``): collects each test's outcome and warnings, and writes the report
    when the session ends."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.blocks: dict[str, dict] = {}
        self.warnings: dict[str, list[str]] = {}

    def pytest_warning_recorded(self, warning_message, when, nodeid, location):
        if nodeid:
            text = str(warning_message.message).strip().splitlines()
            first = re.sub(r"\bpid=\d+", "pid=N", text[0] if text else "")  # same each run
            category = warning_message.category.__name__
            self.warnings.setdefault(nodeid, []).append(f"{category}: {first}")

    def pytest_runtest_logreport(self, report) -> None:
        props = dict(report.user_properties)
        ident = props.get("fieldguide_id")
        if ident is None or report.when == "teardown":
            return
        entry = self.blocks.setdefault(
            ident["key"],
            {"hash": ident["hash"], "where": ident["where"], "status": "same", "changes": [],
             "error": None, "nodeid": report.nodeid},
        )  # fmt: skip
        changes = props.get("fieldguide_drift") or []
        if changes:
            entry["changes"] += changes
            if entry["status"] == "same":
                entry["status"] = "changed"
        if report.failed:
            entry["status"], entry["error"] = "fails", _error_line(report)[:300]
        elif report.skipped and report.when in ("setup", "call") and entry["status"] == "same":
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            entry["status"], entry["error"] = "not run", str(reason)[:300]

    def pytest_unconfigure(self, config) -> None:
        for entry in self.blocks.values():
            entry["warnings"] = sorted(set(self.warnings.get(entry.pop("nodeid"), [])))
        versions = environments.found()
        report = {
            "python": versions["python"],
            "torch": versions["torch"],
            "torchvision": versions["torchvision"],
            "cuda": versions["cuda"],
            "pins": environments.pins(),
            "recorded": datetime.date.today().isoformat(),
            "command": os.environ.get("FIELDGUIDE_DRIFT_COMMAND", ""),
            "minutes": 0.0,
            "blocks": self.blocks,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _dump(self.path, report)


# ------------------------------------------------------------------ the page


def pinned_report(reports: list[dict]) -> dict | None:
    """The report recorded under the pins themselves, if any: the baseline for warnings."""
    pinned = (r for r in reports if environments.release(r["torch"]) == r["pins"]["torch"])
    return next(pinned, None)


def load_reports(root: Path = ROOT) -> list[dict]:
    """The committed reports, oldest torch first."""
    files = sorted((root / "docs" / "drift").glob("*.json"))
    reports = [json.loads(p.read_text("utf-8")) for p in files]

    def order(r):
        return tuple(int(x) for x in re.findall(r"\d+", environments.release(r["torch"]))[:3])

    return sorted(reports, key=order)


LABELS = {
    "zh": {
        "pair": "torch {torch} · torchvision {torchvision}（Python {python}，记录于 {recorded}）",
        "counts": "{total} 个代码块中：{same} 个输出相同，{changed} 个输出不同，{fails} 个报错。",
        "none": "本页没有输出不同或报错的代码块。",
        "changed": "输出不同",
        "fails": "报错",
        "block": "第 {n} 个代码块",
        "page": "本页",
        "shown": "页面所示（torch {pin}）",
        "got": "torch {torch} 打印",
        "error": "报错",
        "warns": "新警告",
        "modules": "独立运行的代码文件与笔记本",
        "table": "| 版本 | 相同 | 输出不同 | 报错 |",
        "punct": ("，", "（", "）", "："),
    },
    "en": {
        "pair": "torch {torch} · torchvision {torchvision} (Python {python}, recorded {recorded})",
        "counts": "Of {total} blocks, {same} print the same, {changed} print something else and "
        "{fails} fail.",
        "none": "No block of these pages prints something else or fails.",
        "changed": "prints something else",
        "fails": "fails",
        "block": "block {n}",
        "page": "this page",
        "shown": "on the page (torch {pin})",
        "got": "torch {torch} prints",
        "error": "error",
        "warns": "new warning",
        "modules": "Snippet modules run alone, and notebooks",
        "table": "| versions | same | something else | fail |",
        "punct": (", ", " (", ")", ": "),
    },
}


def _code(text: str) -> str:
    text = text.replace("`", "'")
    return f"`{text}`" if text.strip() else "(nothing)"


# Warnings that are errors under the pins (pyproject.toml): any of them is new.
_ERRORS_UNDER_PINS = ("DeprecationWarning:", "FutureWarning:", "PendingDeprecationWarning:")


def _new_warnings(entry: dict, baseline: dict | None, key: str) -> list[str]:
    """Warnings the pinned versions do not give: against a recorded run under the pins
    when there is one, else those the pins turn into errors (so they cannot occur there)."""
    if baseline is None:
        return [w for w in entry.get("warnings", []) if w.startswith(_ERRORS_UNDER_PINS)]
    before = set(baseline["blocks"].get(key, {}).get("warnings", []))
    return [w for w in entry.get("warnings", []) if w not in before]


def render(lang: str, reports: list[dict], page: str = "toolbox/versions.md") -> str:
    """The Markdown of the drift sections of the versions page in ``lang``: per pair, the
    counts, then each block of that language's pages (and each module or notebook) that
    prints something else or fails, linked, with the values."""
    labels = LABELS.get(lang) or LABELS["zh" if lang.startswith("zh") else "en"]
    source = lang if lang in LABELS else ("zh" if lang.startswith("zh") else "en")
    prefix = f"docs/{source}/"  # a derived edition (zh-Hant) shows its source's blocks
    depth = page.count("/")
    baseline = pinned_report(reports)
    rows, sections = [labels["table"], "| --- | ---: | ---: | ---: |"], []
    for report in reports:
        if report is baseline:
            continue
        mine = {k: e for k, e in report["blocks"].items() if k.startswith(prefix)}
        others = {k: e for k, e in report["blocks"].items() if not k.startswith("docs/")}
        counts = Counter(e["status"] for e in mine.values())
        torch = environments.release(report["torch"])
        rows.append(
            f"| torch {torch} · torchvision {report['torchvision']} | {counts['same']} | "
            f"{counts['changed']} | {counts['fails']} |"
        )
        out = [f"### {labels['pair'].format(**{**report, 'torch': torch})}", ""]
        out.append(
            labels["counts"].format(
                total=len(mine),
                same=counts["same"],
                changed=counts["changed"],
                fails=counts["fails"],
            )  # fmt: skip
        )
        out.append("")
        listed = 0
        for group in (mine, others):
            if group is others and any(
                e["status"] in ("changed", "fails") for e in others.values()
            ):
                out += [f"**{labels['modules']}**", ""]
            for key, entry in sorted(group.items(), key=lambda kv: _order(kv[0])):
                warns = _new_warnings(entry, baseline, key)
                if entry["status"] not in ("changed", "fails") and not warns:
                    continue
                listed += 1
                out.append(_entry(key, entry, labels, depth, prefix, report, torch, warns))
        if not listed:
            out.append(labels["none"])
        sections.append("\n".join(out) + "\n")
    return "\n".join(rows) + "\n\n" + "\n".join(sections)


def _order(key: str) -> tuple:
    path, _, index = key.partition("#")
    return (path, int(index) if index.isdigit() else 0)


def _entry(key, entry, labels, depth, prefix, report, torch, warns) -> str:
    path, _, index = key.partition("#")
    where = entry["where"]
    if path.startswith(prefix):
        target = path[len(prefix) :]
        link = "../" * depth + target
        comma, left, right, _ = labels["punct"]
        block = labels["block"].format(n=int(index) + 1)
        head = f"- [{target}]({link}){comma}{block}{left}`{where}`{right}"
    else:
        head = f"- `{where}`"
    lines = [head]
    if entry["status"] == "changed":
        for change in entry["changes"]:
            colon = labels["punct"][3]
            lines.append(f"    - `{change['at']}`")
            shown = [s[2:].strip() if s.startswith(("#>", "#~")) else s
                     for s in change["expected"]]  # fmt: skip
            lines.append(f"        - {labels['shown'].format(pin=report['pins']['torch'])}{colon}"
                         + "<br>".join(_code(s) for s in shown))  # fmt: skip
            lines.append(f"        - {labels['got'].format(torch=torch)}{colon}"
                         + "<br>".join(_code(s) for s in change["got"]))  # fmt: skip
    elif entry["status"] == "fails":
        error = entry["error"] or ""
        error = error if len(error) <= 200 else error[:199] + "…"
        lines.append(f"    - {labels['error']}{labels['punct'][3]}{_code(error)}")
    for warning in warns:
        lines.append(f"    - {labels['warns']}{labels['punct'][3]}{_code(warning)}")
    return "\n".join(lines)


MARKER = "<!-- drift-report -->"


def fill(markdown: str, lang: str, root: Path = ROOT, page: str = "toolbox/versions.md") -> str:
    """The page with its marker replaced by the rendered reports (the build hook)."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render(lang, load_reports(root), page))
