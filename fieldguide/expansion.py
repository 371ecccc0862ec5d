"""Reading pages as the build does: ``--8<--`` includes expanded by pymdownx.snippets itself,
with every expanded line traced back to its Markdown line and, for included code, to the
line of the snippet module it came from. Also the rule for well-formed section markers."""

from __future__ import annotations

import functools
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from . import reader
from .layout import ROOT, config, rel
from .reader import INCLUDE_RE

SECTION_RE = re.compile(r"^\s*#\s*--8<--\s*\[(?P<kind>start|end):(?P<name>[\w-]+)\]\s*$")
# Anything that looks like a section marker, to report the ones SECTION_RE would not accept.
MARKER_LIKE_RE = re.compile(r"^\s*#.*--8<--\s*\[")


class IncludeError(Exception):
    pass


def snippet_settings(root: Path = ROOT) -> dict:
    """pymdownx.snippets settings exactly as mkdocs.yml gives them, paths made absolute."""
    for ext in config(root)["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            settings = dict(ext["pymdownx.snippets"])
            break
    else:
        raise LookupError("mkdocs.yml does not enable pymdownx.snippets")
    settings["base_path"] = [str(root / p) for p in settings.get("base_path", ["."])]
    return settings


@functools.cache
def _settings(root: str) -> dict:
    return snippet_settings(Path(root))


def _preprocessor(root: Path):
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": _settings(str(root))},
    )
    return md.preprocessors["snippet"]


@dataclass
class Expanded:
    path: Path
    lines: list[str]
    origin: list[int]  # origin[i] = 1-based line in the Markdown file that produced lines[i]
    # source[i] = (snippet file, 1-based line) for an included line, None for the page's own
    source: list[tuple[Path, int] | None] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _trace(target: str, out: list[str], root: Path) -> list[tuple[Path, int] | None]:
    """For the lines one include produced, the snippet line each came from (matched in
    order from the start of the included section; dedenting only changes indentation)."""
    file, _, rest = target.partition(":")
    path = root / file
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return [None] * len(out)
    start = 0
    if rest and rest[0].isdigit():
        start = int(rest.split(":")[0]) - 1
    elif rest:
        for number, line in enumerate(lines):
            m = SECTION_RE.match(line)
            if m and m["kind"] == "start" and m["name"] == rest:
                start = number + 1
                break
    traced, p = [], start
    for text in out:
        q = p
        while q < len(lines) and lines[q].strip() != text.strip():
            q += 1
        if q < len(lines):
            traced.append((path, q + 1))
            p = q + 1
        else:
            traced.append(None)
    return traced


def expand(path: Path, root: Path = ROOT) -> Expanded:
    """Expand --8<-- includes with pymdownx's own preprocessor, line by line so that
    every expanded line knows which Markdown line (and snippet line) it came from."""
    pre = _preprocessor(root)
    lines, origin, source = [], [], []
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        m = INCLUDE_RE.match(line) if "--8<--" in line else None
        if "--8<--" in line:
            try:
                out = pre.run([line])
            except Exception as exc:  # pymdownx raises SnippetMissingError
                raise IncludeError(f"{rel(path, root)}:{number}: {exc}") from exc
            traced = _trace(m["target"], out, root) if m and not m["esc"] else [None] * len(out)
        else:
            out, traced = [line], [None]
        lines.extend(out)
        origin.extend([number] * len(out))
        source.extend(traced)
    if lines and lines[-1] == "":
        lines.pop()
        origin.pop()
        source.pop()
    return Expanded(path, lines, origin, source)


def expand_whole(path: Path, root: Path = ROOT) -> str:
    """The whole-file expansion the build performs (used to prove expand() is faithful)."""
    return "\n".join(_preprocessor(root).run(path.read_text("utf-8").split("\n")))


def includes(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every --8<-- include in a Markdown page, in order."""
    return reader.includes(path.read_text("utf-8"))


def sections(path: Path) -> list[str]:
    return [
        m["name"]
        for line in path.read_text("utf-8").splitlines()
        if (m := SECTION_RE.match(line)) and m["kind"] == "start"
    ]


def section_code(path: Path, name: str) -> str:
    """The code of one named section, as pymdownx.snippets renders it (dedented)."""
    lines, inside, out = path.read_text("utf-8").splitlines(), False, []
    for line in lines:
        m = SECTION_RE.match(line)
        if m and m["name"] == name:
            inside = m["kind"] == "start"
            continue
        if inside and not SECTION_RE.match(line):
            out.append(line)
    if not out:
        raise IncludeError(f"{rel(path)}: no section [start:{name}]")
    return textwrap.dedent("\n".join(out)).strip("\n")


def marker_problems(path: Path, root: Path = ROOT) -> list[str]:
    """Each ``[start:x]`` is closed by exactly one ``[end:x]``; sections do not nest, no
    ``[end:x]`` is stray and no marker is misspelt. A typo such as ``[end:veiw]`` would
    otherwise make the page show the rest of the file."""
    problems, stack, seen = [], [], {}  # stack: (line, name) of the open sections
    where = rel(path, root)
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        m = SECTION_RE.match(line)
        if m is None:
            if MARKER_LIKE_RE.match(line):
                problems.append(
                    f"{where}:{number}: malformed section marker {line.strip()!r}; write "
                    "'# --8<-- [start:name]' or '# --8<-- [end:name]'"
                )
            continue
        kind, name = m["kind"], m["name"]
        if kind == "start":
            if stack:
                at, outer = stack[-1]
                problems.append(
                    f"{where}:{number}: [start:{name}] inside section [start:{outer}] "
                    f"(line {at}); close it with [end:{outer}] first"
                )
            elif name in seen:
                problems.append(
                    f"{where}:{number}: section {name!r} starts again (first at line {seen[name]})"
                )
            seen.setdefault(name, number)
            stack.append((number, name))
        elif not stack:
            problems.append(f"{where}:{number}: [end:{name}] closes no open section")
        else:
            at, open_name = stack.pop()
            if name != open_name:
                problems.append(
                    f"{where}:{number}: [end:{name}] does not match the open section "
                    f"[start:{open_name}] (line {at}); a typo?"
                )
    for at, name in stack:
        problems.append(f"{where}:{at}: [start:{name}] is never closed with [end:{name}]")
    return problems
