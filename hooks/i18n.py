"""MkDocs hook: bilingual glue for the two builds (zh at the root, en under /en/).

- The language switcher (Material's ``extra.alternate``) links to the *same* page
  in the other language instead of the other home page.
- A page whose other-language twin has been changed in git since the page itself was
  last changed gets a banner, in its own language, linking to the twin.
- Every page gets a small stamp with the torch/torchvision versions its code was
  verified with, read from the environment that builds the site.

The git logic is fieldguide.translation's, shared with `nox -s translations`.
"""

from __future__ import annotations

import datetime
import html
import re
from importlib import metadata
from pathlib import Path

from mkdocs.utils import get_relative_url

from fieldguide.translation import pair_status

STAMP = {
    "zh": "本页代码已在 torch {torch}、torchvision {torchvision} 下执行并检验（构建于 {date}）。",
    "en": "The code on this page was executed and checked with torch {torch} and "
    "torchvision {torchvision} (built {date}).",
}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


BANNER = {
    "zh": "本页的英文版在本页上次更新之后又修改了 {behind} 次，本页可能已经落后。"
    '<a href="{link}">查看英文版</a>',
    "en": "The Chinese version of this page has changed {behind} time(s) since this page was "
    'last updated, so this page may be behind. <a href="{link}">Read the Chinese version</a>',
}


PREFIX = {"zh": "", "en": "en/"}  # where each language lives in the combined site
MENU_RE = re.compile(r'(<a href=")[^"]*("\s+hreflang="(zh|en)")')
HEAD_RE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="(zh|en)">')
MINI_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{loc}</loc></url></urlset>
"""


def site_root(config) -> str:
    """The absolute URL of the combined site's root (the Chinese home page)."""
    url = config.site_url or "/"
    return url.removesuffix("en/") if config.theme["language"] == "en" else url


def on_post_page(output, page, config):
    """Point every language link at this page's twin.

    The menu links are relative to the page (MkDocs' `url` filter can't express "leave
    this language's root"). The <link rel="alternate" hreflang> tags in the head are
    absolute, as search engines require, plus an x-default pointing at Chinese.
    """
    here = PREFIX[config.theme["language"]] + page.url
    root = site_root(config)

    def menu(match: re.Match) -> str:
        target = PREFIX[match.group(3)] + page.url
        return match.group(1) + get_relative_url(target, here) + match.group(2)

    def head(match: re.Match) -> str:
        tag = f'<link rel="alternate" href="{root}{PREFIX[match.group(1)]}{page.url}" '
        tag += f'hreflang="{match.group(1)}">'
        if match.group(1) == "zh":
            tag += f'\n<link rel="alternate" href="{root}{page.url}" hreflang="x-default">'
        return tag

    return HEAD_RE.sub(head, MENU_RE.sub(menu, output))


def on_post_build(config):
    """Material's script fetches `sitemap.xml` next to every hreflang URL; give each page
    directory a one-entry sitemap so those requests succeed (the site root has the full one)."""
    root = site_root(config) + PREFIX[config.theme["language"]]
    site = Path(config.site_dir)
    for page in site.rglob("index.html"):
        folder = page.parent
        if folder != site and not (folder / "sitemap.xml").exists():
            loc = root + folder.relative_to(site).as_posix() + "/"
            (folder / "sitemap.xml").write_text(MINI_SITEMAP.format(loc=html.escape(loc)))


def on_page_content(html_text, page, config, files):
    lang = config.theme["language"]
    status = pair_status(page.file.src_uri, Path(config.config_file_path).resolve().parent)
    if status.newer not in (None, lang):
        other = "en" if lang == "zh" else "zh"
        here = PREFIX[lang] + page.url
        link = get_relative_url(PREFIX[other] + page.url, here)
        banner = BANNER[lang].format(behind=status.behind, link=html.escape(link))
        html_text = (
            f'<div class="admonition warning fg-stale"><p class="admonition-title">'
            f"{'翻译可能已过时' if lang == 'zh' else 'This translation may be out of date'}"
            f"</p><p>{banner}</p></div>\n" + html_text
        )
    text = STAMP[lang].format(
        torch=_version("torch"),
        torchvision=_version("torchvision"),
        date=datetime.date.today().isoformat(),
    )
    return html_text + f'\n<p class="fg-stamp"><small>{html.escape(text)}</small></p>\n'
