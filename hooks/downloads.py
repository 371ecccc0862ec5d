"""MkDocs hook: let readers take the whole runnable file, not only the sections.

- Every snippet module is published at ``snippets/<part>/<topic>.py`` in each language's
  site, and a page that includes sections of a module ends with a note linking to it
  (view it in the browser or save it).
- Notebook pages get a download button for their .ipynb (Material 9 shows none for it).
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from mkdocs.structure.files import File

from fieldguide import languages, reader
from fieldguide.layout import snippet_modules


def on_files(files, config):
    root = Path(config.config_file_path).resolve().parent
    for module in snippet_modules(root):
        uri = module.relative_to(root).as_posix()
        files.append(File.generated(config, uri, content=module.read_bytes()))
    return files


def on_page_markdown(markdown, page, config, files):
    # The source language's text: a derived edition converts the page after this hook.
    lang = languages.get(config.theme["language"]).docs
    targets = [target.partition(":")[0] for _, target in reader.includes(markdown)]
    modules = list(
        dict.fromkeys(t for t in targets if t.startswith("snippets/") and t.endswith(".py"))
    )
    if not modules:
        return markdown
    here = posixpath.dirname(page.file.src_uri) or "."
    links = "\n".join(f"    - [`{m}`]({posixpath.relpath(m, here)})" for m in modules)
    body = languages.text(lang, "code_body").format(path=modules[0])
    title = languages.text(lang, "code_title")
    return f'{markdown}\n\n!!! example "{title}"\n\n    {body}\n\n{links}\n'


def on_page_content(html_text, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html_text
    name = page.file.src_uri.rsplit("/", 1)[-1]
    label = html.escape(languages.text(config.theme["language"], "notebook").format(name=name))
    button = f'<p><a class="md-button fg-download" href="{name}" download>{label}</a></p>\n'
    return button + html_text
