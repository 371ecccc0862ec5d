"""The languages of the site, from one registry: docs/languages.yml.

Each entry is an edition: its code, where it lives in the site, its MkDocs configurations,
its menu name, the font of its PDF book and the text our machinery writes on its pages.
A *source* language has pages of its own under docs/<code>/; a *derived* edition (zh-Hant)
has none: its pages are the source language's, converted at build time (fieldguide.derived),
and so is its text.

Everything that depends on the set of languages reads it from here: layout (LANGS, the
configs), building, serving, pdf, site_html (language links, banners, stamps), the hooks,
translation, rules, new_page and the tests. Adding a language is an entry in the registry,
its MkDocs configurations, and (for a source language) its pages and text.

Reads YAML only: neither pytest nor torch, nor OpenCC (fieldguide.derived loads it).
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = "docs/languages.yml"
# What every source language's `text` gives (str.format fields in braces).
TEXT_KEYS = (
    "stamp",  # under every page: {torch} {torchvision} {date}
    "banner_title",  # the stale-translation banner's title
    "banner",  # its text: {behind} {link}
    "example_note",  # under a code block with `#~` lines
    "code_title",  # the box linking a page's whole snippet module
    "code_body",  # its text: {path}
    "notebook",  # a notebook page's download button: {name}
    "glossary_see",  # a glossary entry's link to the page that explains the term
    "pdf",  # the home page's link to the PDF book
)


class LanguageError(ValueError):
    """The registry is malformed; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    prefix: str  # "" for the site's root, else "<folder>/"
    config: str
    print: str
    font: str
    source: str | None = None
    convert: str | None = None
    phrases: dict = field(default_factory=dict, compare=False, hash=False)
    text: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def derived(self) -> bool:
        return self.source is not None

    @property
    def docs(self) -> str:
        """The language whose docs/<lang>/ pages this edition is built from."""
        return self.source or self.code

    @property
    def url_variable(self) -> str:
        """The environment variable holding this edition's public URL (SITE_URL for the
        root; SITE_URL_EN, SITE_URL_ZH_HANT, ... for the others)."""
        if not self.prefix:
            return "SITE_URL"
        return "SITE_URL_" + self.code.upper().replace("-", "_")

    @property
    def pdf(self) -> str:
        """The PDF book, relative to the site's root."""
        return f"{self.prefix}pdf/pytorch-field-guide.{self.code}.pdf"


def _line(node, index: int) -> int:
    try:
        return node.value[index].start_mark.line + 1
    except (AttributeError, IndexError):
        return 1


@functools.cache
def _load(path: Path, stamp: int) -> tuple[Language, ...]:
    where = path.as_posix()
    text = path.read_text("utf-8")
    try:
        data = yaml.safe_load(text) or {}
        node = yaml.compose(text).value[0][1] if data else None
    except (yaml.YAMLError, IndexError, AttributeError) as error:
        raise LanguageError(f"{where}:1: not a YAML mapping with `languages:` ({error})") from None
    entries = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise LanguageError(f"{where}:1: expected `languages:` with one entry per language")
    found: list[Language] = []
    for i, entry in enumerate(entries):
        at = f"{where}:{_line(node, i)}"
        if not isinstance(entry, dict):
            raise LanguageError(f"{at}: each language is a mapping (code, name, prefix, ...)")
        missing = [
            k for k in ("code", "name", "prefix", "config", "print", "font") if k not in entry
        ]
        if missing:
            raise LanguageError(f"{at}: language {entry.get('code')!r} lacks {', '.join(missing)}")
        unknown = set(entry) - set(Language.__dataclass_fields__)
        if unknown:
            raise LanguageError(f"{at}: unknown field(s) {', '.join(sorted(unknown))}")
        lang = Language(
            **{
                **entry,
                "prefix": str(entry["prefix"] or ""),
                "text": entry.get("text") or {},
                "phrases": {str(k): str(v) for k, v in (entry.get("phrases") or {}).items()},
            }
        )
        if i == 0 and lang.prefix:
            raise LanguageError(f'{at}: the first language is the site\'s root: prefix ""')
        if i and (not lang.prefix.endswith("/") or lang.prefix.startswith("/")):
            raise LanguageError(f'{at}: prefix {lang.prefix!r} must be a folder, e.g. "en/"')
        if any(lang.code == other.code or lang.prefix == other.prefix for other in found):
            raise LanguageError(f"{at}: code {lang.code!r} or prefix {lang.prefix!r} used twice")
        if lang.derived:
            origin = next((o for o in found if o.code == lang.source), None)
            if origin is None or origin.derived:
                raise LanguageError(
                    f"{at}: source {lang.source!r} must be a source language listed above it"
                )
            if not lang.convert:
                raise LanguageError(f"{at}: a derived edition names its `convert` (e.g. s2twp)")
        else:
            lacking = [k for k in TEXT_KEYS if k not in lang.text]
            if lacking:
                raise LanguageError(f"{at}: {lang.code!r} text lacks {', '.join(lacking)}")
        found.append(lang)
    if len([lang for lang in found if not lang.derived]) < 1:
        raise LanguageError(f"{where}:1: no source language")
    return tuple(found)


_ACTIVE = [ROOT]  # the repository whose registry is read when no root is given


def use(root: Path) -> None:
    """Read ``root``'s registry from now on where no root is given (a build of a site
    elsewhere, e.g. a test's fixture: its hooks call this from on_config)."""
    _ACTIVE[0] = Path(root).resolve()


def active_root() -> Path:
    return _ACTIVE[0]


def editions(root: Path | None = None) -> tuple[Language, ...]:
    """Every language of the site, in the registry's order (the root's first)."""
    path = Path(root or _ACTIVE[0]).resolve() / REGISTRY
    return _load(path, path.stat().st_mtime_ns)


def get(code: str, root: Path | None = None) -> Language:
    for lang in editions(root):
        if lang.code == code:
            return lang
    known = ", ".join(lang.code for lang in editions(root))
    raise LanguageError(f"{REGISTRY}:1: no language {code!r} (known: {known})")


def codes(root: Path | None = None) -> tuple[str, ...]:
    return tuple(lang.code for lang in editions(root))


def sources(root: Path | None = None) -> tuple[str, ...]:
    """The languages with pages of their own (docs/<code>/): zh, en."""
    return tuple(lang.code for lang in editions(root) if not lang.derived)


def derived_from(code: str, root: Path | None = None) -> tuple[str, ...]:
    """The editions converted from ``code``'s pages (zh -> zh-Hant)."""
    return tuple(lang.code for lang in editions(root) if lang.source == code)


def primary(root: Path | None = None) -> Language:
    return editions(root)[0]


def twin(code: str, root: Path | None = None) -> str:
    """The source language a page of ``code`` is compared with for staleness (the other
    source language of its own source: zh <-> en; zh-Hant -> en)."""
    own = get(code, root).docs
    return next(lang for lang in sources(root) if lang != own) if len(sources(root)) > 1 else own


def prefix(code: str, root: Path | None = None) -> str:
    return get(code, root).prefix


def root_link(here: str, there: str, root: Path | None = None) -> str:
    """The relative link from the home of edition ``here`` to the home of ``there``
    ("./", "en/", "../", "../zh-Hant/")."""
    a, b = prefix(here, root).rstrip("/") or ".", prefix(there, root).rstrip("/") or "."
    link = posixpath.relpath(b, a)
    return "./" if link == "." else link + "/"


def text(code: str, key: str, root: Path | None = None) -> str:
    """The machinery's text ``key`` in ``code``: its own, or for a derived edition its
    source's, converted."""
    lang = get(code, root)
    if not lang.derived:
        return lang.text[key]
    if key in lang.text:
        return lang.text[key]
    from .derived import converter  # OpenCC: only where a derived edition is built

    return converter(code, root or _ACTIVE[0]).text(get(lang.source, root).text[key])


def config_language(config_file: str | Path, root: Path | None = None) -> Language | None:
    """The edition a MkDocs configuration builds (its own, or the one its print config
    inherits), or None."""
    path = Path(config_file).resolve()
    root = root or path.parent
    for lang in editions(root):
        if path.name in (lang.config, lang.print):
            return lang
    return None
