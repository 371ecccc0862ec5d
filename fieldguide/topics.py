"""The topics of the site: one model, built once from the reader.

A topic is ``<part>/<name>``, and everything with that name belongs to it:

- its pages, ``docs/<lang>/<part>/<name>.md`` for each source language (docs/languages.yml);
- its snippet module, ``snippets/<part>/<name>.py``;
- its test, ``tests/<part>/test_<name>.py``;
- the notebooks built from its module, ``notebooks/<part>/<x>.<lang>.md`` whose front matter
  names it as ``source``;
- the snippet modules its pages include (``--8<--``), and its pages' time limits.

``catalog(root)`` reads every page, module, test and notebook source once (the repository's is
kept until a new test session begins, :func:`forget`; a test's small site until it changes).
What a change can affect (fieldguide.changes), what runs together on one xdist worker and one
CI shard (fieldguide.plugin, fieldguide.shards), the run-once keys of the pages and modules
(fieldguide.executions), a module's time limit (fieldguide.sandbox), the GPU run's selection
and the rules all ask it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import reader
from .layout import LANGS, ROOT, rel


@dataclass(frozen=True)
class Topic:
    id: str  # <part>/<name>
    root: Path
    pages: dict[str, Path] = field(default_factory=dict)  # source language -> page (.md)
    module: Path | None = None
    test: Path | None = None
    notebooks: tuple[Path, ...] = ()
    includes: tuple[str, ...] = ()  # snippet modules its pages include, relative to root
    time_limits: dict[str, object] = field(default_factory=dict)  # page (relative) -> raw value

    @property
    def key(self) -> str:
        """What shares one run and one worker: ``snippets/<part>/<name>`` (a tree other than
        this repository's, like the tests' small sites, is named by its root too)."""
        key = f"snippets/{self.id}"
        return key if self.root == ROOT else f"{self.root}:{key}"

    @property
    def part(self) -> str:
        return self.id.rpartition("/")[0]

    @property
    def test_name(self) -> str:
        return test_name(self.id)

    def files(self) -> list[Path]:
        """Every file of the topic: pages, module, test, notebook sources."""
        found = [*self.pages.values(), self.module, self.test, *self.notebooks]
        return [p for p in found if p is not None]


@dataclass
class Catalog:
    root: Path
    topics: dict[str, Topic]
    users: dict[str, tuple[str, ...]]  # snippet module -> the pages and notebook sources using it

    def get(self, topic_id: str) -> Topic | None:
        return self.topics.get(topic_id)

    def of(self, path: Path | str) -> Topic | None:
        """The topic of a page, snippet module, topic test or notebook source; None for any
        other file (a notebook goes with the topic of the module it is built from)."""
        path = Path(path) if Path(path).is_absolute() else self.root / path
        found = topic_id(path, self.root)
        return self.topics.get(found) if found is not None else None

    def pages_using(self, module: Path | str) -> list[str]:
        """The pages (both languages) that include ``module`` (relative paths)."""
        return [u for u in self.users.get(_name(module, self.root), ()) if u.startswith("docs/")]

    def notebooks_using(self, module: Path | str) -> list[str]:
        """The notebook sources built from ``module`` (relative paths)."""
        users = self.users.get(_name(module, self.root), ())
        return [u for u in users if u.startswith("notebooks/")]


def _name(path: Path | str, root: Path) -> str:
    return rel(Path(path), root) if Path(path).is_absolute() else Path(path).as_posix()


def topic_id(path: Path, root: Path = ROOT) -> str | None:
    """``<part>/<name>`` read from the path of a page, snippet module, topic test or notebook
    source alone (a notebook source by its own name: :meth:`Catalog.of` follows its module);
    None for other files."""
    root, path = Path(root).resolve(), Path(path).resolve()
    try:
        parts = path.relative_to(root).with_suffix("").parts
    except ValueError:
        return None
    if len(parts) < 2:
        return None
    if parts[0] == "docs" and len(parts) > 2 and parts[1] in LANGS:
        return "/".join(parts[2:])
    if parts[0] == "snippets":
        return "/".join(parts[1:])
    if parts[0] == "tests" and len(parts) > 2 and parts[-1].startswith("test_"):
        return "/".join((*parts[1:-1], parts[-1].removeprefix("test_")))
    if parts[0] == "notebooks" and len(parts) > 2:
        source = notebook_source(path)
        if source is not None:
            return topic_id(root / source, root)
        return "/".join((*parts[1:-1], parts[-1].rsplit(".", 1)[0]))
    return None


def test_name(topic_id: str) -> str:
    """Where a topic's test is or would be: ``tests/<part>/test_<name>.py``."""
    part, _, name = topic_id.rpartition("/")
    return f"tests/{part}/test_{name}.py" if part else f"tests/test_{name}.py"


def notebook_source(path: Path) -> str | None:
    """The snippet module a notebook source names in its front matter (``source:``),
    relative to the repository; None where it names none or cannot be read."""
    try:
        meta, _ = reader.split_front_matter(Path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    source = meta.get("source")
    return source if isinstance(source, str) else None


def build(root: Path = ROOT) -> Catalog:
    """Read the tree's pages, modules, tests and notebook sources once: the catalog."""
    root = Path(root).resolve()
    found: dict[str, dict] = {}

    def entry(tid: str) -> dict:
        return found.setdefault(
            tid, {"pages": {}, "notebooks": [], "includes": [], "time_limits": {}}
        )

    users: dict[str, list[str]] = {}
    for lang in LANGS:
        docs = root / "docs" / lang
        for page in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
            tid = topic_id(page, root)
            text = page.read_text("utf-8")
            e = entry(tid)
            e["pages"][lang] = page
            for module in dict.fromkeys(t.partition(":")[0] for _, t in reader.includes(text)):
                if module not in e["includes"]:
                    e["includes"].append(module)
                users.setdefault(module, []).append(rel(page, root))
            try:
                meta, _ = reader.split_front_matter(text)
            except reader.FrontMatterError:
                meta = {}  # the page fails its own rules, naming the line
            if "time_limit" in meta:
                e["time_limits"][rel(page, root)] = meta["time_limit"]
    notebooks = root / "notebooks"
    for source in sorted(notebooks.rglob("*.md")) if notebooks.is_dir() else ():
        entry(topic_id(source, root))["notebooks"].append(source)
        module = notebook_source(source)
        if module is not None:
            users.setdefault(module, []).append(rel(source, root))
    snippets = root / "snippets"
    for module in sorted(snippets.rglob("*.py")) if snippets.is_dir() else ():
        if "__pycache__" not in module.parts:
            entry(topic_id(module, root))["module"] = module
    tests = root / "tests"
    for test in sorted(tests.glob("*/**/test_*.py")) if tests.is_dir() else ():
        entry(topic_id(test, root))["test"] = test
    topics = {
        tid: Topic(
            id=tid,
            root=root,
            pages=e["pages"],
            module=e.get("module"),
            test=e.get("test"),
            notebooks=tuple(e["notebooks"]),
            includes=tuple(e["includes"]),
            time_limits=e["time_limits"],
        )
        for tid, e in sorted(found.items())
    }
    return Catalog(root, topics, {k: tuple(v) for k, v in users.items()})


_CATALOGS: dict[Path, tuple[object, Catalog]] = {}


def _signature(root: Path) -> str:
    """What a small tree's catalog depends on: its files' names and contents."""
    digest = hashlib.sha256()
    for folder in ("docs", "snippets", "tests", "notebooks"):
        for p in sorted((root / folder).rglob("*")):
            if p.suffix in (".md", ".py") and p.is_file():
                digest.update(str(p).encode() + b"\0" + p.read_bytes() + b"\0")
    return digest.hexdigest()


def catalog(root: Path = ROOT) -> Catalog:
    """The catalog of ``root``. The repository's is read once, until :func:`forget` (a new
    test session); any other tree (a test's small site, which the test edits) again
    whenever one of its files changed."""
    root = Path(root).resolve()
    signature = None if root == ROOT else _signature(root)
    kept = _CATALOGS.get(root)
    if kept is None or kept[0] != signature:
        kept = _CATALOGS[root] = (signature, build(root))
    return kept[1]


def forget() -> None:
    """Read every tree again at the next question (a new test session)."""
    _CATALOGS.clear()


def of(path: Path, root: Path = ROOT) -> Topic | None:
    """The topic of ``path`` in ``root`` (see :meth:`Catalog.of`)."""
    return catalog(root).of(path)


def group_key(path: Path, root: Path = ROOT) -> str:
    """What a page, module, test or notebook shares its run and worker with: its topic's
    key; any other file is a group of its own (its path)."""
    topic = of(path, root)
    return topic.key if topic is not None else str(Path(path).resolve())
