"""uv.lock pins every package of the environment with hashes, it matches pyproject.toml's
groups, and it is what is installed."""

import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import fieldguide

LOCK = fieldguide.ROOT / "uv.lock"


def packages() -> list[dict]:
    return tomllib.loads(LOCK.read_text("utf-8"))["package"]


def locked() -> dict[str, str]:
    """name -> version of every package from the index (the project itself left out)."""
    return {
        canonicalize_name(p["name"]): p["version"]
        for p in packages()
        if "registry" in p.get("source", {})
    }


def group_requirements() -> list[Requirement]:
    groups = tomllib.loads((fieldguide.ROOT / "pyproject.toml").read_text("utf-8"))
    found = []
    for entries in groups["dependency-groups"].values():
        found += [Requirement(entry) for entry in entries if isinstance(entry, str)]
    return found


def test_every_group_requirement_is_pinned_within_its_range():
    pins = locked()
    for requirement in group_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in uv.lock: run `nox -s lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"uv.lock pins {name}=={pins[name]}, outside {requirement}: run `nox -s lock`"
        )


def test_every_locked_file_has_a_hash():
    """A tampered or swapped wheel fails to install instead of running."""
    unhashed = [
        f"{p['name']} {p['version']}: {entry.get('url', '?')}"
        for p in packages()
        if "registry" in p.get("source", {})
        for entry in [*p.get("wheels", []), *([p["sdist"]] if "sdist" in p else [])]
        if not entry.get("hash", "").startswith("sha256:")
    ]
    assert unhashed == []


def test_torch_is_pinned_for_every_platform():
    versions = {p["version"] for p in packages() if p["name"] in ("torch", "torchvision")}
    assert versions == {"2.14.1", "0.29.1"}


def test_nox_is_not_in_the_lock():
    """The install runs inside nox: the lock must never replace the nox that is running it."""
    assert "nox" not in locked()


def test_the_environment_is_the_lock():
    """nox installs from the lock: every locked package has exactly its locked version."""
    wrong = {}
    for name, version in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # platform-specific packages (CUDA libraries) exist on Linux only
        if installed != version:
            wrong[name] = (version, installed)
    assert wrong == {}, "installed versions differ from uv.lock: rerun nox"
