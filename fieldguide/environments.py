"""Which environment the code runs in: the versions found beside the pinned ones.

The site's outputs are checked under the pins of pyproject.toml (torch and torchvision,
Python 3.11–3.13). Readers run other versions; there a `#>` line that no longer matches is
*version drift*: reported with both values, never a failure (fieldguide.plugin). Under the
pins nothing changes: a mismatch fails.

- ``pins()``: the pinned versions, read from pyproject.toml (no import of torch).
- ``found()``: what this interpreter has (torch's build tag and CUDA version read from its
  ``version.py``, without importing it).
- ``on_pins()``: torch and torchvision are the pinned releases (a local build tag such as
  ``+cu130`` is the same release).
- ``key()``: the versions that can change what a cache holds (Python, torch, torchvision,
  numpy, matplotlib), for every cache key.
- ``pytest_command(python)``, ``pytest_env(python)``: run the test suite in another
  interpreter that does not have the project installed (``nox -s tests -- --python PATH``).
- ``python -m fieldguide versions [--python PATH]`` prints what was found beside the pins.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The Python versions we support (pyproject.toml's requires-python, as a list to name).
SUPPORTED_PYTHONS = ((3, 11), (3, 12), (3, 13))
PINNED_PACKAGES = ("torch", "torchvision")
# Environment variable that pretends other versions (tests of the drift rule, rehearsals):
# "torch=2.11.0,torchvision=0.26.0".
PRETEND = "FIELDGUIDE_PRETEND_VERSIONS"


def supported_pythons() -> str:
    """'3.11, 3.12 or 3.13'."""
    names = [f"{a}.{b}" for a, b in SUPPORTED_PYTHONS]
    return ", ".join(names[:-1]) + " or " + names[-1]


def python_supported(version: tuple[int, int] = sys.version_info[:2]) -> bool:
    return tuple(version[:2]) in SUPPORTED_PYTHONS


@functools.cache
def pins(root: Path = ROOT) -> dict[str, str]:
    """{"torch": "2.14.1", "torchvision": "0.29.1", "python": "3.11, 3.12 or 3.13"}."""
    import tomllib

    data = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    found = {"python": supported_pythons()}
    for requirement in data["dependency-groups"]["torch"]:
        if isinstance(requirement, str) and (m := re.fullmatch(r"([\w-]+)==([\w.]+)", requirement)):
            found[m[1]] = m[2]
    return found


def release(version: str | None) -> str | None:
    """'2.11.0+cu130' -> '2.11.0' (the local build tag names the build, not the release)."""
    return None if version is None else version.split("+", 1)[0]


def _pretended() -> dict[str, str]:
    text = os.environ.get(PRETEND, "").strip()
    return dict(part.split("=", 1) for part in text.split(",") if "=" in part)


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def found(with_cuda: bool = True) -> dict[str, str | None]:
    """The versions this interpreter has (None: not installed)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in ("torch", "torchvision", "numpy", "matplotlib"):
        versions[name] = _version(name)
    versions["cuda"] = None
    if with_cuda and versions["torch"] is not None:
        built = _torch_build()
        versions["torch"] = built["__version__"]  # with its build tag (+cu130, +cpu)
        versions["cuda"] = built["cuda"]
    versions.update(_pretended())
    return versions


def _torch_build() -> dict:
    """torch's version.py (its version with the build tag, and its CUDA version), read
    without importing torch: the pytest header asks in a process that never imports it
    (xdist's controller), and the import costs ~3 s of CPU."""
    import importlib.util
    import runpy

    spec = importlib.util.find_spec("torch")
    return runpy.run_path(str(Path(spec.submodule_search_locations[0]) / "version.py"))


def _matches(name: str, have: dict[str, str | None]) -> bool:
    """Is what was found of ``name`` what we pin (for Python: one we support)?"""
    if name == "python":
        version = tuple(int(x) for x in (have.get("python") or "0.0").split(".")[:2])
        return python_supported(version)
    return release(have.get(name)) == pins().get(name)


@functools.cache
def on_pins() -> bool:
    """torch and torchvision are the pinned releases, on a supported Python."""
    have = found(with_cuda=False)
    return python_supported() and all(_matches(name, have) for name in PINNED_PACKAGES)


@functools.cache
def key() -> str:
    """The versions that can change what a cached result holds (one string)."""
    have = found(with_cuda=False)
    python = ".".join(platform.python_version_tuple()[:2])
    parts = [f"python={python}"] + [
        f"{name}={have.get(name)}" for name in ("torch", "torchvision", "numpy", "matplotlib")
    ]
    return ";".join(parts)


def header_lines(versions: dict[str, str | None] | None = None) -> list[str]:
    """What was found, beside the pins; the last line says what a mismatch means here."""
    have = found() if versions is None else versions
    lines = []
    for name in ("python", *PINNED_PACKAGES):
        got = have.get(name) or "not installed"
        mark = "" if _matches(name, have) else "   <- differs"
        lines.append(f"  {name:<12} {got:<20} pinned {pins().get(name)}{mark}")
    lines.append(f"  {'cuda':<12} {have.get('cuda') or 'none'}")
    if all(_matches(name, have) for name in PINNED_PACKAGES):
        lines.append("  the pinned versions: a `#>` line that does not match fails")
    else:
        lines.append(
            "  other versions: a `#>` line that does not match is reported as version "
            "drift (expected -> got); an exception still fails"
        )
    return ["versions found (beside the pins of pyproject.toml):", *lines]


# ------------------------------------------------------------ another interpreter


def find_python(version: str) -> str | None:
    """An interpreter of Python ``version`` ("3.12") on this machine: ``python3.12`` on
    PATH when it runs (a pyenv shim may not), else one that pyenv installed."""
    import glob
    import shutil

    candidates = [shutil.which(f"python{version}")]
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    candidates += sorted(glob.glob(f"{root}/versions/{version}.*/bin/python{version}"))[::-1]
    for candidate in filter(None, candidates):
        done = subprocess.run(
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
    return None


_PROBE = """
import json, platform, sys
from importlib import metadata
out = {"python": platform.python_version(), "executable": sys.executable}
for name in ("torch", "torchvision", "numpy", "matplotlib", "pytest", "pytest-xdist",
             "pytest-codeblocks", "PyYAML", "pytest-timeout"):
    try:
        out[name] = metadata.version(name)
    except metadata.PackageNotFoundError:
        out[name] = None
out["fieldguide_plugin"] = any(
    ep.name == "fieldguide" for ep in metadata.entry_points(group="pytest11"))
print(json.dumps(out))
"""


@functools.cache
def probe(python: str) -> dict:
    """What another interpreter has (without importing torch there: it is quick)."""
    try:
        done = subprocess.run(
            [python, "-c", _PROBE], capture_output=True, text=True, check=False, timeout=120
        )
    except OSError as exc:
        raise SystemExit(f"--python {python}: cannot run it ({exc.strerror})") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"--python {python}: it did not start: {last}")
    return json.loads(done.stdout)


def check_interpreter(python: str, need: tuple[str, ...] = ("pytest", "torch")) -> dict:
    """The probe of ``python``, or SystemExit with one line naming what is missing."""
    info = probe(python)
    version = tuple(int(x) for x in info["python"].split(".")[:2])
    if not python_supported(version):
        raise SystemExit(
            f"--python {python}: Python {info['python']}; the field guide supports "
            f"Python {supported_pythons()}"
        )
    missing = [name for name in need if info.get(name) is None]
    if missing:
        raise SystemExit(
            f"--python {python}: {', '.join(missing)} not installed there "
            f"(`{python} -m pip install {' '.join(missing)}`)"
        )
    return info


def pytest_command(python: str) -> list[str]:
    """pytest with the field guide's plugin, in ``python`` (run from the repository root)."""
    info = probe(python)
    plugin = [] if info.get("fieldguide_plugin") else ["-p", "fieldguide.plugin"]
    return [python, "-m", "pytest", *plugin]


def bytecode_kept(env, root: Path = ROOT) -> dict[str, str | None]:
    """What to change in ``env`` so that bytecode is kept where the environment forbids
    writing it beside the sources (PYTHONDONTWRITEBYTECODE, as some containers set): there
    every fresh interpreter compiles all it imports again, and importing torch and
    torchvision took 6.3 s of CPU instead of 3.1 s (measured). The bytecode goes to
    .cache/pycache instead (None: remove the variable). Nothing where it is written anyway."""
    if env.get("PYTHONDONTWRITEBYTECODE") and not env.get("PYTHONPYCACHEPREFIX"):
        return {
            "PYTHONDONTWRITEBYTECODE": None,
            "PYTHONPYCACHEPREFIX": str(root / ".cache" / "pycache"),
        }
    return {}


def keeping_bytecode(env) -> dict[str, str]:
    """A copy of ``env`` with ``bytecode_kept``'s changes made."""
    changes = bytecode_kept(env)
    kept = {k: v for k, v in env.items() if k not in changes}
    return kept | {k: v for k, v in changes.items() if v is not None}


def pytest_env(python: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for ``pytest_command``: the repository importable (fieldguide),
    bytecode kept (``bytecode_kept``)."""
    env = keeping_bytecode(os.environ if base is None else base)
    paths = [str(ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def main(argv: list[str]) -> int:
    """python -m fieldguide versions [--python PATH]: the versions found beside the pins."""
    if argv[:1] == ["--python"] and len(argv) == 2:
        done = subprocess.run(
            [argv[1], "-m", "fieldguide", "versions"], env=pytest_env(argv[1]), check=False
        )
        return done.returncode
    if argv:
        print("usage: python -m fieldguide versions [--python PATH]", file=sys.stderr)
        return 2
    print("\n".join(header_lines()))
    return 0
