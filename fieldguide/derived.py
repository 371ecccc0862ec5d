"""A derived edition's text (繁體中文 from the zh pages): OpenCC, then docs/terms.yml.

The edition stores nothing: every build converts the source language's pages. Prose is
converted; code is not: fenced blocks (and so every included snippet and its checked
`#>` lines), inline code, link targets, URLs, HTML tags and their attributes, attribute
lists and includes stay exactly as the source page has them. After OpenCC's conversion
(`convert:` in docs/languages.yml, e.g. s2twp: Taiwan's characters and phrasing), each
glossary term takes the edition's own column of docs/terms.yml (``zh-Hant:``), so the
glossary decides what OpenCC's phrase tables cannot (参数组 -> 參數組, not 引數組), and so
do the few ``phrases`` of docs/languages.yml that are not glossary terms (只有 stays 只有
where OpenCC reads 隻有, “” become 「」).

Converting every page of the site takes a few hundredths of a second, so nothing converted
is cached: a build converts the page it has, and a cache downstream of it (the search
segmentation, the lean notebook pages) is keyed by the converted text.

Imports neither pytest nor torch; OpenCC only when a converter is made.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from . import languages, reader

# Spans of a Markdown line that are not prose: inline code, a link's or image's target,
# an HTML tag (with its attributes) or comment, a bare URL, an attribute list.
PROTECTED_MD = re.compile(
    r"(`+).*?\1"  # inline code, `x` or ``x``
    r"|\]\([^)]*\)"  # ](target "title")
    r"|^\s*\[[^\]]+\]:\s*\S+"  # [ref]: target
    r"|<!--.*?-->|<[^>\n]+>"  # comments, tags
    r"|https?://[^\s)>\]]+"  # bare URLs
    r"|\{\s*[#.:][^}\n]*\}"  # { #id .class } attribute lists
)
# Elements whose text is code or its output, left exactly as the source page has it.
RAW_TAGS = frozenset({"pre", "code", "script", "style", "textarea", "svg", "math", "kbd", "samp"})
# (A notebook's Markdown cells are rendered inside its jp-InputArea too: only its code is raw.)
RAW_CLASSES = re.compile(r"\b(?:jp-OutputArea|highlight)\b")
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip
TAG_RE = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w:-]*)([^>]*)>|<![^>]*>", re.S)
CLASS_RE = re.compile(r"""class\s*=\s*(["'])(.*?)\1""", re.S)


class Converter:
    """OpenCC's ``config`` (e.g. s2twp), then ``overrides``: source term -> edition's term."""

    def __init__(self, config: str, overrides: dict[str, str]):
        import opencc

        self.config = config
        self.opencc = opencc.OpenCC(config)
        self.overrides = {k: v for k, v in overrides.items() if k}
        terms = sorted(self.overrides, key=len, reverse=True)  # the longest term first
        self.terms = re.compile("(" + "|".join(map(re.escape, terms)) + ")") if terms else None

    def text(self, text: str) -> str:
        """Convert prose: each term to its override, the rest with OpenCC."""
        if not text or text.isascii():
            return text
        if self.terms is None:
            return self.opencc.convert(text)
        parts = self.terms.split(text)
        return "".join(
            self.overrides[part] if i % 2 else self.opencc.convert(part) if part else ""
            for i, part in enumerate(parts)
        )

    def markdown(self, markdown: str) -> str:
        """A page's Markdown with its prose converted and its code untouched."""
        lines = markdown.split("\n")
        for number, line, in_fence in reader.lines(markdown):
            if in_fence or line.isascii() or reader.INCLUDE_RE.match(line):
                continue
            lines[number - 1] = self._line(line)
        return "\n".join(lines)

    def _line(self, line: str) -> str:
        out, pos = [], 0
        for m in PROTECTED_MD.finditer(line):
            out += [self.text(line[pos : m.start()]), m.group(0)]
            pos = m.end()
        out.append(self.text(line[pos:]))
        return "".join(out)

    def html(self, html: str) -> str:
        """HTML with the text of its elements converted, except code and its output
        (pre, code, script, style, highlighted blocks, Jupyter's output areas) and every
        tag, attribute and comment."""
        out, pos, stack = [], 0, []  # stack: (tag, raw)
        for m in TAG_RE.finditer(html):
            raw = bool(stack) and stack[-1][1]
            out.append(html[pos : m.start()] if raw else self.text(html[pos : m.start()]))
            out.append(m.group(0))
            pos = m.end()
            closing, tag, attrs = m.group(1), (m.group(2) or "").lower(), m.group(3) or ""
            if not tag or tag in VOID_TAGS or attrs.rstrip().endswith("/"):
                continue
            if closing:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == tag:
                        del stack[i:]
                        break
                continue
            classes = CLASS_RE.search(attrs)
            stack.append(
                (tag, raw or tag in RAW_TAGS or bool(classes and RAW_CLASSES.search(classes[2])))
            )
        raw = bool(stack) and stack[-1][1]
        out.append(html[pos:] if raw else self.text(html[pos:]))
        return "".join(out)


def overrides(code: str, root: Path | None = None) -> dict[str, str]:
    """What the derived edition ``code`` writes for a source phrase, whatever OpenCC says:
    the registry's ``phrases``, then the glossary's column (docs/terms.yml) over them."""
    from .translation import terms

    root = Path(root or languages.active_root())
    lang = languages.get(code, root)
    glossary = {t[lang.source]: t[code] for t in terms(root) if t.get(code) and t.get(lang.source)}
    return {**lang.phrases, **glossary}


@functools.cache
def _converter(code: str, root: Path, stamp: tuple) -> Converter:
    return Converter(languages.get(code, root).convert, overrides(code, root))


def converter(code: str, root: Path | None = None) -> Converter:
    """The converter of the derived edition ``code`` (made again when docs/terms.yml or
    the registry changes)."""
    root = Path(root or languages.active_root()).resolve()
    files = (root / "docs" / "terms.yml", root / languages.REGISTRY)
    stamp = tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in files)
    return _converter(code, root, stamp)


def fingerprint(code: str, root: Path | None = None) -> str:
    """What a cache of this edition's converted text must be keyed by besides the source
    text: OpenCC's version and configuration, the overrides and this module's code."""
    import opencc

    from .buildcache import digest

    conv = converter(code, root)
    pairs = "\n".join(f"{k}\t{v}" for k, v in sorted(conv.overrides.items()))
    return digest(opencc.__version__, conv.config, pairs, Path(__file__).read_bytes())


def convert_nav(nav, conv: Converter):
    """A MkDocs nav (lists of pages and {title: page or list}) with its titles converted."""
    if isinstance(nav, list):
        return [convert_nav(item, conv) for item in nav]
    if isinstance(nav, dict):
        return {conv.text(str(k)): convert_nav(v, conv) for k, v in nav.items()}
    return nav


def convert_toc(toc, conv: Converter) -> None:
    """A page's table of contents (MkDocs' AnchorLinks), titles converted in place."""
    for item in toc:
        item.title = conv.text(item.title)
        convert_toc(item.children, conv)


@functools.cache
def _tokenizer(code: str, root: Path):
    import jieba
    import opencc

    from . import buildcache

    conv = converter(code, root)
    source = Path(jieba.get_dict_file().name)
    key = buildcache.digest(
        jieba.__version__, opencc.__version__, conv.config, source.read_bytes()
    )[:16]
    folder = buildcache.folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"jieba-dict-{code}-{key}.txt"
    if not path.exists():
        # jieba's dictionary, each word in the edition's script; a word keeps its
        # frequency and part of speech (the first of the words converting to it wins).
        lines = source.read_text("utf-8").splitlines()
        words = conv.opencc.convert("\n".join(line.split(" ", 1)[0] for line in lines))
        seen: dict[str, str] = {}
        for word, line in zip(words.split("\n"), lines, strict=True):
            seen.setdefault(word, line.split(" ", 1)[1] if " " in line else "")
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text("\n".join(f"{w} {rest}".rstrip() for w, rest in seen.items()), "utf-8")
        tmp.replace(path)
    tokenizer = jieba.Tokenizer(str(path))
    tokenizer.tmp_dir = str(folder)  # jieba's own cache of the loaded dictionary
    for word in conv.overrides.values():
        tokenizer.add_word(word)
    return tokenizer


def segment(code: str, data: str, root: Path | None = None) -> str:
    """Material's segmentation of Chinese text for its search index (words joined by
    U+200B), with jieba's dictionary converted to the edition's script and its glossary
    terms added: jieba's own dictionary is Simplified (張量 came out as 張/量)."""
    from backrefs import bre  # what Material's own segmentation matches Han text with

    tokenizer = _tokenizer(code, Path(root or languages.active_root()).resolve())

    def replace(match) -> str:
        return "\u200b" + "\u200b".join(tokenizer.cut(match.group(0))) + "\u200b"

    return bre.compile(r"(\p{script: Han}+)", bre.UNICODE).sub(replace, data).strip("\u200b")
