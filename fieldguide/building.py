"""Building the site: the one `mkdocs build` there is, for nox, the tests, the books and the bench.

Every build is strict (mkdocs.yml says so) and none passes -q: the warnings that strict
mode turns into failures are the message a contributor needs, so a failed build raises
them (BuildError). `python -m fieldguide.building` is what `nox -s docs` and `publish` run.

Every edition of docs/languages.yml builds side by side (zh into the site's root, en and
zh-Hant each into a folder of its own, moved to en/ and zh-Hant/ when all are done: the zh
build cleans its whole folder). Figures the snippets draw are drawn first, in parallel,
into their content-keyed cache, so that the builds do not all draw them.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import environments, languages
from .layout import ROOT

# A URL of the machine that built the site: never in a deployed page. (The DDP lesson names
# 127.0.0.1 in prose and code; only URLs are leaks.)
LOCAL_URL = re.compile(r"(?:https?:)?//(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\])[^\s\"'<>]*")
TEXT_SUFFIXES = (".html", ".xml", ".json", ".js", ".css", ".txt")


class BuildError(RuntimeError):
    """A build failed; the message names the config and shows its warnings."""


def local_url(url: str) -> str:
    """The preview's URL on ``port`` or a URL as given: http://127.0.0.1:8000/."""
    return url if "://" in url else f"http://127.0.0.1:{url}/"


def local_urls(site: Path) -> list[str]:
    """`page: url` for every URL of this machine in the built site's text files."""
    return [
        f"{page.relative_to(site)}: {match.group(0)}"
        for page in sorted(site.rglob("*"))
        if page.suffix in TEXT_SUFFIXES
        for match in LOCAL_URL.finditer(page.read_text("utf-8", errors="replace"))
    ]


def build_env(
    site_url: str | None = None, *, root: Path | None = None, **extra: str
) -> dict[str, str]:
    """The environment of a build. ``site_url`` (else SITE_URL) is the site root's public
    URL; each other edition's root is below it (SITE_URL_EN = SITE_URL + "en/", ...),
    unless its variable names another (``site_url`` given, they always follow it)."""
    # One thread for torch where a build draws figures: two builds (or two drawing workers)
    # share the cores, and idle OpenMP threads spin (3x the CPU time, measured).
    env = {"OMP_NUM_THREADS": "1", **os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    # Importing nbconvert (mkdocs-jupyter) loads every installed exporter only to list their
    # names in a help text: ~0.2 s of CPU per build (of ~1.1 for a small site), same output.
    env.setdefault("NBCONVERT_DISABLE_CONFIG_EXPORTERS", "1")
    # Each build is a fresh process importing MkDocs, Material, nbconvert, jieba...: where
    # the environment forbids bytecode beside the sources, every build compiled them all
    # again (~1.2 s of CPU per edition, measured). Kept in .cache/ instead.
    env = environments.keeping_bytecode(env)
    env.update(extra)
    others = [lang for lang in languages.editions(root) if lang.prefix]
    if site_url:
        env["SITE_URL"] = site_url
        for lang in others:
            env.pop(lang.url_variable, None)
    for lang in others:
        if env.get("SITE_URL") and not env.get(lang.url_variable):
            env[lang.url_variable] = env["SITE_URL"].rstrip("/") + "/" + lang.prefix
    return env


def mkdocs_command(config: str | Path, out: Path | None = None) -> list[str]:
    """`mkdocs build --strict -f config [-d out]`: the only build command there is."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    return command + (["-d", str(out)] if out is not None else [])


def mkdocs_build(
    config: str | Path, out: Path | None = None, *, env: dict | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """One config, strictly, output captured."""
    return subprocess.run(
        mkdocs_command(config, out), cwd=cwd, env=env or build_env(), capture_output=True, text=True
    )


def warnings(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "WARNING" in line]


def check(config: str | Path, result: subprocess.CompletedProcess) -> None:
    """Raise BuildError, with the warnings (or the end of stderr), unless the build is clean."""
    found = warnings(result)
    if result.returncode != 0 or found:
        shown = "\n".join(found or [result.stderr[-3000:]])
        raise BuildError(f"{config}: the strict build failed:\n{shown}")


def one_thread() -> None:
    """A drawing worker's start: torch (imported later, by the snippet) uses one thread."""
    os.environ["OMP_NUM_THREADS"] = "1"


def draw_figures(root: Path = ROOT) -> int:
    """Draw, two at a time, the figures of every snippet module whose content-keyed cache
    (fieldguide.figures) lacks them; the builds then only read the cache. Returns how many
    modules were run."""
    from . import figures

    missing = [
        module
        for module in sorted((root / "snippets").rglob("*.py"))
        if (names := figures.declared_figures(module))
        and not all((figures.cache_dir(module, root) / name).exists() for name in names)
    ]
    if len(missing) > 1:
        # spawn, not fork: the caller may be a test process with threads of its own.
        spawn = multiprocessing.get_context("spawn")
        workers = min(2, os.cpu_count() or 1)
        with ProcessPoolExecutor(workers, spawn, initializer=one_thread) as pool:
            list(pool.map(figures.draw, missing, [root] * len(missing)))
    elif missing:
        figures.draw(missing[0], root)
    return len(missing)


def build_site(
    out: Path, site_url: str | None = None, *, pdf_books: bool = False, root: Path = ROOT
) -> Path:
    """Every edition into ``out`` (zh) and ``out/<prefix>`` (en/, zh-Hant/); BuildError on
    any warning.

    ``pdf_books``: the home pages link the PDF books (only for a site that gets them).
    ``root``: the sources (a test's fixture site; the repository by default).
    """
    out, root = Path(out).resolve(), Path(root).resolve()
    env = build_env(site_url, root=root, FIELDGUIDE_PDF_BOOKS="true" if pdf_books else "false")
    draw_figures(root)
    targets = {}
    for lang in languages.editions(root):
        if not lang.prefix:
            targets[lang.config] = (out, None)
            continue
        folder = out.parent / f".{out.name}.{lang.code}-build"
        shutil.rmtree(folder, ignore_errors=True)
        targets[lang.config] = (folder, out / lang.prefix)
    # Popen, not a pool: each build is a process of its own (MkDocs keeps plugin instances
    # per process), and they share the cores.
    running = {
        config: subprocess.Popen(
            mkdocs_command(config, target),
            cwd=root,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for config, (target, _) in targets.items()
    }
    for config, process in running.items():
        stdout, stderr = process.communicate()
        check(config, subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    for target, final in targets.values():
        if final is not None:
            shutil.rmtree(final, ignore_errors=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            target.rename(final)
    return out


def build_in_process(
    config_file: Path, site_dir: Path, site_url: str, *, dirty: bool, plugins: dict
) -> None:
    """One language built by MkDocs' own ``build`` in this process, for the preview
    (fieldguide.serving), as `mkdocs serve` does it: not strict, ``dirty`` to rebuild only
    the pages whose source is newer than their output. ``plugins``: this language's plugin
    instances, kept between builds (Material's search keeps its index for dirty builds).
    MkDocs keeps them in its config schema, shared by every config of a process: without
    one dict per language, zh and en would share one search index."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    dict(MkDocsConfig._schema)["plugins"].plugin_cache = plugins
    config = load_config(
        config_file=str(config_file), site_dir=str(site_dir), site_url=site_url, strict=False
    )
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=site_url, dirty=dirty)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fieldguide.building", description="Build every edition, strictly."
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="where (default site/)")
    parser.add_argument("--url", help="the public root URL, or a port for the local preview")
    parser.add_argument("--pdf-books", action="store_true", help="link the PDF books")
    parser.add_argument(
        "--local-urls", action="store_true",
        help="build nothing: fail if any page of --site names 127.0.0.1 or localhost",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.local_urls:
        if leaks := local_urls(args.site):
            shown = "\n  ".join(leaks[:20])
            print(f"{len(leaks)} local URL(s) in {args.site}:\n  {shown}", file=sys.stderr)
            return 1
        print(f"{args.site}: no local URLs")
        return 0
    start = time.perf_counter()
    url = local_url(args.url) if args.url else os.environ.get("SITE_URL") or local_url("8000")
    try:
        site = build_site(args.site, url, pdf_books=args.pdf_books)
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    built = ", ".join(languages.codes())
    print(f"{site}: {built} built in {time.perf_counter() - start:.1f} s for {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
