"""MkDocs hook: a lighter search index for every page load (phones pay for each byte).

Material's search fetches search/search_index.json on every page and parses it on the
main thread. After the search plugin has written it, this hook drops code blocks from
the indexed text (prose, headings and inline code stay searchable, so `torch.arange`
still finds its page) and writes the file as UTF-8 instead of \\uXXXX escapes, which
triples the size of Chinese text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

CODE_BLOCK = re.compile(r"<pre>.*?</pre>", re.S)


def on_post_build(config) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text("utf-8"))
    for doc in index["docs"]:
        doc["text"] = CODE_BLOCK.sub(" ", doc["text"])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
