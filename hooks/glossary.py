"""MkDocs hook: the glossary (术语表) comes from docs/terms.yml.

- ``glossary.md`` in each language holds a ``<!-- glossary -->`` marker; the hook
  replaces it with one entry per term, anchored by the term's id.
- On every other page, the first plain-prose occurrence of each term links to its
  glossary entry, so a reader can look a term up where it first appears.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path

from fieldguide.translation import terms

_ROOT: list[Path] = []
MARKER = "<!-- glossary -->"
# Code spans, links and images are left alone; terms are linked in the text between them.
PROTECTED = re.compile(r"(`[^`]*`|!?\[[^\]]*\]\([^)]*\)|<[^>]+>)")
SKIP_LINE = re.compile(r"^\s*($|#|\||!|<|=|--8<--|\[|---)|^\s{4}")


@functools.cache  # parsed once per build, not once per page
def _terms() -> list[dict]:
    return terms(_ROOT[0])


def _entries(lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    see = "详见" if lang == "zh" else "See"
    out = []
    for term in _terms():
        out.append(f"### {term[lang]} {{#{term['id']}}}\n")
        out.append(f"**{term[other]}** — {term[lang + '_note']} [{see}]({term['page']})\n")
    return "\n".join(out)


def _pattern(term: str, lang: str) -> re.Pattern:
    if lang == "zh":
        return re.compile(re.escape(term))
    return re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)


def on_config(config):
    _ROOT[:] = [Path(config.config_file_path).resolve().parent]
    _terms.cache_clear()


def on_page_markdown(markdown, page, config, files):
    lang = config.theme["language"]
    if page.file.src_uri == "glossary.md":
        return markdown.replace(MARKER, _entries(lang))
    glossary = posixpath.relpath("glossary.md", posixpath.dirname(page.file.src_uri) or ".")
    pending = {t["id"]: _pattern(t[lang], lang) for t in _terms()}
    lines, in_fence = markdown.split("\n"), False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or SKIP_LINE.match(line) or not pending:
            continue
        parts = PROTECTED.split(line)
        for j in range(0, len(parts), 2):  # even items are plain text
            for term_id, pattern in list(pending.items()):
                m = pattern.search(parts[j])
                if m:
                    link = f"[{m.group(0)}]({glossary}#{term_id})"
                    parts[j] = parts[j][: m.start()] + link + parts[j][m.end() :]
                    # Re-split so the new link is protected from the next terms.
                    del pending[term_id]
                    break
        lines[i] = "".join(parts)
    return "\n".join(lines)
