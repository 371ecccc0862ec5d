"""Translation: page pairs share their structure, Chinese prose keeps to the glossary's
terms, and git tells which side of a pair changed last (`python -m fieldguide translations`,
the stale-translation banner of the build)."""

from __future__ import annotations

import argparse
import functools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import reader
from .layout import LANGS, ROOT, page_pairs, pages, rel
from .reader import INCLUDE_RE

# ------------------------------------------------------------ structural parity

ADMONITION_RE = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)")
TAB_RE = re.compile(r'^\s*===\+?\s+"')
IMAGE_RE = re.compile(r"!\[[^\]]*\]\((?P<target>[^)\s]+)")
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+\S")


def body_lines(path: Path):
    """(line number, text, inside a code fence) for each line of a page after its front
    matter; the fence delimiter lines themselves are left out."""
    yield from reader.lines(path.read_text("utf-8"))


def structure(path: Path) -> list[tuple[int, str]]:
    """(line, element) for every structural element of a Markdown page: headings (by
    level), admonitions (by kind), content tabs, images (by target) and includes."""
    elements = []
    for number, line, in_fence in body_lines(path):
        if m := INCLUDE_RE.match(line):
            elements.append((number, f"include {m['target']}"))
        if in_fence:
            continue
        if m := HEADING_RE.match(line):
            elements.append((number, f"heading h{len(m['hashes'])}"))
        elif m := ADMONITION_RE.match(line):
            elements.append((number, f"admonition {m['kind']}"))
        elif TAB_RE.match(line):
            elements.append((number, "tab"))
        for m in IMAGE_RE.finditer(line):
            elements.append((number, f"image {m['target']}"))
    return elements


def compare_pairs(root: Path, elements, what: str) -> list[str]:
    """For every Markdown page pair, compare the (line, element) lists ``elements(page)``
    returns and report the first difference with both files and lines."""
    problems = []
    for zh, en in page_pairs(root):
        if zh.suffix != ".md":
            continue
        a, b = elements(zh), elements(en)
        for i in range(max(len(a), len(b))):
            left = a[i] if i < len(a) else (None, "(nothing)")
            right = b[i] if i < len(b) else (None, "(nothing)")
            if left[1] != right[1]:
                problems.append(
                    f"{rel(zh, root)}:{left[0] or 1} and {rel(en, root)}:{right[0] or 1}: "
                    f"{what} #{i + 1} differs: {left[1]!r} vs {right[1]!r}"
                )
                break
    return problems


def check_structure(root: Path = ROOT) -> list[str]:
    """Translated prose is free; structure is not. Report the first differing element."""
    return compare_pairs(root, structure, "structural element")


# ------------------------------------------------------------------- terminology


def terms(root: Path = ROOT) -> list[dict]:
    return yaml.safe_load((root / "docs" / "terms.yml").read_text("utf-8"))["terms"]


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """(line, text) of a page's lines outside front matter and code fences, with inline
    code removed."""
    return [
        (number, re.sub(r"`[^`]*`", "", line))
        for number, line, in_fence in body_lines(path)
        if not in_fence
    ]


def _spans(word: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]


def check_terms(root: Path = ROOT) -> list[str]:
    """Chinese prose uses the glossary's term, never one of its listed variants, on every
    page of the site. A variant inside a longer glossary term (e.g. a variant that is
    part of another entry's term) does not count."""
    problems = []
    entries = terms(root)
    preferred = [e["zh"] for e in entries]
    for page in pages(root, "zh", suffixes=(".md",)):
        for number, text in prose_lines(page):
            if not text.strip():
                continue
            for entry in entries:
                for variant in entry.get("variants") or []:
                    # Most lines hold no variant: skip the longer terms' spans for them.
                    if variant == entry["zh"] or variant not in text:
                        continue
                    covers = [
                        s
                        for t in preferred
                        if variant in t and t != variant
                        for s in _spans(t, text)
                    ]
                    for start, end in _spans(variant, text):
                        if any(a <= start and end <= b for a, b in covers):
                            continue
                        problems.append(
                            f"{rel(page, root)}:{number}: uses {variant!r} for "
                            f"'{entry['en']}'; the glossary's term is {entry['zh']!r} "
                            "(docs/terms.yml)"
                        )
                        break
    return problems


# ---------------------------------------------------------------------- staleness


@dataclass
class PairStatus:
    page: str  # docs/zh/<uri>
    twin: str  # docs/en/<uri>
    newer: str | None  # "zh" or "en" when that side is ahead; None when in step
    behind: int  # commits on the newer side the other side has not caught up with
    reviewed: str | None = None  # the reviewed commit that put the pair in step, if one did


REVIEWS = "docs/translations.yml"


@functools.cache
def reviews(root: Path = ROOT) -> dict[str, tuple[str, int]]:
    """docs/translations.yml: page -> (reviewed commit, line). A review records that the
    other language needs no change for the one-sided commits up to and including that one.
    Raises ValueError naming the file and line when an entry is malformed."""
    path = root / REVIEWS
    if not path.exists():
        return {}
    text = path.read_text("utf-8")
    lines = text.split("\n")
    found: dict[str, tuple[str, int]] = {}
    for i, entry in enumerate((yaml.safe_load(text) or {}).get("reviews") or []):
        entry = entry if isinstance(entry, dict) else {}
        page, commit = entry.get("page"), str(entry.get("reviewed_at", ""))
        line = next(
            (
                n
                for n, s in enumerate(lines, 1)
                if re.match(rf"\s*-?\s*page:\s*{re.escape(str(page))}\s*$", s)
            ),
            1,
        )
        if not page or not re.fullmatch(r"[0-9a-f]{7,40}", commit) or not entry.get("note"):
            raise ValueError(
                f"{REVIEWS}:{line}: review #{i + 1} needs page, reviewed_at (a commit, 7 to 40 "
                "hex digits) and note (why the other language needs no change)"
            )
        if page in found:
            raise ValueError(f"{REVIEWS}:{line}: {page} is reviewed twice; keep the later review")
        found[page] = (commit, line)
    return found


@functools.cache
def _history(root: Path) -> list[tuple[str, set[str]]]:
    """(commit, files it touched under docs/) for each commit, newest first ([] outside a git
    repo)."""
    try:
        out = subprocess.run(
            [
                "git",
                "log",
                "--format=@%H",
                "--name-only",
                "--",
                *(f"docs/{lang}" for lang in LANGS),
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    commits: list[tuple[str, set[str]]] = []
    for line in out.splitlines():
        if line.startswith("@"):
            commits.append((line[1:], set()))
        elif line and commits:
            commits[-1][1].add(line)
    return commits


def pair_status(uri: str, root: Path = ROOT) -> PairStatus:
    """Which side of docs/{zh,en}/<uri> changed last, and how far the other is behind.

    Walking the pair's history from the oldest commit: a commit touching both sides puts
    them in step; commits touching one side only put the other side behind, until a
    commit touching the other side catches it up, or until the commit that a review in
    docs/translations.yml names (the other side was read against it and needs no change).
    """
    first, second = LANGS[:2]  # the source languages (docs/languages.yml): zh and en
    zh, en = f"docs/{first}/{uri}", f"docs/{second}/{uri}"
    review, line = reviews(root).get(uri, (None, 1))
    newer, behind, reviewed, seen = None, 0, None, False
    for commit, files in reversed(_history(root)):
        touched = {lang for lang, path in ((first, zh), (second, en)) if path in files}
        changed = bool(touched)  # (touched.pop() below empties it)
        if touched == {first, second} or (len(touched) == 1 and newer not in (None, *touched)):
            newer, behind, reviewed = None, 0, None
        elif touched:
            newer, behind, reviewed = touched.pop(), behind + 1, None
        if review and commit.startswith(review):
            if not changed:
                raise ValueError(
                    f"{REVIEWS}:{line}: {review} changes neither {zh} nor {en}; name the last "
                    "commit that changed the side you reviewed"
                )
            newer, behind, reviewed, seen = None, 0, review, True
    if review and _history(root) and not seen:
        raise ValueError(f"{REVIEWS}:{line}: commit {review} is not in this repository's history")
    return PairStatus(zh, en, newer, behind, reviewed)


def report(root: Path = ROOT) -> list[PairStatus]:
    uris = sorted(
        {
            p.relative_to(root / "docs" / lang).as_posix()
            for lang in LANGS
            for p in (root / "docs" / lang).rglob("*")
            if p.suffix in (".md", ".ipynb")
        }
    )
    return [pair_status(uri, root) for uri in uris]


def main(argv: list[str] | None = None) -> int:
    """Report, for every page pair, which side changed last in git and how many commits
    the other side is behind. --strict exits 1 when any page is behind its twin."""
    parser = argparse.ArgumentParser(
        prog="python -m fieldguide translations", description=main.__doc__.splitlines()[0]
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if any page is behind")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository to inspect")
    args = parser.parse_args(argv)
    try:
        statuses = report(args.root.resolve())
    except ValueError as err:  # a malformed docs/translations.yml: say where, change nothing
        print(err)
        return 2
    stale = [s for s in statuses if s.newer]
    width = max(len(s.page) for s in statuses) - len("docs/zh/")
    print(f"{'page':<{width}}  status")
    for s in statuses:
        uri = s.page.removeprefix("docs/zh/")
        if s.newer is None:
            state = f"in step (reviewed at {s.reviewed[:10]})" if s.reviewed else "in step"
        else:
            older = next(lang for lang in LANGS if lang != s.newer)
            state = f"{s.newer} changed last; {older} is {s.behind} commit(s) behind"
        print(f"{uri:<{width}}  {state}")
    print(f"{len(statuses)} page pairs, {len(stale)} behind")
    return 1 if (args.strict and stale) else 0
