"""What the MkDocs hooks do, on small inputs (fieldguide.site_html), the build caches
(fieldguide.buildcache) and what a save rebuilds in writer mode (fieldguide.serving)."""

import base64
import json
import re
from pathlib import Path

import pytest

from fieldguide import ROOT, buildcache, serving, site_html
from fieldguide.building import build_env, check, mkdocs_build
from fieldguide.testing import config_site

# -- i18n --------------------------------------------------------------------------------

MENU = (
    '<a href="./" hreflang="zh" class="md-select__link">中文</a>'
    '<a href="en/" hreflang="en" class="md-select__link">English</a>'
)
HEAD = (
    '<link rel="alternate" href="http://x/" hreflang="zh">'
    '<link rel="alternate" href="http://x/en/" hreflang="en">'
)


def test_language_links_lead_to_the_twin_page():
    zh = site_html.language_links(MENU, "zh", "tensors/creation/", "https://site/")
    assert 'href="./" hreflang="zh"' in zh
    assert 'href="../../en/tensors/creation/" hreflang="en"' in zh
    en = site_html.language_links(MENU, "en", "tensors/creation/", "https://site/")
    assert 'href="../../../tensors/creation/" hreflang="zh"' in en
    assert 'href="./" hreflang="en"' in en


def test_head_links_are_absolute_with_a_chinese_default():
    out = site_html.language_links(HEAD, "en", "a/", "https://site/")
    assert out == (
        '<link rel="alternate" href="https://site/a/" hreflang="zh">\n'
        '<link rel="alternate" href="https://site/a/" hreflang="x-default">'
        '<link rel="alternate" href="https://site/en/a/" hreflang="en">'
    )


def test_site_root_is_the_chinese_root_from_either_language():
    assert site_html.site_root("https://s/g/en/", "en") == "https://s/g/"
    assert site_html.site_root("https://s/g/", "zh") == "https://s/g/"
    assert site_html.site_root(None, "zh") == "/"


def test_stale_banner_links_the_twin_in_the_page_language():
    en = site_html.stale_banner("en", "a/b/", 2)
    assert 'class="admonition warning fg-stale"' in en
    assert "changed 2 time(s)" in en and 'href="../../../a/b/"' in en
    zh = site_html.stale_banner("zh", "a/b/", 3)
    assert "修改了 3 次" in zh and 'href="../../en/a/b/"' in zh and "翻译可能已过时" in zh


def test_stamp_names_the_versions_and_escapes_them():
    out = site_html.stamp("en", "2.14.1", "<0.29>", "2026-01-02")
    assert out == (
        '\n<p class="fg-stamp"><small>The code on this page was executed and checked with '
        "torch 2.14.1 and torchvision &lt;0.29&gt; (built 2026-01-02).</small></p>\n"
    )


def test_mini_sitemaps_for_page_folders_only(tmp_path):
    for folder in ("", "a", "a/b"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text("x")
    (tmp_path / "a" / "sitemap.xml").write_text("kept")
    written = site_html.write_mini_sitemaps(tmp_path, "https://s/en/")
    assert written == [tmp_path / "a" / "b" / "sitemap.xml"]
    assert "<loc>https://s/en/a/b/</loc>" in written[0].read_text()
    assert (tmp_path / "a" / "sitemap.xml").read_text() == "kept"
    assert not (tmp_path / "sitemap.xml").exists()


# -- glossary ----------------------------------------------------------------------------

TERMS = [
    {"id": "tensor", "zh": "张量", "en": "tensor", "zh_note": "多维数组。",
     "en_note": "An array.", "page": "tensors/creation.md"},
    {"id": "grad", "zh": "梯度", "en": "gradient", "zh_note": "导数。",
     "en_note": "Derivatives.", "page": "autograd/graph.md"},
]  # fmt: skip


def test_glossary_page_gets_one_entry_per_term():
    out = site_html.glossary_page("# 术语表\n\n<!-- glossary -->\n", "glossary.md", TERMS, "zh")
    assert (
        "### 张量 {#tensor}\n" in out
        and "**tensor** — 多维数组。 [详见](tensors/creation.md)" in out
    )
    assert "<!-- glossary -->" not in out
    en = site_html.glossary_entries(TERMS, "en")
    assert en.startswith("### tensor {#tensor}\n\n**张量** — An array. [See](tensors/creation.md)")


def test_first_prose_use_of_each_term_is_linked_once():
    page = "A tensor here.\nAnother tensor, a Gradient.\n"
    out = site_html.link_terms(page, "nn/module.md", TERMS, "en")
    assert out == (
        "A [tensor](../glossary.md#tensor) here.\n"
        "Another tensor, a [Gradient](../glossary.md#grad).\n"
    )


def test_terms_in_code_links_headings_and_fences_are_left_alone():
    page = (
        "# A tensor title\n"
        '`tensor` and [a tensor](x.md) and <span title="tensor">\n'
        "```python\ntensor = 1\n```\n"
        "    tensor indented\n"
        "| tensor | table |\n"
        "Then tensor.\n"
    )
    out = site_html.link_terms(page, "index.md", TERMS, "en")
    lines = out.splitlines()
    assert lines[:-1] == page.splitlines()[:-1]
    assert lines[-1] == "Then [tensor](glossary.md#tensor)."
    zh = site_html.link_terms("这是张量张量。\n", "a/b/c.md", TERMS, "zh")
    assert zh == "这是[张量](../../glossary.md#tensor)张量。\n"


# -- notebooks ---------------------------------------------------------------------------


def test_prune_keeps_rules_for_classes_the_page_uses():
    css = ".a{x:1}.b{y:2}.a .c,.d{z:3}@media print{.a{p:1}.b{q:2}}/* .Single */.e{w:1}"
    assert site_html.prune(css, {"a"}) == ".a{x:1}@media print{.a{p:1}}"
    assert (
        site_html.prune(css, {"a", "c", "e"}) == ".a{x:1}.a .c,.d{z:3}@media print{.a{p:1}}.e{w:1}"
    )


def test_unread_custom_properties_are_dropped_even_with_semicolons_in_urls():
    css = ':root{--used:1;--icon:url("data:image/svg+xml;base64,AA;BB");--gone:2}'
    assert site_html.drop_unread_variables(css, {"--used"}) == ":root{--used:1;}"
    kept = site_html.drop_unread_variables(css, {"--icon"})
    assert kept == ':root{--icon:url("data:image/svg+xml;base64,AA;BB");}'


def test_lean_notebook_page_drops_unused_css_scripts_and_variables():
    big = ".jp-Used{color:var(--a)}" + ".jp-Unused{color:red}" * 3000
    page = (
        f"<style>:root{{--a:1;--b:2}}</style><style>{big}</style>"
        "<style>['.x{}']</style>"
        '<!-- Load mathjax -->\n<script src=""> </script>\n<!-- MathJax configuration -->\n'
        '<script type="text/x-mathjax-config">MathJax.Hub.Config({});</script>'
        '<script type="module">import mermaid from "x";</script>'
        '<div class="jp-Used">cell</div>'
    )
    out = site_html.lean_notebook_page(page, {"--theme"})
    assert out == (
        "<style>:root{--a:1;}</style><style>.jp-Used{color:var(--a)}</style>"
        '<div class="jp-Used">cell</div>'
    )


def test_inline_figures_become_files_with_their_size(tmp_path):
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000030000000200")  # 3 x 2
    page = f'<img alt="f" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
    out = site_html.figures_to_files(page, tmp_path)
    (name,) = [p.name for p in tmp_path.iterdir()]
    assert out == f'<img alt="f" width="3" height="2" loading="lazy" src="{name}">'
    assert (tmp_path / name).read_bytes() == png


def test_hook_logic_modules_import_neither_pytest_nor_torch():
    for module in ("site_html", "buildcache", "serving", "building"):
        text = (ROOT / "fieldguide" / f"{module}.py").read_text("utf-8")
        assert not re.search(r"^(import|from) (torch|pytest)\b", text, re.M), module


# -- the build caches --------------------------------------------------------------------


def test_store_keeps_what_a_build_used(tmp_path, monkeypatch):
    monkeypatch.setenv("FIELDGUIDE_BUILD_CACHE", str(tmp_path))
    store = buildcache.Store("t")
    store.put("a", "1")
    store.put("b", "2")
    store.save()
    again = buildcache.Store("t")
    assert again.get("a") == "1" and again.get("zz") is None
    assert (again.hits, again.misses) == (1, 1)
    again.save()  # "b" was not used: gone; "zz" was never stored
    assert json.loads((tmp_path / "t.json").read_text()) == {"a": "1"}
    partial = buildcache.Store("t")
    partial.save(keep_unused=True)  # a dirty build keeps everything
    assert json.loads((tmp_path / "t.json").read_text()) == {"a": "1"}
    assert buildcache.digest("ab", "c") != buildcache.digest("a", "bc")


def fixture_site(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A small site with the real theme, the search plugin (zh and en, jieba) and the
    search-index hook; returns its config."""
    return config_site(tmp_path, pages, hooks=[str(ROOT / "hooks" / "search_index.py")])


def test_the_search_cache_never_serves_a_stale_page(tmp_path, monkeypatch):
    """Build, edit one page, build again: the edited page's new words are in the index
    and the HTML; the unchanged page's segmentation comes from the cache (planted)."""
    cache = tmp_path / "cache"
    pages = {"index.md": "# 首页\n\n张量是多维数组。\n", "other.md": "# 其他\n\n自动求导很方便。\n"}
    config = fixture_site(tmp_path, pages)
    env = build_env(FIELDGUIDE_BUILD_CACHE=str(cache))
    check(config, mkdocs_build(config, env=env))
    store = cache / "jieba-zh.json"
    entries = json.loads(store.read_text("utf-8"))
    assert any("张量" in value for value in entries.values()), entries
    # Plant a marker in every cached value: whatever is read from the cache shows it.
    store.write_text(json.dumps({k: v + "缓存标记" for k, v in entries.items()}), "utf-8")
    (tmp_path / "docs" / "index.md").write_text("# 首页\n\n卷积层提取特征。\n", "utf-8")
    check(config, mkdocs_build(config, env=env))
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text("utf-8"))
    home = " ".join(d["text"] for d in index["docs"] if not d["location"].startswith("other/"))
    other = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("other/"))
    assert "卷积" in home and "张量" not in home and "缓存标记" not in home, home
    assert "缓存标记" in other  # the unchanged page was looked up, not segmented again
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "卷积层提取特征。" in html and "张量是多维数组。" not in html
    # The cache kept what this build used: the old page's text is gone from it.
    assert not any("张量" in value for value in json.loads(store.read_text("utf-8")).values())


# -- writer mode: what a save rebuilds ----------------------------------------------------


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        # A zh page rebuilds the editions derived from it (zh-Hant, docs/languages.yml) too.
        (["docs/zh/a.md"], {"full": False, "dirty": {"zh", "zh-Hant"}, "snippets": []}),
        (["docs/en/a.md"], {"full": False, "dirty": {"en"}, "snippets": []}),
        (
            ["docs/en/a.md", "docs/zh/b.md"],
            {"full": False, "dirty": {"zh", "en", "zh-Hant"}, "snippets": []},
        ),
        (
            ["snippets/tensors/creation.py"],
            {
                "full": False,
                "dirty": {"zh", "en", "zh-Hant"},
                "snippets": ["snippets/tensors/creation.py"],
            },
        ),
        (["docs/terms.yml"], {"full": True, "dirty": set(), "snippets": []}),
        (
            ["mkdocs.yml", "docs/zh/a.md"],
            {"full": True, "dirty": {"zh", "zh-Hant"}, "snippets": []},
        ),
        (["docs/languages.yml"], {"full": True, "dirty": set(), "snippets": []}),
        (["hooks/i18n.py"], {"full": True, "dirty": set(), "snippets": []}),
        ([], {"full": True, "dirty": set(), "snippets": []}),
    ],
)
def test_what_a_save_rebuilds(changed, expected):
    assert serving.plan([str(ROOT / name) for name in changed]) == expected


def test_pages_including_a_snippet_and_where_they_are_built(tmp_path):
    assert "tensors/creation.md" in serving.pages_including("snippets/tensors/creation.py", "en")
    assert serving.pages_including("snippets/tensors/creation", "zh") == []
    assert serving.built_page(tmp_path, "a/b.md") == tmp_path / "a" / "b" / "index.html"
    assert serving.built_page(tmp_path, "a/index.md") == tmp_path / "a" / "index.html"
    assert serving.built_page(tmp_path, "index.md") == tmp_path / "index.html"
