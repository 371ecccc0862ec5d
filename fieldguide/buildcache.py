"""What the build computed before, keyed by the hash of everything it was computed from.

A build hook asks ``store.get(key)`` before the work and ``store.put(key, value)`` after;
the key is ``digest(...)`` of the inputs (a page's text, the code that transforms it, a
library's version), so an edited page, a changed hook or an upgrade has a new key and is
computed afresh: an entry is never stale, only unused. ``save()`` keeps the entries this
build used (all of them after a partial, dirty build), so the file does not grow.

The files live in .cache/build/ (FIELDGUIDE_BUILD_CACHE names another folder): one JSON
file per store, written whole and atomically, so two builds at once never read half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .layout import ROOT


def folder() -> Path:
    return Path(os.environ.get("FIELDGUIDE_BUILD_CACHE") or ROOT / ".cache" / "build")


def digest(*parts: str | bytes) -> str:
    """One key for all the parts (each length-prefixed: ("ab", "c") is not ("a", "bc")),
    and the versions of the environment (fieldguide.environments.key): nothing computed
    under one Python, torch, torchvision, numpy or matplotlib is served under another."""
    from .environments import key as versions

    h = hashlib.sha256()
    for part in (versions(), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


class Store:
    """A JSON dict from keys to strings, in ``folder()/<name>.json``."""

    def __init__(self, name: str):
        self.path = folder() / f"{name}.json"
        try:
            self.entries: dict[str, str] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def get(self, key: str) -> str | None:
        value = self.entries.get(key)
        self.used.add(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: str, value: str) -> None:
        self.entries[key] = value
        self.used.add(key)

    def save(self, *, keep_unused: bool = False) -> None:
        kept = (
            self.entries
            if keep_unused
            else {k: self.entries[k] for k in self.used if k in self.entries}
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(kept, ensure_ascii=False), "utf-8")
        tmp.replace(self.path)
