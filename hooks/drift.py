"""MkDocs hook: the page "Running on other PyTorch versions" is filled from the drift
reports committed in docs/drift/ (fieldguide.drift.render), in the page's language."""

from __future__ import annotations

from fieldguide import drift


def on_page_markdown(markdown: str, page, config, files) -> str:
    if drift.MARKER not in markdown:
        return markdown
    lang = config.theme["language"]
    return drift.fill(markdown, lang, page=page.file.src_uri)
