"""MkDocs hook: the glossary (术语表) comes from docs/terms.yml.

- ``glossary.md`` in each language holds a ``<!-- glossary -->`` marker; the hook
  replaces it with one entry per term, anchored by the term's id.
- A derived edition's pages (zh-Hant) are linked as their source's (zh), then converted
  with their terms (hooks/editions.py).
- On every other page, the first plain-prose occurrence of each term links to its
  glossary entry, so a reader can look a term up where it first appears.

The logic is fieldguide.site_html's (glossary_page).
"""

from __future__ import annotations

from pathlib import Path

from fieldguide import languages, site_html
from fieldguide.translation import terms

_TERMS: list[list[dict]] = [[]]  # parsed once per build, not once per page


def on_config(config):
    _TERMS[0] = terms(Path(config.config_file_path).resolve().parent)


def on_page_markdown(markdown, page, config, files):
    # A derived edition (zh-Hant) gets its source's glossary, converted with the page.
    lang = languages.get(config.theme["language"]).docs
    return site_html.glossary_page(markdown, page.file.src_uri, _TERMS[0], lang)
