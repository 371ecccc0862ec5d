"""MkDocs hook: the glue between the editions of docs/languages.yml (zh at the root, en
under /en/, zh-Hant under /zh-Hant/).

- The language menu (Material's ``extra.alternate``) lists every edition, from the
  registry, and each link leads to the *same* page in that edition, not its home page.
- A page whose twin in the other source language has been changed in git since the page
  itself (or, for a derived edition, its source page) was last changed gets a banner, in
  its own language, linking to the twin.
- The home page's link to the PDF book, in the page's language (overrides/main.html).
- Every page gets a small stamp with the torch/torchvision versions its code was
  verified with, read from the environment that builds the site.

The logic is fieldguide.site_html's; the git history is fieldguide.translation's, shared
with `nox -s translations`.
"""

from __future__ import annotations

import datetime
import functools
from importlib import metadata
from pathlib import Path

from fieldguide import languages, site_html
from fieldguide.translation import pair_status


@functools.cache  # once per build, not twice per page
def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    languages.use(root)
    lang = config.theme["language"]
    config.extra["alternate"] = site_html.alternate(lang)
    config.extra["fieldguide_pdf"] = {
        "href": languages.get(lang).pdf.removeprefix(languages.prefix(lang)),
        "text": languages.text(lang, "pdf"),
        "font": languages.get(lang).font,
    }
    return config


def on_post_page(output, page, config):
    lang = config.theme["language"]
    root = site_html.site_root(config.site_url, lang)
    return site_html.language_links(output, lang, page.url, root)


def on_post_build(config):
    lang = config.theme["language"]
    root = site_html.site_root(config.site_url, lang) + languages.prefix(lang)
    site_html.write_mini_sitemaps(Path(config.site_dir), root)


def on_page_content(html_text, page, config, files):
    lang = config.theme["language"]
    status = pair_status(page.file.src_uri, Path(config.config_file_path).resolve().parent)
    if status.newer not in (None, languages.get(lang).docs):
        html_text = site_html.stale_banner(lang, page.url, status.behind) + html_text
    today = datetime.date.today().isoformat()
    return html_text + site_html.stamp(lang, _version("torch"), _version("torchvision"), today)
