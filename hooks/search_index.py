"""MkDocs hook: a lighter search index for every page load, and jieba's work cached.

Material's search fetches search/search_index.json on every page and parses it on the
main thread. After the search plugin has written it, this hook drops code blocks from
the indexed text (prose, headings and inline code stay searchable, so `torch.arange`
still finds its page) and writes the file as UTF-8 instead of \\uXXXX escapes, which
triples the size of Chinese text.

Segmenting Chinese text with jieba is most of the search plugin's time (and loading
jieba's dictionary another second). Each segmented text is cached (fieldguide.buildcache)
by the hash of the text and jieba's version: an unchanged page is looked up, and a
build where nothing changed never loads jieba's dictionary. A derived edition (zh-Hant)
segments with jieba's dictionary converted to its script (fieldguide.derived.segment).
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

from material.plugins.search import plugin as search

from fieldguide import buildcache, derived, languages

CODE_BLOCK = re.compile(r"<pre>.*?</pre>", re.S)
SEGMENT = search.SearchIndex._segment_chinese  # Material's own, as loaded
_STORE: list[buildcache.Store] = []
_DIRTY = [False]


def on_startup(command, dirty):
    _DIRTY[0] = dirty


def on_config(config):
    code = config.theme["language"]
    store = buildcache.Store(f"jieba-{code}")
    version = metadata.version("jieba")
    original = getattr(search.SearchIndex, "_fieldguide_original", SEGMENT)
    if languages.get(code).derived:
        # A derived edition (zh-Hant): jieba with its dictionary in the edition's script
        # (fieldguide.derived.segment); the key adds the converter and its terms.
        root = Path(config.config_file_path).resolve().parent
        salt = (derived.fingerprint(code, root),)

        def work(index, data: str) -> str:
            return derived.segment(code, data, root)
    else:
        salt, work = (), original

    def segment(index, data: str) -> str:
        key = buildcache.digest(version, *salt, data)
        found = store.get(key)
        if found is None:
            found = work(index, data)
            store.put(key, found)
        return found

    search.SearchIndex._fieldguide_original = original
    search.SearchIndex._segment_chinese = segment
    _STORE[:] = [store]


def on_post_build(config) -> None:
    if _STORE:
        _STORE[0].save(keep_unused=_DIRTY[0])
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text("utf-8"))
    for doc in index["docs"]:
        doc["text"] = CODE_BLOCK.sub(" ", doc["text"])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
