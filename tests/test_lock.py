"""requirements.lock pins every package of the test environment, and it is what is installed."""

import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import fieldguide

LOCK = fieldguide.ROOT / "requirements.lock"


def locked() -> dict[str, str]:
    pins = {}
    for number, line in enumerate(LOCK.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        requirement = Requirement(line)
        spec = str(requirement.specifier)
        assert spec.startswith("==") and "," not in spec, f"requirements.lock:{number}: not a pin"
        pins[canonicalize_name(requirement.name)] = spec[2:]
    return pins


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
        assert name in pins, f"{requirement} is not in requirements.lock: run `nox -s lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {requirement}: run `nox -s lock`"
        )


def test_the_environment_is_the_lock():
    """nox installs from the lock: every pinned package has exactly its pinned version."""
    wrong = {}
    for name, version in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # platform-specific pins (CUDA libraries) exist on Linux only
        if installed != version:
            wrong[name] = (version, installed)
    assert wrong == {}, "installed versions differ from requirements.lock: rerun nox"
