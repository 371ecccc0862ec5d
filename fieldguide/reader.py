"""The one Markdown reader: a page's front matter, its fences (with their info strings and
the comments right above them), its lines in and out of code, and its ``--8<--`` includes.

Everything here reads text, not files, and imports neither pytest nor torch, so the MkDocs
hooks, the integrity rules, translation and the test plugin all read pages the same way.
The blocks the suite runs are extracted by pytest-codeblocks (fieldguide.codeblocks), which
matches each of them to one of these fences by its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE_RE = re.compile(r"""^\s*(?P<esc>;?)--8<--\s+(?P<q>["'])(?P<target>[^"']+)(?P=q)\s*$""")
NORUN_RE = re.compile(r"^\s*<!--\s*norun:\s*(?P<reason>.*?)\s*-->\s*$")
SUBPROCESS_RE = re.compile(r"^\s*<!--\s*run:\s*subprocess\s*-->\s*$")
# Fences that run. Anything else needs a "norun" comment with a reason. (No Mermaid:
# Material would fetch mermaid.js from a CDN. Diagrams are figures drawn by snippets, see
# fieldguide/figures.py.)
RUN_FENCES = {"python"}


class FrontMatterError(ValueError):
    pass


def split_front_matter(text: str) -> tuple[dict, int]:
    """The front matter (``---`` ... ``---`` at the top) as a dict, and how many lines it
    takes (0 without one). Bad YAML raises FrontMatterError with the line."""
    lines = text.split("\n")
    if not lines or lines[0] != "---":
        return {}, 0
    for number, line in enumerate(lines[1:], start=2):
        if line == "---":
            try:
                meta = yaml.safe_load("\n".join(lines[1 : number - 1])) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                at = f"line {mark.line + 2}" if mark is not None else "the front matter"
                raise FrontMatterError(f"{at}: bad YAML: {exc}") from None
            if not isinstance(meta, dict):
                raise FrontMatterError("line 2: the front matter must be a mapping (key: value)")
            return meta, number
    return {}, 0


def front_matter_line(text: str, key: str, value: str | None = None) -> int | None:
    """The line of ``key`` in the front matter, or of ``value`` on or after it (an item
    of a list such as ``topics: [T1, T99]``)."""
    _, end = split_front_matter(text)
    lines = text.split("\n")[:end]
    start = next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)
    if start is None or value is None:
        return start
    pattern = re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])")
    for number in range(start, end):
        line = lines[number - 1]
        if number > start and re.match(r"^\w[\w-]*:", line):
            break
        if pattern.search(line.split(":", 1)[1] if number == start else line):
            return number
    return start


def body(text: str) -> str:
    """The page without its front matter."""
    _, end = split_front_matter(text)
    return "\n".join(text.split("\n")[end:])


@dataclass(frozen=True)
class Fence:
    line: int  # the opening fence's line
    end: int | None  # the closing fence's line; None if the page never closes it
    info: str  # the info string: "python", "bash title=x", ""
    fence: str  # the opening run of backticks or tildes
    norun: str | None = None  # the reason in <!-- norun: reason --> right above, if any
    subprocess: bool = False  # <!-- run: subprocess --> right above

    @property
    def char(self) -> str:
        return self.fence[0]

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""


def fences(text: str) -> list[Fence]:
    """Every fenced block of a Markdown text, as CommonMark reads them: a block closes at a
    line of the same character, at least as long, with nothing after it."""
    found: list[Fence] = []
    opened: tuple[int, str, str, list[str]] | None = None  # line, fence, info, comments
    comments: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        m = FENCE_RE.match(line)
        if opened is None:
            if m:
                opened = (number, m["fence"], m["info"].strip(), comments)
            elif line.strip().startswith("<!--"):
                comments.append(line)
            elif line.strip():
                comments = []
        elif (
            m
            and m["fence"][0] == opened[1][0]
            and len(m["fence"]) >= len(opened[1])
            and not m["info"].strip()
        ):
            found.append(_fence(opened, number))
            opened, comments = None, []
    if opened is not None:
        found.append(_fence(opened, None))
    return found


def _fence(opened: tuple[int, str, str, list[str]], end: int | None) -> Fence:
    line, fence, info, comments = opened
    norun = next((m["reason"] for c in comments if (m := NORUN_RE.match(c))), None)
    sub = any(SUBPROCESS_RE.match(c) for c in comments)
    return Fence(line, end, info, fence, norun, sub)


def lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, text, inside a fenced block) for each line after the front matter;
    the fence lines themselves are left out."""
    _, start = split_front_matter(text)
    total = len(text.split("\n"))
    inside: dict[int, bool | None] = {}
    for fence in fences(text):
        for number in range(fence.line + 1, fence.end if fence.end is not None else total + 1):
            inside[number] = True
        inside[fence.line] = None  # the delimiters
        if fence.end is not None:
            inside[fence.end] = None
    for number, line in enumerate(text.split("\n"), start=1):
        if number <= start:
            continue
        state = inside.get(number, False)
        if state is None:
            continue
        yield number, line, state


def includes(text: str) -> list[tuple[int, str]]:
    """(line, target) of every ``--8<--`` include, in order (escaped ones left out)."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        m = INCLUDE_RE.match(line)
        if m and not m["esc"]:
            found.append((number, m["target"]))
    return found
