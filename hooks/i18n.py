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
from importlib import metadata

LANGS = ("zh", "en")
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


def _other_prefix(current: str, target: str) -> str:
    """Site-root-relative prefix that leads from one language's root to another's."""
    if current == target:
        return ""
    return "en/" if target == "en" else "../"


def on_page_context(context, page, config, nav):
    current = config.theme["language"]
    for alt in config.extra.get("alternate", []):
        # MkDocs' `url` filter makes this site-root-relative link relative to the page.
        alt["link"] = _other_prefix(current, alt["lang"]) + page.url or "./"
    return context


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
