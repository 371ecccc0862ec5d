"""Measure the site's quality numbers and write bench-report/report.md (+ report.json).

Usage: python benchmarks/site.py [--skip-lighthouse | --only-lighthouse] [--runs 3]
       [--lighthouse-runs 3]                                 (or: nox -s bench -- ...)

Measured, not asserted: these are reports, so a slow machine cannot fail the suite.
- full-suite wall time, block count and outcome of every test, over --runs runs
  (identical outcomes in every run = no flakiness)
- harness overhead: the snippet tests vs running the same modules bare in one process
- both-language build time, the largest page weight, broken links in the built site
- Lighthouse 12 scores with its default settings, i.e. a phone (mobile screen, slow 4G and
  4x CPU throttling, simulated), for a home, a content and a notebook page in each
  language, served on 127.0.0.1 with gzip as a real host serves them; LCP and TBT too.
  Lighthouse comes from npm (cached in .cache/lighthouse), the browser is Chromium
  (CHROME_PATH, else `chromium` on PATH: Debian's package). Each page's numbers are the
  median run of --lighthouse-runs.
- the floor: the same Lighthouse run on a one-paragraph page built with Material's default
  theme and nothing of ours (no content, features, palette or hooks). It shows what this
  host scores before the site adds anything; a page cannot be expected to beat it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import io
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from fieldguide.building import build_site, check, mkdocs_build

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-report"
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
PAGES = {
    "zh home": "/",
    "zh content": "/tensors/creation/",
    "zh notebook": "/workflows/digits_notebook/",
    "en home": "/en/",
    "en content": "/en/tensors/creation/",
    "en notebook": "/en/workflows/digits_notebook/",
    "zh-Hant content": "/zh-Hant/tensors/creation/",
    "zh quiz": "/tensors/questions/",
    "en quiz": "/en/tensors/questions/",
    "en exercises": "/en/tensors/exercises/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Lighthouse metrics reported beside the scores (audit id -> column, milliseconds).
METRICS = {"largest-contentful-paint": "LCP ms", "total-blocking-time": "TBT ms"}
# Goals (issue #16): every page, mobile.
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
GOAL_MS = {"LCP ms": 2500, "TBT ms": 200}


def timed(args: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - start, result


def pytest_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]


def suite(runs: int) -> dict:
    outcomes, times = [], []
    for n in range(runs):
        xml = OUT / f"junit-{n}.xml"
        # The same run as `nox -s tests`: two single-threaded workers.
        seconds, result = timed(
            pytest_command("-n", "2", "--dist", "loadgroup", f"--junitxml={xml}"),
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )
        times.append(round(seconds, 1))
        cases = {}
        for case in ET.parse(xml).getroot().iter("testcase"):
            state = "passed"
            for child in case:
                if child.tag in ("failure", "error", "skipped"):
                    state = child.tag
            cases[f"{case.get('classname')}::{case.get('name')}"] = state
        outcomes.append(cases)
        print(f"suite run {n + 1}: {seconds:.1f} s, exit {result.returncode}", flush=True)
    first = outcomes[0]
    # Page blocks are collected from docs/**/*.md by the fieldguide plugin.
    blocks = [
        name for name, state in first.items() if name.startswith("docs.") and state != "skipped"
    ]
    counts = {state: list(first.values()).count(state) for state in set(first.values())}
    return {
        "wall_s": times,
        "tests": counts,
        "blocks_executed": len(blocks),
        "identical_runs": all(o == first for o in outcomes),
    }


def snippet_time(module: str) -> dict:
    """Wall and CPU seconds of one snippet run alone, as a reader would run it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as tmp:  # figures land there, not in the repo
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(ROOT / module)],
            cwd=tmp,
            capture_output=True,
            text=True,
            env={**os.environ, "MPLBACKEND": "Agg"},
        )
        seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr[-2000:]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"module": module, "wall_s": round(seconds, 1), "cpu_s": round(cpu, 1),
            "output": result.stdout.strip().splitlines()[-3:]}  # fmt: skip


def harness_overhead() -> dict:
    modules = sorted(p for p in (ROOT / "snippets").rglob("*.py") if "__pycache__" not in p.parts)
    snippet_test, _ = timed(pytest_command("tests/test_snippets.py", "-k", "runs_alone"))
    bare_code = (
        "import os, runpy, sys, tempfile, contextlib, io\n"
        "for m in sys.argv[1:]:\n"
        "    if '# run: subprocess' in open(m).read() or '# requires: cuda' in open(m).read():\n"
        "        continue\n"
        "    os.chdir(tempfile.mkdtemp())\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        runpy.run_path(m, run_name='__main__')\n"
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    subprocess_modules = [m for m in modules if "# run: subprocess" in m.read_text("utf-8")]
    bare, result = timed([sys.executable, "-c", bare_code, *map(str, modules)], env=env)
    for module in subprocess_modules:  # the suite runs these in their own interpreter too
        extra, _ = timed([sys.executable, str(module)], env=env)
        bare += extra
    assert result.returncode == 0, result.stderr[-2000:]
    return {
        "snippet_tests_s": round(snippet_test, 1),
        "bare_modules_s": round(bare, 1),
        "ratio": round(snippet_test / bare, 2),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(site: Path, port: int) -> float:
    """Both languages, strictly, as the tests build them (fieldguide.building)."""
    start = time.perf_counter()
    build_site(site, f"http://127.0.0.1:{port}/")
    return round(time.perf_counter() - start, 1)


def preview_reload() -> dict:
    """Writer mode as the browser test measures it (tests/browser/test_live_reload.py), on
    the whole site: the seconds it records as JUnit properties; {} where it did not pass
    (no Chromium)."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "live.xml"
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "tests/browser/test_live_reload.py", f"--junitxml={junit}"],
            cwd=ROOT, capture_output=True,
            env={**os.environ, "FIELDGUIDE_PREVIEW_WHOLE_SITE": "1"},  # not the test's 4 pages
        )  # fmt: skip
        if not junit.exists():
            return {}
        case = ET.parse(junit).getroot().find(".//testcase")
        if case is None or any(
            case.find(tag) is not None for tag in ("failure", "error", "skipped")
        ):
            return {}  # failed or skipped: no figures
        return {p.get("name"): float(p.get("value")) for p in case.iter("property")}


LOADS = re.compile(r'<(?:script|img|source)[^>]*\ssrc="([^"]+)"|<link[^>]*\shref="([^"]+)"')


def local_target(site: Path, page: Path, url: str) -> Path:
    """The file a local URL on ``page`` points at ("/x" is relative to the site root)."""
    path = unquote(urlsplit(url).path)
    base = site if path.startswith("/") else page.parent
    return (base / path.lstrip("/")).resolve()


def page_weights(site: Path) -> tuple[list[tuple[int, str]], list[str]]:
    """Bytes each page loads by itself (HTML + local scripts, styles, images), and broken
    links (local href/src that resolve to nothing)."""
    weights, broken = [], []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text("utf-8")
        total = len(html.encode())
        for m in LOADS.finditer(html):
            url = m.group(1) or m.group(2)
            if url.startswith(("http", "//", "data:")):
                continue
            target = local_target(site, page, url)
            if target.is_file():
                total += target.stat().st_size
        for url in re.findall(r'(?:href|src)="([^"#]+)', html):
            if url.startswith(("http", "//", "data:", "mailto:")):
                continue
            target = local_target(site, page, url)
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {url}")
        weights.append((total, str(page.relative_to(site))))
    return sorted(weights, reverse=True), broken


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".ipynb", ".py"}


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files as a real host serves them: text compressed with gzip
    (Content-Encoding) when the browser accepts it; everything else as is."""

    cache: dict[Path, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the base class redirects to ".../"
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, port: int):
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def lighthouse_binary() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "lighthouse@12"],
            cwd=LIGHTHOUSE_DIR,
            check=True,
        )
    return binary


def lighthouse_once(binary: Path, url: str, chromium: str, report: Path) -> dict:
    """One Lighthouse run with its defaults (mobile, simulated slow 4G, 4x CPU)."""
    flags = (
        "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync "
        "--disable-background-networking --disable-component-update"
    )
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={flags}",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": chromium},
        capture_output=True,
    )
    data = json.loads(report.read_text("utf-8"))
    assert data["configSettings"]["formFactor"] == "mobile", "not Lighthouse's defaults"
    scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    for audit, column in METRICS.items():
        scores[column] = round(data["audits"][audit]["numericValue"])
    # How fast this machine ran Chromium: simulated throttling scales what it observed, so
    # a busy or slow host inflates TBT (Lighthouse calls a typical desktop ~1000-2000).
    scores["benchmarkIndex"] = round(data["environment"]["benchmarkIndex"])
    scores["failed_audits"] = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
        and any(
            audit["id"] == ref["id"]
            for c in ("accessibility", "best-practices", "seo")
            for ref in data["categories"][c]["auditRefs"]
            if ref.get("weight", 0) > 0
        )
    ]
    return scores


def floor_site(tmp: Path) -> Path:
    """One paragraph, Material's default theme, nothing of ours (fonts off: no network)."""
    docs, site = tmp / "floor-docs", tmp / "floor-site"
    docs.mkdir()
    (docs / "index.md").write_text("# Floor\n\nOne paragraph and Material's default theme.\n")
    config = tmp / "floor.yml"
    config.write_text(
        f"site_name: Floor\ndocs_dir: {docs}\nsite_dir: {site}\n"
        "theme:\n  name: material\n  font: false\n"
    )
    check(config, mkdocs_build(config))
    return site


def lighthouse(site: Path, port: int, runs: int = 1) -> dict:
    binary = lighthouse_binary()
    chromium = (
        os.environ.get("CHROME_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or ""
    )
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        floor = floor_site(Path(tmp))
        targets = [(name, site, port, path) for name, path in PAGES.items()]
        targets.append(("floor: Material alone", floor, free_port(), "/"))
        for name, root, root_port, path in targets:
            with serve(root, root_port) as base:
                tries = [
                    lighthouse_once(binary, base + path, chromium, Path(tmp) / "report.json")
                    for _ in range(runs)
                ]
            # The median run by performance score stands for the page (as PSI does).
            tries.sort(key=lambda t: (t["performance"], -t["TBT ms"]))
            scores[name] = tries[len(tries) // 2]
            if runs > 1:
                scores[name]["performance_runs"] = [t["performance"] for t in tries]
            print(f"lighthouse {name}: {scores[name]}", flush=True)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure the site's quality numbers.")
    parser.add_argument("--runs", type=int, default=3, help="full-suite runs (flakiness check)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument(
        "--only-lighthouse", action="store_true", help="the pages only, no suite runs"
    )
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="runs per page (the median is kept)"
    )
    parser.add_argument(
        "--site", type=Path, help="measure this site, built for --port, instead of building"
    )
    parser.add_argument("--port", type=int, help="the port --site was built for")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        site, port = Path(tmp) / "site", free_port()
        if args.site:
            site, port, report["build_s"] = args.site.resolve(), args.port, "-"
        else:
            with contextlib.redirect_stdout(io.StringIO()):
                report["build_s"] = build(site, port)  # the caches as found
                report["build_warm_s"] = build(site, port)  # nothing changed since
        print(f"build (every edition): {report['build_s']} s", flush=True)
        weights, broken = page_weights(site)
        report["largest_pages"] = [{"bytes": b, "page": p} for b, p in weights[:5]]
        report["broken_links"] = broken
        if not args.skip_lighthouse:
            report["lighthouse"] = lighthouse(site, port, args.lighthouse_runs)
    if not args.only_lighthouse:
        report["preview"] = preview_reload()
        print(f"writer mode (nox -s serve): {report['preview']}", flush=True)
        report["harness"] = harness_overhead()
        print(f"harness: {report['harness']}", flush=True)
        report["digits_cnn"] = snippet_time("snippets/practice/digits_cnn.py")
        print(f"digits CNN vs SVC: {report['digits_cnn']}", flush=True)
        report["suite"] = suite(args.runs)
    (OUT / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    (OUT / "report.md").write_text(markdown(report))
    print((OUT / "report.md").read_text())


def markdown(r: dict) -> str:
    lines = [
        "# Site quality report",
        "",
        "| measure | value | goal |",
        "| --- | --- | --- |",
    ]
    if "suite" in r:
        s, h = r["suite"], r["harness"]
        lines += [
            f"| full suite wall time (s), per run | {', '.join(map(str, s['wall_s']))} | <= 120 |",
            f"| code blocks executed | {s['blocks_executed']} | |",
            f"| test outcomes | {s['tests']} | |",
            f"| identical outcomes in every run | {s['identical_runs']} | True |",
            f"| snippet tests / bare modules (s) | {h['snippet_tests_s']} / "
            f"{h['bare_modules_s']} | |",
            f"| harness overhead ratio | {h['ratio']} | <= 1.3 |",
            f"| digits CNN snippet alone, wall / CPU (s) | {r['digits_cnn']['wall_s']} / "
            f"{r['digits_cnn']['cpu_s']} | ~10 |",
        ]
    lines += [
        f"| build of every edition (s), then again warm | {r['build_s']}, "
        f"{r.get('build_warm_s', '-')} | warm <= 15 |",
        f"| largest page weight (bytes) | {r['largest_pages'][0]['bytes']} "
        f"({r['largest_pages'][0]['page']}) | <= 1 MB |",
        f"| broken links | {len(r['broken_links'])} | 0 |",
    ]
    if r.get("preview"):
        p = r["preview"]
        lines += [
            f"| writer mode: preview up (s) | {p.get('preview_up_s', '-')} | <= 30 |",
            f"| writer mode: page saved -> reloaded tab, zh / en (s) | "
            f"{p.get('zh_page_reload_s', '-')} / {p.get('en_page_reload_s', '-')} | <= 3 |",
            f"| writer mode: snippet saved -> reloaded tab (s) | "
            f"{p.get('snippet_reload_s', '-')} | <= 3 |",
        ]
    if "lighthouse" in r:
        columns = (*CATEGORIES, *METRICS.values(), "benchmarkIndex")
        goals = [f">= {GOALS[c]}" for c in CATEGORIES]
        goals += [f"<= {GOAL_MS[m]}" for m in METRICS.values()] + [""]
        lines += [
            "",
            "Lighthouse 12, default (mobile) settings, gzip-serving local server "
            "(benchmarkIndex: this host's speed as Lighthouse measured it):",
            "",
            "| page | " + " | ".join(columns) + " | failed audits |",
            "| --- " * (len(columns) + 2) + "|",
            "| goal | " + " | ".join(goals) + " | - |",
        ]
        for name, sc in r["lighthouse"].items():
            cells = " | ".join(str(sc[c]) for c in columns)
            lines.append(f"| {name} | {cells} | {', '.join(sc['failed_audits']) or '-'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
