"""Where things are: the repository root, the languages, pages and snippet modules.

The languages come from the registry (docs/languages.yml, fieldguide.languages): LANGS are
the source languages, those with pages of their own under docs/<lang>/ (zh, en); a derived
edition (zh-Hant) has none, and nothing here lists it.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from . import languages

ROOT = Path(__file__).resolve().parents[1]
LANGS = languages.sources(ROOT)
CONFIGS = {lang.code: lang.config for lang in languages.editions(ROOT) if not lang.derived}


def rel(path: Path, root: Path = ROOT) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def pages(root: Path = ROOT, lang: str = "zh", suffixes=(".md", ".ipynb")) -> list[Path]:
    docs = root / "docs" / lang
    return sorted(p for p in docs.rglob("*") if p.suffix in suffixes and p.is_file())


def parts(root: Path = ROOT) -> list[str]:
    """The parts of the site: the folders of docs/zh/ with a landing page (index.md)."""
    return sorted(p.parent.name for p in (root / "docs" / "zh").glob("*/index.md"))


def page_pairs(root: Path = ROOT) -> list[tuple[Path, Path]]:
    """(zh, en) for every page that exists in both languages."""
    zh_docs, en_docs = (root / "docs" / lang for lang in LANGS[:2])
    pairs = []
    for zh in pages(root, LANGS[0]):
        en = en_docs / zh.relative_to(zh_docs)
        if en.exists():
            pairs.append((zh, en))
    return pairs


def site_root(path: Path) -> Path | None:
    """The site tree a page belongs to: the folder above docs/<lang>/ holding mkdocs.yml."""
    path = Path(path).resolve()
    for parent in path.parents:
        if parent.name in LANGS and parent.parent.name == "docs":
            root = parent.parent.parent
            return root if (root / "mkdocs.yml").exists() else None
    return None


def front_matter(path: Path) -> dict:
    if path.suffix == ".ipynb":
        return json.loads(path.read_text("utf-8")).get("metadata", {}).get("fieldguide", {})
    from .reader import split_front_matter

    return split_front_matter(path.read_text("utf-8"))[0]


def snippet_modules(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "snippets").rglob("*.py") if "__pycache__" not in p.parts)


class ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name and !ENV tags; we only need plain values from it."""


ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def config(root: Path = ROOT, lang: str = "zh") -> dict:
    """A language's MkDocs config (mkdocs.yml for zh, mkdocs.en.yml for en: the registry
    names it) as plain data, with INHERIT applied one level."""
    name = languages.get(lang, root).config if (root / languages.REGISTRY).exists() else None
    name = name or CONFIGS[lang]
    data = yaml.load((root / name).read_text("utf-8"), Loader=ConfigLoader) or {}
    parent = data.pop("INHERIT", None)
    if parent:
        base = yaml.load((root / parent).read_text("utf-8"), Loader=ConfigLoader) or {}
        base.update(data)
        data = base
    return data
