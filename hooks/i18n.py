"""MkDocs hook: bilingual glue for the two builds (zh at the root, en under /en/).

- The language switcher (Material's ``extra.alternate``) links to the *same* page
  in the other language instead of the other home page.
- Notebook pages get a download button for their .ipynb file.
- Every page gets a small stamp with the torch/torchvision versions its code was
  verified with, read from the environment that builds the site.
"""

from __future__ import annotations

import datetime
import html
import re
from importlib import metadata

from mkdocs.utils import get_relative_url

DOWNLOAD = {"zh": "下载笔记本 {name}", "en": "Download the notebook {name}"}
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


PREFIX = {"zh": "", "en": "en/"}  # where each language lives in the combined site
ALTERNATE_RE = re.compile(r'href="[^"]*"(\s+hreflang="(zh|en)")')


def on_post_page(output, page, config):
    """Point every language link (menu and <link rel="alternate">) at this page's twin.

    MkDocs' `url` filter can't express "leave this language's root", so the links are
    rewritten here, relative to the page, once the page is rendered.
    """
    here = PREFIX[config.theme["language"]] + page.url

    def twin(match: re.Match) -> str:
        target = PREFIX[match.group(2)] + page.url
        return f'href="{get_relative_url(target, here)}"{match.group(1)}'

    return ALTERNATE_RE.sub(twin, output)


def on_page_content(html_text, page, config, files):
    lang = config.theme["language"]
    if page.file.src_uri.endswith(".ipynb"):
        # mkdocs-jupyter copies the .ipynb next to the page; Material 9 shows no button for it.
        name = page.file.src_uri.rsplit("/", 1)[-1]
        label = html.escape(DOWNLOAD[lang].format(name=name))
        button = f'<p><a class="md-button fg-download" href="{name}" download>{label}</a></p>\n'
        html_text = button + html_text
    text = STAMP[lang].format(
        torch=_version("torch"),
        torchvision=_version("torchvision"),
        date=datetime.date.today().isoformat(),
    )
    return html_text + f'\n<p class="fg-stamp"><small>{html.escape(text)}</small></p>\n'
