"""Splitting the suite across CI machines by topic, and sharing one built site among them.

``pytest --shard K/N`` runs the K-th of N shards. A shard is made of whole *units*, never
parts of one: a topic (its zh and en pages, snippet module, test and notebook:
fieldguide.topics), the ``site`` group (every test that uses the built site) and,
for every other test, its file (module fixtures are set up once). Units are balanced by
their stored durations (``.test_durations``, one entry per test, pytest-split's format): a
test with no entry counts as the mean of its unit's known tests (a page's block ids move
with its lines), else of all tests. The biggest unit goes first, each to the shard with
the least so far (ties: the lower shard, then the unit's name), so every machine computes
the same plan from the same collection, and every test lands in exactly one shard.
``--store-shard-durations`` writes the durations of a run into the file (from a full run:
MAINTAINERS.md, "Building, previewing and splitting the suite in CI").

The built site: ``python -m fieldguide.shards site DIR`` builds it once, as the tests' ``site``
fixture does, into ``DIR/site`` for a fixed local URL, and stamps it with the tree it was
built from (``DIR/stamp.json``). With ``FIELDGUIDE_PREBUILT_SITE=DIR`` the fixture uses a copy
of it when the stamp matches this tree and its port is free, and builds as before otherwise
(saying why).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from .layout import ROOT

DURATIONS = ROOT / ".test_durations"
PREBUILT = "FIELDGUIDE_PREBUILT_SITE"
PORT = 8765  # the prebuilt site's URL: http://127.0.0.1:8765/


# ------------------------------------------------------------------------- the plan


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/3"`` -> (2, 3); a clear error otherwise."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        k = n = 0
    if not 1 <= k <= n:
        raise pytest.UsageError(f"--shard {text}: expected K/N with 1 <= K <= N, e.g. 2/3")
    return k, n


def unit(item) -> str:
    """The unit an item is sharded with: its xdist group (a topic, fieldguide.topics, or the
    site), else its file."""
    from .plugin import xdist_group

    group = xdist_group(item)
    return group if group is not None else "file:" + item.nodeid.split("::")[0]


def item_seconds(items: list, units: list[str], stored: dict[str, float]) -> list[float]:
    """Each item's stored seconds (keyed with or without xdist's ``@group`` suffix); the
    mean of its unit's known items where it has none, else the mean of all known."""
    found = [stored.get(without_group(item.nodeid)) for item in items]
    known = [s for s in found if s is not None]
    overall = sum(known) / len(known) if known else 1.0
    per_unit: dict[str, list[float]] = {}
    for name, seconds in zip(units, found, strict=True):
        if seconds is not None:
            per_unit.setdefault(name, []).append(seconds)
    return [
        s if s is not None else (sum(per_unit[u]) / len(per_unit[u]) if u in per_unit else overall)
        for s, u in zip(found, units, strict=True)
    ]


def without_group(nodeid: str) -> str:
    """A test's id without the ``@group`` that xdist's loadgroup appends to it."""
    head, at, tail = nodeid.rpartition("@")
    return head if at and "::" in head and "]" not in tail and "::" not in tail else nodeid


def plan(weights: dict[str, float], n: int) -> dict[str, int]:
    """Unit -> shard (1..n): the biggest unit first, each to the lightest shard so far."""
    loads = [0.0] * n
    shard_of = {}
    for name in sorted(weights, key=lambda u: (-weights[u], u)):
        k = min(range(n), key=lambda i: (loads[i], i))
        loads[k] += weights[name]
        shard_of[name] = k + 1
    return shard_of


def load_durations(path: Path) -> dict[str, float]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        raise pytest.UsageError(
            f"{path}: not JSON ({exc}); refresh it (--store-shard-durations)"
        ) from None
    if not isinstance(data, dict):
        raise pytest.UsageError(f"{path}: not a mapping of test ids to seconds")
    return {without_group(k): float(v) for k, v in data.items()}


def split(items: list, k: int, n: int, stored: dict[str, float]) -> tuple[list, list, dict]:
    """(kept, deselected, summary) for shard k of n, in collection order."""
    units = [unit(item) for item in items]
    seconds = item_seconds(items, units, stored)
    weights: dict[str, float] = {}
    for name, s in zip(units, seconds, strict=True):
        weights[name] = weights.get(name, 0.0) + s
    shard_of = plan(weights, n)
    kept = [item for item, name in zip(items, units, strict=True) if shard_of[name] == k]
    gone = [item for item, name in zip(items, units, strict=True) if shard_of[name] != k]
    loads = [sum(w for u, w in weights.items() if shard_of[u] == i) for i in range(1, n + 1)]
    summary = {
        "shard": k,
        "shards": n,
        "loads": loads,
        "units": {u: [shard_of[u], round(w, 3)] for u, w in sorted(weights.items())},
        "items": {
            without_group(item.nodeid): [name, shard_of[name]]
            for item, name in zip(items, units, strict=True)
        },
    }
    return kept, gone, summary


# -------------------------------------------------------------------- pytest hooks


def add_options(parser) -> None:
    group = parser.getgroup("fieldguide shards")
    group.addoption(
        "--shard", default=None, metavar="K/N",
        help="run the K-th of N shards: whole topics (pages, module, test, notebook), the "
        "site's tests and other test files, balanced by stored durations",
    )  # fmt: skip
    group.addoption(
        "--shard-durations", default=str(DURATIONS), metavar="PATH",
        help="the stored durations --shard balances with (default .test_durations)",
    )  # fmt: skip
    group.addoption(
        "--shard-plan", default=None, metavar="PATH",
        help="with --shard: write the whole plan (every test's shard, every unit's) as JSON",
    )  # fmt: skip
    group.addoption(
        "--store-shard-durations", action="store_true",
        help="write this run's durations into --shard-durations (from a full run)",
    )  # fmt: skip


_SUMMARY = pytest.StashKey[dict]()


def biggest_first(items: list, stored: dict[str, float]) -> None:
    """Reorder ``items`` in place: whole units, the longest (by stored durations) first,
    each unit's items in their order. xdist hands out the groups in this order, so the
    long ones start at once instead of one of them ending the run alone on one worker."""
    units = [unit(item) for item in items]
    weights: dict[str, float] = {}
    first: dict[str, int] = {}
    for i, (name, s) in enumerate(zip(units, item_seconds(items, units, stored), strict=True)):
        weights[name] = weights.get(name, 0.0) + s
        first.setdefault(name, i)
    order = sorted(range(len(items)), key=lambda i: (-weights[units[i]], first[units[i]], i))
    items[:] = [items[i] for i in order]


def by_group(config) -> bool:
    """Does this run hand out xdist groups (`-n N --dist loadgroup`)?"""
    return config.getoption("dist", "no") == "loadgroup"


@pytest.hookimpl(trylast=True)  # after -k/-m, and after the plugin marks the xdist groups
def pytest_collection_modifyitems(config, items):
    text = config.getoption("shard", None)
    if not text:
        if by_group(config):
            biggest_first(items, load_durations(Path(config.getoption("shard_durations"))))
        return
    k, n = parse_shard(text)
    stored = load_durations(Path(config.getoption("shard_durations")))
    kept, gone, summary = split(items, k, n, stored)
    config.stash[_SUMMARY] = summary
    if path := config.getoption("shard_plan", None):
        if getattr(config, "workerinput", {}).get("workerid", "gw0") == "gw0":  # one writer
            Path(path).write_text(json.dumps(summary, indent=1, ensure_ascii=False), "utf-8")
    if gone:
        config.hook.pytest_deselected(items=gone)
        items[:] = kept
    if by_group(config):
        biggest_first(items, stored)


def pytest_report_collectionfinish(config, start_path, items):
    summary = config.stash.get(_SUMMARY, None)
    if summary is None:
        return None
    k, loads = summary["shard"], summary["loads"]
    units = sum(1 for shard, _ in summary["units"].values() if shard == k)
    shown = " / ".join(f"{s:.1f}" for s in loads)
    return f"shard {k}/{summary['shards']}: {units} units, ~{loads[k - 1]:.1f} s stored ({shown})"


def pytest_runtest_logreport(report):
    if _STORE:
        key = report.nodeid
        _STORE[0][key] = _STORE[0].get(key, 0.0) + report.duration


_STORE: list[dict] = []


def pytest_configure(config):
    if by_group(config):  # xdist would hand out the groups with the most tests first instead
        config.option.loadscopereorder = False
    if config.getoption("shard", None):
        parse_shard(config.getoption("shard"))  # a usage error before anything is collected
    if config.getoption("store_shard_durations", False) and not hasattr(config, "workerinput"):
        _STORE[:] = [{}]


def pytest_unconfigure(config):
    if not _STORE:
        return
    measured = _STORE.pop()
    path = Path(config.getoption("shard_durations"))
    stored = load_durations(path)
    stored.update({without_group(k): v for k, v in measured.items()})
    # Tests of files that are gone are dropped; the others wait for their next run.
    kept = {k: v for k, v in stored.items() if (config.rootpath / k.split("::")[0]).exists()}
    path.write_text(json.dumps(dict(sorted(kept.items())), indent=4) + "\n", "utf-8")


# ----------------------------------------------------------------- the shared site


def tree_stamp(root: Path = ROOT) -> str:
    """A hash of the commit and of every file git tracks or would track (their content as
    it is now): two checkouts of one commit, unchanged, give the same stamp."""

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=True).stdout

    digest = hashlib.sha256(git("rev-parse", "HEAD"))
    for name in sorted(git("ls-files", "-co", "--exclude-standard", "-z").split(b"\0")):
        path = root / os.fsdecode(name)
        if name and path.is_file():
            digest.update(name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def prebuilt_site(env=os.environ, root: Path = ROOT) -> tuple[Path, int] | None:
    """(the site, its port) of ``FIELDGUIDE_PREBUILT_SITE`` when it can stand for a build of
    this tree; None when unset, or (with a warning that says why) when it cannot."""
    folder = env.get(PREBUILT)
    if not folder:
        return None
    stamp_file, site = Path(folder) / "stamp.json", Path(folder) / "site"
    try:
        stamp = json.loads(stamp_file.read_text("utf-8"))
        tree, port = stamp["tree"], int(stamp["port"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        why = f"{stamp_file} is missing or unreadable ({exc})"
    else:
        if not (site / "index.html").exists():
            why = f"{site} holds no built site"
        elif tree != tree_stamp(root):
            why = f"{site} was built from another tree (its stamp differs)"
        elif not port_free(port):
            why = f"its port {port} is taken"
        else:
            return site, port
    warnings.warn(f"{PREBUILT}: not used, building the site: {why}", stacklevel=2)
    return None


def build_prebuilt(folder: Path, port: int = PORT, root: Path = ROOT) -> Path:
    """Build the site as the ``site`` fixture does, into ``folder/site``, and stamp it."""
    from .building import build_site

    folder = Path(folder).resolve()
    stamp = tree_stamp(root)  # before the build: what it is built from
    site = build_site(folder / "site", f"http://127.0.0.1:{port}/", root=root)
    (folder / "stamp.json").write_text(json.dumps({"tree": stamp, "port": port}) + "\n", "utf-8")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fieldguide.shards", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    site = sub.add_parser("site", help="build the tests' site once, stamped, into DIR/site")
    site.add_argument("folder", type=Path)
    site.add_argument("--port", type=int, default=PORT)
    args = parser.parse_args(argv)
    from .building import BuildError

    try:
        built = build_prebuilt(args.folder, args.port)
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{built}: built for http://127.0.0.1:{args.port}/; {PREBUILT}={args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
