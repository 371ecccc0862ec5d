"""MkDocs hook: "what does this print?" questions and the exercises, on the site and in the book.

- ``<part>/questions.md`` holds a ``<!-- questions -->`` marker: the part's questions from
  ``questions/<part>.yml``, with their stored outputs as choices, replace it.
- ``self-check.md`` holds ``<!-- self-check -->``: every part's exercises (from
  ``exercises/catalog.yml``, when it exists) and questions, as links.
- Every topic page that has exercises or questions ends with a box linking them.
- In the PDF book (the print build), the answers follow a part's questions instead of being
  folded under each one; the web pages load ``assets/questions.js`` (picking a choice shows
  right or wrong; progress stays in the browser's localStorage).

The language is the build's own (``theme.language``); an edition derived from Chinese reads
the Chinese text. The logic is fieldguide.questions'.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from fieldguide import questions

_SITE: list[questions.SiteQuestions] = []


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    book = "print-site" in config.plugins
    try:
        site = questions.SiteQuestions(
            root, config.theme["language"], Path(config.docs_dir), config.nav, book=book
        )
    except questions.QuestionError as error:
        raise PluginError(f"hooks/practice.py: {error}") from None
    _SITE[:] = [site]


def on_page_markdown(markdown, page, config, files):
    pages = {f.src_uri for f in files.documentation_pages()}
    return _SITE[0].page_markdown(markdown, page.file.src_uri, pages)


def on_page_content(html_text, page, config, files):
    script = get_relative_url("assets/questions.js", page.url)
    return _SITE[0].page_content(html_text, page.file.src_uri, script)
