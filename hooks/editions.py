"""MkDocs hook: a derived edition (繁體中文) is its source language's pages, converted.

docs/languages.yml names the edition's source (zh) and converter (OpenCC s2twp, then the
edition's column of docs/terms.yml). Its configuration builds docs/zh itself; this hook
converts, as the build goes:

- the nav's titles, the site's name and description and the palette toggle's names;
- each page's Markdown, after every other hook has added its part (glossary links, the
  box linking a page's snippet module), so that is converted too; code is left alone;
- each notebook page's HTML text (not its code or outputs) and its table of contents;
- the downloadable notebooks: their Markdown cells (code cells and outputs are the
  source's).

In a source language's build (zh, en) it does nothing. The logic is fieldguide.derived's.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from fieldguide import derived, languages

_CONVERTER: list = [None]  # this build's converter, or None in a source language's build


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    root = _root(config)
    lang = languages.get(config.theme["language"], root)
    _CONVERTER[0] = derived.converter(lang.code, root) if lang.derived else None
    conv = _CONVERTER[0]
    if conv is None:
        return config
    config.site_name = conv.text(config.site_name)
    if config.site_description:
        config.site_description = conv.text(config.site_description)
    config.nav = derived.convert_nav(config.nav, conv)
    for option in config.theme.get("palette") or []:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if toggle and toggle.get("name"):
            toggle["name"] = conv.text(toggle["name"])
    return config


@event_priority(-100)  # last: after the glossary links and the download box are added
def on_page_markdown(markdown, page, config, files):
    conv = _CONVERTER[0]
    return markdown if conv is None else conv.markdown(markdown)


@event_priority(100)  # first: before the banners and the stamp (already in this language)
def on_page_content(html, page, config, files):
    conv = _CONVERTER[0]
    if conv is None or not page.file.src_uri.endswith(".ipynb"):
        return html
    derived.convert_toc(page.toc, conv)
    return conv.html(html)


def on_post_build(config):
    conv = _CONVERTER[0]
    if conv is None:
        return
    for notebook in Path(config.site_dir).rglob("*.ipynb"):
        data = json.loads(notebook.read_text("utf-8"))
        meta = data.setdefault("metadata", {}).setdefault("fieldguide", {})
        if meta.get("converted") == config.theme["language"]:
            continue  # left by an earlier (dirty) build: converted already
        meta["converted"] = config.theme["language"]
        for cell in data.get("cells", []):
            if cell.get("cell_type") == "markdown":
                source = cell["source"]
                text = "".join(source) if isinstance(source, list) else source
                cell["source"] = conv.markdown(text).splitlines(keepends=True)
        notebook.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
