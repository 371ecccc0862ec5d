"""The language registry (docs/languages.yml) and the 繁體中文 edition derived from the zh
pages (fieldguide.derived, hooks/editions.py)."""

import html as html_lib
import json
import re
from pathlib import Path

import pytest
import yaml

import fieldguide
from fieldguide import derived, languages
from fieldguide.building import build_env, build_site, check, mkdocs_build
from fieldguide.testing import config_site, editions_site
from fieldguide.translation import terms as glossary

ROOT = fieldguide.ROOT
REGISTRY = (ROOT / "docs" / "languages.yml").read_text("utf-8")


@pytest.fixture(scope="module")
def hant():
    return derived.converter("zh-Hant", ROOT)


def simplified_only() -> set[str]:
    """Characters that Taiwan's script writes otherwise (OpenCC s2tw changes them alone),
    less those that are also Traditional characters of their own (后 in 皇后, 面 in 麵's
    absence): each of these is a leftover of the Simplified source where it shows."""
    import opencc

    s2tw, t2s = opencc.OpenCC("s2tw"), opencc.OpenCC("t2s")
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = s2tw.convert("\n".join(chars)).split("\n")
    both = set("后里面干只台系制云松准几丑范向志余谷采划卷游累")
    return {
        c for c, t in zip(chars, converted, strict=True) if t != c and t2s.convert(c) == c
    } - both


# -- the registry -------------------------------------------------------------------------


def test_the_registry_lists_three_editions():
    assert languages.codes() == ("zh", "en", "zh-Hant")
    assert languages.sources() == fieldguide.LANGS == ("zh", "en")
    hant = languages.get("zh-Hant")
    assert (hant.prefix, hant.source, hant.convert) == ("zh-Hant/", "zh", "s2twp")
    assert hant.url_variable == "SITE_URL_ZH_HANT" and hant.pdf.startswith("zh-Hant/pdf/")
    assert languages.twin("zh-Hant") == "en" and languages.twin("en") == "zh"
    assert languages.root_link("zh-Hant", "en") == "../en/"
    assert languages.root_link("zh", "zh-Hant") == "zh-Hant/"
    assert languages.root_link("en", "en") == "./"
    for lang in languages.editions():
        assert (ROOT / lang.config).exists() and (ROOT / lang.print).exists(), lang.code


def test_derived_text_is_the_source_text_converted():
    assert languages.text("zh-Hant", "banner_title") == "翻譯可能已過時"
    assert languages.text("zh-Hant", "example_note").startswith("<code>#~</code> 開頭的行")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("- code: zh\n", "- code: zh\n    colour: red\n"), "unknown field(s) colour"),
        (('prefix: ""', 'prefix: "zh/"'), "the first language is the site's root"),
        (("source: zh", "source: fr"), "source 'fr' must be a source language"),
        (("      pdf: Download the whole guide as a PDF\n", ""), "'en' text lacks pdf"),
        (("prefix: en/", "prefix: zh-Hant/"), "used twice"),
    ],
)
def test_a_bad_registry_names_its_line(tmp_path, change, message):
    (tmp_path / "docs").mkdir()
    bad = REGISTRY.replace(*change, 1)
    assert bad != REGISTRY
    (tmp_path / "docs" / "languages.yml").write_text(bad, "utf-8")
    with pytest.raises(languages.LanguageError, match=re.escape(message)) as error:
        languages.editions(tmp_path)
    assert re.search(r"docs/languages\.yml:\d+: ", str(error.value))


# -- the conversion -----------------------------------------------------------------------


def test_every_term_has_its_zh_hant_term_and_it_is_applied(hant):
    for term in glossary():
        assert term.get("zh-Hant"), f"docs/terms.yml: term {term['id']!r} has no zh-Hant"
        assert hant.text(term["zh"]) == term["zh-Hant"], term["id"]
        assert term["zh-Hant"] in hant.text(f"我们用{term['zh']}。"), term["id"]
    # Where OpenCC alone reads otherwise, the glossary decides.
    assert hant.opencc.convert("参数组") == "引數組" and hant.text("参数组") == "參數組"
    assert hant.text("自动求导与数据加载器") == "自動微分與資料載入器"


def test_code_links_and_tags_keep_the_source_text(hant):
    page = (
        '用 `print("张量")` 看[张量](a.md#张量)，<span title="张量">张量</span>。\n'
        '```python\nx = "张量"  # 张量\n#> 张量\n```\n'
        '--8<-- "snippets/张量.py"\n'
        "见 https://example.org/张量 { #视图 }\n"
    )
    out = hant.markdown(page)
    assert out.split("\n")[0] == (
        '用 `print("张量")` 看[張量](a.md#张量)，<span title="张量">張量</span>。'
    )
    assert '```python\nx = "张量"  # 张量\n#> 张量\n```\n' in out
    assert '--8<-- "snippets/张量.py"' in out
    assert out.split("\n")[-2] == "見 https://example.org/张量 { #视图 }"
    html = (
        '<p title="张量">张量</p><div class="jp-OutputArea"><div>张量<br>数据</div></div>'
        "<pre><code>张量</code></pre><script>'张量'</script><p>数据</p>"
    )
    assert hant.html(html) == (
        '<p title="张量">張量</p><div class="jp-OutputArea"><div>张量<br>数据</div></div>'
        "<pre><code>张量</code></pre><script>'张量'</script><p>資料</p>"
    )


# -- the built edition ------------------------------------------------------------------


def prose(html: str) -> str:
    """A built page's article without code, scripts, styles and tags."""
    article = html[html.find("<article") : html.find("</article>")]
    for tag in ("pre", "code", "script", "style", "svg"):
        article = re.sub(rf"<{tag}\b.*?</{tag}>", " ", article, flags=re.S)
    return re.sub(r"<[^>]+>", " ", article)


def test_every_zh_page_has_its_zh_hant_page(site):
    for page in fieldguide.pages(lang="zh"):
        rel = page.relative_to(ROOT / "docs" / "zh").with_suffix("")
        target = site / "zh-Hant" / (rel.parent if rel.name == "index" else rel) / "index.html"
        assert target.exists(), f"{fieldguide.rel(page)} was not built to {target}"
        assert '<html lang="zh-Hant"' in target.read_text("utf-8")[:300], target


def test_no_simplified_only_character_is_left_in_prose(site):
    banned = simplified_only()
    assert {"张", "数", "据", "内", "认"} <= banned and not {"后", "里"} & banned
    found = {}
    for page in sorted((site / "zh-Hant").rglob("index.html")):
        text = prose(page.read_text("utf-8"))
        left = sorted({c for c in text if c in banned})
        if left:
            found[str(page.relative_to(site))] = "".join(left)
    assert found == {}, found


def test_the_terms_and_their_glossary_are_in_zh_hant(site, hant):
    entries = (site / "zh-Hant" / "glossary" / "index.html").read_text("utf-8")
    for term in glossary():
        assert re.search(rf'<h3 id="{term["id"]}">{re.escape(term["zh-Hant"])}', entries), term
    page = (site / "zh-Hant" / "tensors" / "creation" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="../../glossary/#tensor">張量</a>', page)
    # Every term the zh page uses in prose is the edition's term on its page.
    source = (site / "tensors" / "creation" / "index.html").read_text("utf-8")
    for term in glossary():
        if term["zh"] in prose(source):
            assert term["zh-Hant"] in prose(page), term["id"]


def test_code_and_its_output_are_the_zh_pages_own(site):
    def blocks(html: str) -> list[str]:
        return re.findall(r"<pre\b.*?</pre>", html, re.S)

    for uri in ("tensors/creation", "autograd/graph", "workflows/digits_notebook"):
        zh = (site / uri / "index.html").read_text("utf-8")
        hant = (site / "zh-Hant" / uri / "index.html").read_text("utf-8")
        assert blocks(zh) and blocks(hant) == blocks(zh), uri


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("張量", "tensors/creation/"),
        ("卷積", "conv/"),
        ("自動微分", "autograd/"),
        ("資料載入器", "data/dataloader/"),
    ],
)
def test_search_finds_traditional_words(site, query, page):
    index = json.loads((site / "zh-Hant" / "search" / "search_index.json").read_text("utf-8"))
    hits = [
        d["location"]
        for d in index["docs"]
        if query in (d["title"] + d["text"]).replace("\u200b", "")
    ]
    assert any(hit.startswith(page) for hit in hits), hits[:10]
    # Segmented as one word: the browser's search looks words up whole.
    words = {w for d in index["docs"] for w in re.split(r"[\s\u200b]+", d["text"])}
    assert query in words


def test_notebooks_and_downloads_work_in_zh_hant(site):
    page = site / "zh-Hant" / "workflows" / "digits_notebook"
    html = (page / "index.html").read_text("utf-8")
    assert "jp-OutputArea" in html and "download>下載筆記本 digits_notebook.ipynb" in html
    notebook = json.loads((page / "digits_notebook.ipynb").read_text("utf-8"))
    text = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert "資料" in text and "数据" not in text
    creation = (site / "zh-Hant" / "tensors" / "creation" / "index.html").read_text("utf-8")
    assert "../../snippets/tensors/creation.py" in creation and "完整程式碼" in creation


# -- rebuilt, never stale -----------------------------------------------------------------


def test_the_edition_follows_its_zh_page_and_its_terms(tmp_path, monkeypatch):
    """Build, edit the zh page, build again: the zh-Hant page and its search index have the
    new text (converted), the unchanged page's segmentation comes from the cache (planted),
    and a changed term override shows at once."""
    cache = tmp_path / "cache"
    for name in ("languages.yml", "terms.yml"):
        (tmp_path / "docs").mkdir(exist_ok=True)
        (tmp_path / "docs" / name).write_text((ROOT / "docs" / name).read_text("utf-8"))
    pages = {"index.md": "# 首页\n\n张量是多维数组。\n", "other.md": "# 其他\n\n自动求导很方便。\n"}
    hooks = [str(ROOT / "hooks" / f"{h}.py") for h in ("editions", "search_index")]
    config = config_site(tmp_path, pages, hooks=hooks, theme={
        "custom_dir": str(ROOT / "overrides"), "language": "zh-Hant"})  # fmt: skip
    env = build_env(FIELDGUIDE_BUILD_CACHE=str(cache))
    check(config, mkdocs_build(config, env=env))
    store = cache / "jieba-zh-Hant.json"
    entries = json.loads(store.read_text("utf-8"))
    assert any("張量" in value for value in entries.values()), entries
    store.write_text(json.dumps({k: v + "快取標記" for k, v in entries.items()}), "utf-8")
    (tmp_path / "docs" / "index.md").write_text("# 首页\n\n卷积层提取特征。\n", "utf-8")
    check(config, mkdocs_build(config, env=env))
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text("utf-8"))
    home = " ".join(d["text"] for d in index["docs"] if not d["location"].startswith("other/"))
    other = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("other/"))
    assert "卷積" in home and "張量" not in home and "快取標記" not in home, home
    assert "快取標記" in other  # the unchanged page was looked up, not segmented again
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "卷積層提取特徵。" in html and "張量" not in html
    terms = tmp_path / "docs" / "terms.yml"
    terms.write_text(terms.read_text("utf-8").replace("zh-Hant: 卷積\n", "zh-Hant: 摺積\n"))
    check(config, mkdocs_build(config, env=env))
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "摺積層提取特徵。" in html
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert any("摺積" in d["text"] for d in index["docs"])


# -- a language added through the registry alone -------------------------------------------


def test_a_fixture_site_gains_an_edition_from_its_registry(tmp_path):
    """A fourth edition: one registry entry (a derived zh-TW at /tw/, OpenCC s2tw) and its
    two-line config; the build, the menu and the pages follow."""
    registry = REGISTRY + (
        "  - code: zh-TW\n    name: 臺灣正體\n    prefix: tw/\n    config: mkdocs.tw.yml\n"
        "    print: mkdocs.tw.yml\n    font: Noto Sans CJK TC\n    source: zh\n"
        "    convert: s2tw\n"
    )
    terms = {"terms": [{
        "id": "tensor", "en": "tensor", "zh": "张量", "zh-Hant": "張量", "zh-TW": "張量（tensor）",
        "zh_note": "多维数组。", "en_note": "An array.", "page": "part/demo.md"}]}  # fmt: skip
    root = editions_site(tmp_path / "src", registry, {
        "mkdocs.zh-Hant.yml": "INHERIT: mkdocs.yml\ntheme:\n  language: zh-Hant\n",
        "mkdocs.tw.yml": "INHERIT: mkdocs.yml\ntheme:\n  language: zh-TW\n",
        "docs/terms.yml": yaml.safe_dump(terms, allow_unicode=True)})  # fmt: skip
    site = build_site(tmp_path / "site", "https://example.org/guide/", root=root)
    languages.use(ROOT)  # this process read the fixture's registry while it built
    page = (site / "tw" / "part" / "demo" / "index.html").read_text("utf-8")
    assert '<html lang="zh-TW"' in page
    # s2tw: characters, not Taiwan phrasing; the term from the registry's own column.
    assert '<a href="../../glossary/#tensor">張量（tensor）</a>的數據在內存' in page
    assert "x = '数据'" in html_lib.unescape(re.sub(r"<[^>]+>", "", page))  # code: as in zh
    menu = dict(re.findall(r'<a href="([^"]*)" hreflang="([\w-]+)" class="md-select__link">', page))
    assert sorted(menu.values()) == ["en", "zh", "zh-Hant", "zh-TW"]
    for href, code in menu.items():
        target = (site / "tw" / "part" / "demo" / href / "index.html").resolve()
        expected = site / languages.get(code, root).prefix / "part" / "demo" / "index.html"
        assert target == expected.resolve(), (code, href)
    assert 'href="https://example.org/guide/tw/part/demo/" hreflang="zh-TW"' in page
    for prefix in ("", "en/", "zh-Hant/"):
        html = (site / prefix / "part" / "demo" / "index.html").read_text("utf-8")
        assert 'hreflang="zh-TW"' in html, prefix
    assert Path(site / "zh-Hant" / "glossary" / "index.html").exists()


def test_a_phrase_does_not_double_a_character(hant):
    # 打印 -> 印出 alone made 打印出 (print out) read 印出出 on 30 zh-Hant pages.
    assert hant.text("真实打印出的结果，打印出来，打印一次") == "真實印出的結果，印出來，印出一次"
    for page in sorted((ROOT / "docs" / "zh").rglob("*.md")):
        assert "印出出" not in hant.text(page.read_text("utf-8")), page
