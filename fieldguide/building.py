"""Building the site: one way to run `mkdocs build`, for the tests, the books and the bench.

Every build is strict (mkdocs.yml says so) and none passes -q: the warnings that strict
mode turns into failures are the message a contributor needs, so a failed build returns
them. `nox -s docs` runs the same two commands in the open, so its output streams live.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .layout import ROOT

# zh at the site's root, en under /en/: each config with the folder it builds into.
CONFIGS = (("mkdocs.yml", ""), ("mkdocs.en.yml", "en"))


class BuildError(RuntimeError):
    """A build failed; the message names the config and shows its warnings."""


def build_env(site_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a build. ``site_url`` (else SITE_URL) is the Chinese root's public
    URL; the English root is below it, unless SITE_URL_EN names another (``site_url``
    given, the English root always follows it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
    if site_url:
        env["SITE_URL"] = site_url
        env.pop("SITE_URL_EN", None)
    if env.get("SITE_URL") and not env.get("SITE_URL_EN"):
        env["SITE_URL_EN"] = env["SITE_URL"].rstrip("/") + "/en/"
    return env


def mkdocs_build(
    config: str | Path, out: Path | None = None, *, env: dict | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict -f config [-d out]`, output captured."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    if out is not None:
        command += ["-d", str(out)]
    return subprocess.run(command, cwd=cwd, env=env or build_env(), capture_output=True, text=True)


def warnings(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "WARNING" in line]


def check(config: str | Path, result: subprocess.CompletedProcess) -> None:
    """Raise BuildError, with the warnings (or the end of stderr), unless the build is clean."""
    found = warnings(result)
    if result.returncode != 0 or found:
        shown = "\n".join(found or [result.stderr[-3000:]])
        raise BuildError(f"{config}: the strict build failed:\n{shown}")


def build_site(out: Path, site_url: str | None = None, **extra_env: str) -> Path:
    """Both languages into ``out`` (zh) and ``out/en``; BuildError on any warning."""
    env = build_env(site_url, **extra_env)
    for config, sub in CONFIGS:
        result = mkdocs_build(config, out / sub, env=env)
        check(config, result)
    return out
