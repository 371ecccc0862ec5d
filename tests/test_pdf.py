"""The PDF books, read back after `nox -s pdf` has printed them (it runs this file with
FIELDGUIDE_PDF_SITE=site). Printing takes minutes, so the default suite skips these tests
with that reason."""

import os
import re
from pathlib import Path

import pytest
import yaml

import fieldguide
from fieldguide import languages

ROOT = fieldguide.ROOT
BOOKS = {
    "zh": ("mkdocs.yml", "pdf/pytorch-field-guide.zh.pdf", "PyTorch 学习手册", "目录"),
    "en": ("mkdocs.en.yml", "en/pdf/pytorch-field-guide.en.pdf", "PyTorch Field Guide", "Contents"),
    # Derived from zh (docs/languages.yml): its nav and pages are zh's, converted.
    "zh-Hant": ("mkdocs.yml", languages.get("zh-Hant").pdf, "PyTorch 學習手冊", "目錄"),
}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its !ENV tags read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def parts(config: str) -> list[tuple[str, str]]:
    """(part title, its index page) for every part of the nav, in nav order."""
    nav = yaml.load((ROOT / config).read_text("utf-8"), Loader=_Loader)["nav"]
    found = []
    for entry in nav:
        [(title, value)] = entry.items()
        if isinstance(value, list):
            index = next(v for v in value if isinstance(v, str))
            found.append((title, index))
    return found


def convert(lang: str, text: str) -> str:
    """A derived edition's text (zh-Hant) from its source's; others' as they are."""
    if not languages.get(lang).derived:
        return text
    from fieldguide.derived import converter

    return converter(lang).text(text)


def h1(lang: str, page: str) -> str:
    text = (ROOT / "docs" / languages.get(lang).docs / page).read_text("utf-8")
    return convert(lang, re.search(r"^# (.+)$", text, re.M).group(1).strip())


@pytest.fixture(scope="module")
def books():
    pypdf = pytest.importorskip("pypdf")
    if not os.environ.get("FIELDGUIDE_PDF_SITE"):
        pytest.skip(
            "printing both books takes minutes: `nox -s pdf` prints them into site/, "
            "then runs these tests with FIELDGUIDE_PDF_SITE=site"
        )
    site = Path(os.environ["FIELDGUIDE_PDF_SITE"])
    missing = [BOOKS[lang][1] for lang in BOOKS if not (site / BOOKS[lang][1]).exists()]
    assert not missing, f"no book at {', '.join(missing)} under {site}: run `nox -s pdf`"
    return {lang: pypdf.PdfReader(site / BOOKS[lang][1]) for lang in BOOKS}


def book(books, lang):
    if lang not in books:
        pytest.skip(f"FIELDGUIDE_PDF_SITE has no {lang} book")
    return books[lang]


def flatten(reader, outline, depth=0):
    for item in outline:
        if isinstance(item, list):
            yield from flatten(reader, item, depth + 1)
        else:
            yield depth, item.title.strip(), reader.get_destination_page_number(item)


@pytest.mark.parametrize("lang", sorted(BOOKS))
def test_book_has_cover_contents_and_page_numbers(books, lang):
    reader = book(books, lang)
    pages = len(reader.pages)
    assert 60 <= pages <= 3000, pages
    _, _, title, contents = BOOKS[lang]
    assert title in reader.pages[0].extract_text()
    assert contents in reader.pages[1].extract_text()
    # Chromium's footer: "n / total" on every page.
    for n in (2, pages // 2, pages):
        assert f"{n} / {pages}" in reader.pages[n - 1].extract_text(), n


@pytest.mark.parametrize("lang", sorted(BOOKS))
def test_every_part_in_nav_order_in_its_language(books, lang):
    """Each part of the nav is a bookmark, in nav order, and its first page's heading is
    printed (text extracted from the PDF, so the fonts map back to Unicode)."""
    reader = book(books, lang)
    config = BOOKS[lang][0]
    # Parts and pages are the top level of the outline (an h2 may share a part's name).
    outline = [(t, p) for depth, t, p in flatten(reader, reader.outline) if depth == 0]
    starts = [0]
    for title, index in ((convert(lang, t), i) for t, i in parts(config)):
        page = next((p for t, p in outline if t == title and p >= starts[-1]), None)
        assert page is not None, f"{lang}: part {title!r} missing or out of nav order"
        starts.append(page)
        heading = h1(lang, index)
        nearby = "".join(reader.pages[i].extract_text() for i in range(page, page + 3))
        assert heading in re.sub(r"\s+", " ", nearby), f"{lang}: {heading!r} not printed"
    assert len(starts) > 10, starts


@pytest.mark.parametrize("lang", sorted(BOOKS))
def test_fonts_are_embedded_and_figures_printed(books, lang):
    reader = book(books, lang)
    fonts, images = {}, 0
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = font.get("/Subtype") == "/Type3" or any(  # Type3: glyphs drawn inline
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font.get("/BaseFont"))] = embedded
        xobjects = resources.get("/XObject") or {}
        images += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    assert fonts and all(fonts.values()), f"{lang}: fonts not embedded: {fonts}"
    if lang.startswith("zh"):
        # A real CJK font with its character map, not Type 3 glyphs (their text reads back
        # as radicals, so the book could not be searched or copied from).
        cjk = ("CJK", "WenQuanYi", "SourceHan", "NotoSansSC", "NotoSerifSC", "NotoSansTC")
        assert any(any(c in name for c in cjk) for name in fonts), sorted(fonts)
    assert images >= 10, f"{lang}: only {images} images printed"
