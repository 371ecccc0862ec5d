"""The site's test machinery: expand pages as the build does, find their code
blocks, run code with its printed output checked, and the integrity rules.

Every rule is a function that takes the root of a site tree and returns a list
of problems, each ``"path:line: message"``; tests assert that the list is
empty for the real tree and non-empty for a bad fixture tree.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import markdown
import yaml
from pytest_codeblocks import extract_from_buffer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
# The `# figures:` header is read the same way the build reads it.
from figures import declared_figures  # noqa: E402

LANGS = ("zh", "en")
# Fences pytest-codeblocks runs. Anything else needs a "norun" comment with a reason.
# (No Mermaid: Material would fetch mermaid.js from a CDN. Diagrams are figures drawn
# by snippets, see hooks/figures.py.)
RUN_FENCES = {"python", "bash", "sh"}
NORUN_RE = re.compile(r"^\s*<!--\s*norun:\s*(?P<reason>.*?)\s*-->\s*$")
SUBPROCESS_RE = re.compile(r"^\s*<!--\s*run:\s*subprocess\s*-->\s*$")
SUBPROCESS_MODULE_RE = re.compile(r"^# run: subprocess\s*$", re.M)
CUDA_MODULE_RE = re.compile(r"^# requires: cuda\s*$", re.M)
FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE_RE = re.compile(r"""^\s*(?P<esc>;?)--8<--\s+(?P<q>["'])(?P<target>[^"']+)(?P=q)\s*$""")
SECTION_RE = re.compile(r"^\s*#\s*--8<--\s*\[(?P<kind>start|end):(?P<name>[\w-]+)\]\s*$")
LINK_RE = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
TOPIC_ID_RE = re.compile(r"^- (?P<id>[A-Z]\d+) ", re.M)
OUTPUT_PREFIX = "#>"


def rel(path: Path, root: Path = ROOT) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- pages


def pages(root: Path = ROOT, lang: str = "zh", suffixes=(".md", ".ipynb")) -> list[Path]:
    docs = root / "docs" / lang
    return sorted(p for p in docs.rglob("*") if p.suffix in suffixes and p.is_file())


def page_pairs(root: Path = ROOT) -> list[tuple[Path, Path]]:
    """(zh, en) for every page that exists in both languages."""
    zh_docs, en_docs = root / "docs" / "zh", root / "docs" / "en"
    pairs = []
    for zh in pages(root, "zh"):
        en = en_docs / zh.relative_to(zh_docs)
        if en.exists():
            pairs.append((zh, en))
    return pairs


def front_matter(path: Path) -> dict:
    if path.suffix == ".ipynb":
        return json.loads(path.read_text("utf-8")).get("metadata", {}).get("fieldguide", {})
    text = path.read_text("utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---\n", 4)
    if end == -1:
        return {}
    return yaml.safe_load(text[4:end]) or {}


# ------------------------------------------------------------------ include expansion


def snippet_settings(root: Path = ROOT) -> dict:
    """pymdownx.snippets settings exactly as mkdocs.yml gives them, paths made absolute."""
    config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            settings = dict(ext["pymdownx.snippets"])
            break
    else:
        raise LookupError("mkdocs.yml does not enable pymdownx.snippets")
    settings["base_path"] = [str(root / p) for p in settings.get("base_path", ["."])]
    return settings


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name tags; we only need plain values from it."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def _preprocessor(root: Path):
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": snippet_settings(root)},
    )
    return md.preprocessors["snippet"]


@dataclass
class Expanded:
    path: Path
    lines: list[str]
    origin: list[int]  # origin[i] = 1-based line in the Markdown file that produced lines[i]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def expand(path: Path, root: Path = ROOT) -> Expanded:
    """Expand --8<-- includes with pymdownx's own preprocessor, line by line so that
    every expanded line knows which Markdown line it came from."""
    pre = _preprocessor(root)
    lines, origin = [], []
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        if "--8<--" in line:
            try:
                out = pre.run([line])
            except Exception as exc:  # pymdownx raises SnippetMissingError
                raise IncludeError(f"{rel(path, root)}:{number}: {exc}") from exc
        else:
            out = [line]
        lines.extend(out)
        origin.extend([number] * len(out))
    if lines and lines[-1] == "":
        lines.pop()
        origin.pop()
    return Expanded(path, lines, origin)


def expand_whole(path: Path, root: Path = ROOT) -> str:
    """The whole-file expansion the build performs (used to prove expand() is faithful)."""
    return "\n".join(_preprocessor(root).run(path.read_text("utf-8").split("\n")))


class IncludeError(Exception):
    pass


def includes(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every --8<-- include in a Markdown page, in order."""
    found = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        m = INCLUDE_RE.match(line)
        if m and not m["esc"]:
            found.append((number, m["target"]))
    return found


# -------------------------------------------------------------------------- blocks


@dataclass
class Block:
    page: Path
    index: int  # position among the page's executed blocks
    line: int  # line of the opening fence in the Markdown source
    syntax: str
    code: str
    marks: list[str] = field(default_factory=list)
    subprocess: bool = False

    def __str__(self) -> str:
        return f"{rel(self.page)}:{self.line}"


@dataclass
class Fence:
    line: int
    info: str
    norun: str | None  # the reason given in <!-- norun: reason -->, or None
    subprocess: bool  # <!-- run: subprocess --> : run alone in a fresh interpreter


def fences(path: Path) -> list[Fence]:
    """Every opening fence of a Markdown file with the comments right above it."""
    found, open_fence, comments = [], None, []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        m = FENCE_RE.match(line)
        if open_fence is None:
            if m:
                norun = next((n["reason"] for c in comments if (n := NORUN_RE.match(c))), None)
                sub = any(SUBPROCESS_RE.match(c) for c in comments)
                found.append(Fence(number, m["info"].strip(), norun, sub))
                open_fence = m["fence"]
            elif line.strip().startswith("<!--"):
                comments.append(line)
            elif line.strip():
                comments = []
        elif m and m["fence"][0] == open_fence[0] and len(m["fence"]) >= len(open_fence):
            if not m["info"].strip():
                open_fence, comments = None, []
    return found


def fence_char(path: Path, line: int) -> str:
    return FENCE_RE.match(path.read_text("utf-8").splitlines()[line - 1])["fence"][0]


def blocks(path: Path, root: Path = ROOT) -> list[Block]:
    """The blocks of a page that run, as rendered (includes expanded)."""
    expanded = expand(path, root)
    by_line = {fence.line: fence for fence in fences(path)}
    found = []
    for cb in extract_from_buffer(io.StringIO(expanded.text)):
        line = expanded.origin[cb.lineno - 1]
        fence = by_line[line]
        if cb.syntax not in RUN_FENCES or fence.norun is not None:
            continue
        block = Block(path, len(found), line, cb.syntax, cb.code, list(cb.marks), fence.subprocess)
        found.append(block)
    return found


# ------------------------------------------------------------- running with output


class OutputMismatch(AssertionError):
    pass


# ---------------------------------------------------------------- the output rule
#
# `#>` lines are checked output. Text must match exactly (runs of spaces count as one,
# so a minus sign that shifts a tensor's column padding is not a difference). A number
# written with decimals matches within one unit of its last written digit: `9.4238`
# accepts 9.4237 to 9.4239 and nothing else. Whole numbers (`3`, `3.`, `1e+03`) must be
# equal. The rule holds for numbers anywhere in a line: tensors, lists, f-strings.
#
# `#~` lines are one run's example output (training results, timings): the words and
# layout are checked exactly, the numbers are free. The statement they follow needs a
# `# varies: <reason>` comment right above it, and the topic's test asserts the property
# that matters.

EXAMPLE_PREFIX = "#~"
VARIES_RE = re.compile(r"^\s*#\s*varies:\s*(?P<reason>\S.*)$")
NUMBER_RE = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")


@dataclass(frozen=True)
class Shown:
    """One `#>` (checked) or `#~` (example) line as written under a statement."""

    text: str
    example: bool = False

    def __str__(self) -> str:
        return f"{EXAMPLE_PREFIX if self.example else OUTPUT_PREFIX} {self.text}".rstrip()


def _split_numbers(text: str) -> tuple[list[str], list[str]]:
    """The text between numbers (spaces collapsed) and the numbers, in order."""
    words = [re.sub(r"\s+", " ", part).strip() for part in NUMBER_RE.split(text)]
    return words, NUMBER_RE.findall(text)


def number_matches(want: str, got: str) -> bool:
    """Within one unit of the last written digit of ``want``; whole numbers exactly."""
    try:
        a, b = Decimal(want), Decimal(got)
    except InvalidOperation:
        return want == got
    mantissa = re.split(r"[eE]", want)[0]
    if "." not in mantissa or mantissa.endswith("."):
        return a == b
    return abs(a - b) <= Decimal(1).scaleb(a.as_tuple().exponent)


def line_matches(shown: Shown | str, got: str) -> bool:
    """Does a printed line satisfy the line shown under its statement?"""
    if isinstance(shown, str):
        shown = Shown(shown)
    want, got = shown.text.rstrip(), got.rstrip()
    if want == got:
        return True
    (want_words, want_numbers), (got_words, got_numbers) = _split_numbers(want), _split_numbers(got)
    if want_words != got_words or len(want_numbers) != len(got_numbers):
        return False
    return shown.example or all(map(number_matches, want_numbers, got_numbers))


def lines_match(shown: list[Shown], got: list[str]) -> bool:
    return len(shown) == len(got) and all(map(line_matches, shown, got))


def expected_output(source: str) -> dict[int, list[Shown]]:
    """Map each top-level statement's last line to the ``#>``/``#~`` lines right under it.
    Raise OutputMismatch for an output line that follows no top-level statement, and for
    example output without a ``# varies: <reason>`` comment above its statement."""
    lines = source.splitlines()
    tree = ast.parse(source)
    starts = {stmt.end_lineno: stmt.lineno for stmt in tree.body}
    expected: dict[int, list[Shown]] = {}
    claimed: set[int] = set()
    for end, start in starts.items():
        out, n = [], end  # n is 0-based index of the line after the statement
        while n < len(lines) and (marker := _marker(lines[n])):
            text = lines[n].strip()[len(marker) :]
            out.append(Shown(text[1:] if text.startswith(" ") else text, marker == EXAMPLE_PREFIX))
            claimed.add(n + 1)
            n += 1
        if out:
            expected[end] = out
        if any(s.example for s in out) and not _varies_reason(lines, start):
            raise OutputMismatch(
                f"line {end + 1}: '#~' example output needs its reason: put a comment "
                f"'# varies: <why these numbers change between machines>' above line {start}"
            )
    for number, line in enumerate(lines, start=1):
        if _marker(line) and number not in claimed:
            raise OutputMismatch(
                f"line {number}: '{_marker(line)}' output comment does not follow a "
                "top-level statement"
            )
    return expected


def is_output_line(line: str) -> bool:
    return _marker(line) is not None


def _marker(line: str) -> str | None:
    stripped = line.strip()
    for marker in (OUTPUT_PREFIX, EXAMPLE_PREFIX):
        if stripped.startswith(marker):
            return marker
    return None


def _varies_reason(lines: list[str], start: int) -> str | None:
    """The reason in a ``# varies:`` comment among the comment lines right above line
    ``start`` (1-based), if any."""
    n = start - 2
    while n >= 0 and lines[n].strip().startswith("#") and not _marker(lines[n]):
        if m := VARIES_RE.match(lines[n]):
            return m["reason"]
        n -= 1
    return None


def run_code(source: str, filename: str, namespace: dict) -> dict[int, list[str]]:
    """exec ``source`` in ``namespace``; return what each top-level statement printed,
    keyed by the statement's last line."""
    code = compile(source, filename, "exec", dont_inherit=True)
    tree = ast.parse(source)
    spans = [(stmt.lineno, stmt.end_lineno) for stmt in tree.body]
    printed: dict[int, io.StringIO] = {}

    def statement_end(line: int) -> int:
        for start, end in spans:
            if start <= line <= end:
                return end
        return line

    def tracking_print(*args, sep=" ", end="\n", file=None, flush=False):
        if file not in (None, sys.stdout):
            return builtins.print(*args, sep=sep, end=end, file=file, flush=flush)
        frame = sys._getframe(1)
        while frame is not None and frame.f_code is not code:
            frame = frame.f_back
        key = statement_end(frame.f_lineno) if frame is not None else -1
        buffer = printed.setdefault(key, io.StringIO())
        builtins.print(*args, sep=sep, end=end, file=buffer)

    namespace.setdefault("__builtins__", builtins)
    namespace["print"] = tracking_print
    exec(code, namespace)
    return {key: buffer.getvalue().splitlines() for key, buffer in printed.items()}


def check_output(source: str, printed: dict[int, list[str]], where: str) -> None:
    """Raise OutputMismatch naming the line when printed text and the ``#>``/``#~``
    comments differ under the output rule."""
    expected = expected_output(source)
    lines = source.splitlines()
    for key in sorted(set(expected) | set(printed)):
        want, got = expected.get(key, []), [s.rstrip() for s in printed.get(key, [])]
        if not lines_match(want, got):
            statement = lines[key - 1].strip() if 0 < key <= len(lines) else "?"
            raise OutputMismatch(
                f"{where}:{key}: printed output differs from its '#>' comments after "
                f"`{statement}`\n--- shown on the page\n"
                + "\n".join(str(s) for s in want)
                + "\n--- printed\n"
                + "\n".join(got)
                + "\n(numbers with decimals may differ by one unit of their last digit; "
                "if the new output is right, rewrite the comments with `nox -s outputs -- "
                "<snippet file>` and review git diff)"
            )


@contextlib.contextmanager
def working_directory(path: Path):
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@contextlib.contextmanager
def argv(*args: str):
    old = sys.argv
    sys.argv = list(args)
    try:
        yield
    finally:
        sys.argv = old


def run_snippet(path: Path, workdir: Path, namespace: dict | None = None) -> dict[int, list[str]]:
    """Run a snippet module as __main__ in ``workdir``, in this process, with its
    output tracked; returns what each top-level statement printed."""
    if namespace is None:
        namespace = {}
    namespace.update({"__name__": "__main__", "__file__": str(path)})
    with working_directory(workdir), argv(str(path)):
        return run_code(path.read_text("utf-8"), str(path), namespace)


def check_snippet(path: Path, workdir: Path, namespace: dict | None = None) -> None:
    """Run a snippet alone and fail unless it prints exactly its ``#>`` comments and
    writes every figure it declares. Modules with a ``# run: subprocess`` line run in a
    fresh interpreter (their namespace stays empty)."""
    if SUBPROCESS_MODULE_RE.search(path.read_text("utf-8")):
        run_in_subprocess(path, workdir)
    else:
        check_output(path.read_text("utf-8"), run_snippet(path, workdir, namespace), rel(path))
    for name in declared_figures(path):
        if not (workdir / name).is_file():
            raise AssertionError(f"{rel(path)}:1: declares figure {name} but did not write it")


def run_in_subprocess(path: Path, workdir: Path, timeout: float = 300) -> None:
    """Run a file with a fresh interpreter (for code that spawns processes, e.g. DDP) and
    compare its whole stdout with all of its ``#>`` lines, in order."""
    result = subprocess.run(
        [sys.executable, str(path)], cwd=workdir, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise AssertionError(f"{rel(path)}: exit {result.returncode}\n{result.stderr[-3000:]}")
    expected = expected_output(path.read_text("utf-8"))
    want = [shown for key in sorted(expected) for shown in expected[key]]
    got = [line.rstrip() for line in result.stdout.splitlines()]
    if not lines_match(want, got):
        raise OutputMismatch(
            f"{rel(path)}: printed output differs from its '#>' comments\n--- shown\n"
            + "\n".join(str(s) for s in want)
            + "\n--- printed\n"
            + "\n".join(got)
        )


_SNIPPET_RUNS: dict[Path, dict] = {}


def snippet_namespace(module: str) -> dict:
    """The globals of ``snippets/<module>.py`` after a checked standalone run, run once per
    test session (tests/<part>/test_<topic>.py assert on them)."""
    path = ROOT / "snippets" / f"{module}.py"
    if path not in _SNIPPET_RUNS:
        namespace: dict = {}
        check_snippet(path, Path(tempfile.mkdtemp(prefix="snippet-")), namespace)
        _SNIPPET_RUNS[path] = namespace
    return _SNIPPET_RUNS[path]


# ---------------------------------------------------------------- integrity rules


def snippet_modules(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "snippets").rglob("*.py") if "__pycache__" not in p.parts)


def needs_cuda(module: Path) -> bool:
    """A module with a ``# requires: cuda`` line runs only where CUDA is available."""
    return bool(CUDA_MODULE_RE.search(module.read_text("utf-8")))


def sections(path: Path) -> list[str]:
    return [
        m["name"]
        for line in path.read_text("utf-8").splitlines()
        if (m := SECTION_RE.match(line)) and m["kind"] == "start"
    ]


def check_fences(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for fence in fences(page):
                line, info, reason = fence.line, fence.info, fence.norun
                where = f"{rel(page, root)}:{line}"
                if reason is not None:
                    if not reason:
                        problems.append(f"{where}: 'norun' needs a reason: <!-- norun: why -->")
                    continue
                if fence_char(page, line) == "~":
                    problems.append(
                        f"{where}: ~~~ fences are not collected for running; use ``` fences"
                    )
                    continue
                if info in RUN_FENCES:
                    continue
                problems.append(
                    f"{where}: fence ```{info} would not be executed; use ```python, ```bash "
                    f"or ```sh exactly, or put <!-- norun: reason --> on the line before it"
                )
    return problems


def check_pairs(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        other = "en" if lang == "zh" else "zh"
        docs = root / "docs" / lang
        for page in pages(root, lang):
            twin = root / "docs" / other / page.relative_to(docs)
            if not twin.exists():
                problems.append(
                    f"{rel(page, root)}:1: page exists in '{lang}' only; add {rel(twin, root)}"
                )
    return problems


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


def check_include_parity(root: Path = ROOT) -> list[str]:
    return compare_pairs(root, includes, "include")


def check_includes_resolve(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for line, target in includes(page):
                file, _, section = target.partition(":")
                path = root / file
                if not path.exists():
                    problems.append(f"{rel(page, root)}:{line}: include {target!r}: no file {file}")
                elif section and not section[0].isdigit() and section not in sections(path):
                    problems.append(
                        f"{rel(page, root)}:{line}: include {target!r}: "
                        f"{file} has no section [start:{section}]"
                    )
    return problems


def check_unused_snippets(root: Path = ROOT) -> list[str]:
    used = {
        target.partition(":")[0]
        for lang in LANGS
        for page in pages(root, lang, suffixes=(".md",))
        for _line, target in includes(page)
    }
    used |= {front_matter(source).get("source") for source in notebook_sources(root)}
    return [
        f"{rel(module, root)}:1: snippet module is never included by a page or notebook"
        for module in snippet_modules(root)
        if rel(module, root) not in used
    ]


def check_links(root: Path = ROOT) -> list[str]:
    problems = []
    for lang in LANGS:
        for page in pages(root, lang, suffixes=(".md",)):
            for number, line in prose_lines(page):
                for m in LINK_RE.finditer(line):
                    target = m["target"].split("#", 1)[0]
                    if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                        continue  # same-page anchor or external URL
                    if not (page.parent / target).exists() and not is_figure(root, page, target):
                        problems.append(f"{rel(page, root)}:{number}: broken link {m['target']!r}")
    return problems


def is_figure(root: Path, page: Path, target: str) -> bool:
    """Is ``target`` (relative to ``page``) a figure the build draws from a snippet?"""
    folder, _, name = target.rpartition("/")
    docs = next(root / "docs" / lang for lang in LANGS if page.is_relative_to(root / "docs" / lang))
    part = (page.parent / folder).relative_to(docs)
    if part.name != "figures":
        return False
    modules = (root / "snippets" / part.parent).glob("*.py")
    return any(name in declared_figures(module) for module in modules)


def known_topics(root: Path = ROOT) -> dict[str, str]:
    data = yaml.safe_load((root / "docs" / "topics.yml").read_text("utf-8"))
    return {str(k): v for k, v in data.items()}


def check_topics(root: Path = ROOT) -> list[str]:
    problems = []
    ids = known_topics(root)
    for zh, en in page_pairs(root):
        a, b = front_matter(zh).get("topics"), front_matter(en).get("topics")
        for page, topics in ((zh, a), (en, b)):
            if topics is None:
                problems.append(f"{rel(page, root)}:1: front matter has no 'topics:' list")
            else:
                problems += [
                    f"{rel(page, root)}:1: unknown topic ID {t!r}" for t in topics if t not in ids
                ]
        if a is not None and b is not None and a != b:
            problems.append(f"{rel(zh, root)}:1 and {rel(en, root)}:1: topics differ: {a} vs {b}")
    return problems


def coverage(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """topic ID -> {lang: [pages that list it]}."""
    cover = {tid: {lang: [] for lang in LANGS} for tid in known_topics(root)}
    for lang in LANGS:
        for page in pages(root, lang):
            for tid in front_matter(page).get("topics") or []:
                if tid in cover:
                    cover[tid][lang].append(rel(page, root))
    return cover


# ------------------------------------------------------------------------ notebooks

CELL_RE = re.compile(r"^<!--\s*cell:\s*(?P<name>[\w-]+)\s*-->\s*$", re.M)


def notebook_sources(root: Path = ROOT) -> list[Path]:
    """The per-language texts notebooks are built from: notebooks/<part>/<topic>.<lang>.md"""
    return sorted((root / "notebooks").rglob("*.md")) if (root / "notebooks").exists() else []


def notebook_target(source: Path, root: Path = ROOT) -> Path:
    part = source.parent.relative_to(root / "notebooks")
    topic, lang = source.name.removesuffix(".md").rsplit(".", 1)
    return root / "docs" / lang / part / f"{topic}.ipynb"


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


def build_notebook(source: Path, root: Path = ROOT):
    """An unexecuted notebook: the page's prose as Markdown cells, the snippet's
    sections as code cells."""
    import nbformat

    text = source.read_text("utf-8")
    meta = front_matter(source)
    body = text[text.find("\n---\n", 4) + 5 :]
    parts = CELL_RE.split(body)
    intro, rest = parts[0], parts[1:]
    module = root / meta["source"]
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {meta['title']}\n\n{intro.strip()}"))
    for name, prose in zip(rest[::2], rest[1::2], strict=True):
        if prose.strip():
            nb.cells.append(nbformat.v4.new_markdown_cell(prose.strip()))
        nb.cells.append(nbformat.v4.new_code_cell(section_code(module, name)))
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number}"  # stable ids keep regenerated notebooks diff-free
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["fieldguide"] = {"topics": meta.get("topics", []), "source": meta["source"]}
    return nb


def stream_text(cell) -> str:
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )


# ------------------------------------------------------------ structural parity

ADMONITION_RE = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)")
TAB_RE = re.compile(r'^\s*===\+?\s+"')
IMAGE_RE = re.compile(r"!\[[^\]]*\]\((?P<target>[^)\s]+)")
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+\S")


def body_lines(path: Path):
    """(line number, text, inside a code fence) for each line of a page after its front
    matter; the fence delimiter lines themselves are left out."""
    in_fence = in_front = False
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if number == 1 and line == "---":
            in_front = True
            continue
        if in_front:
            in_front = line != "---"
            continue
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        yield number, line, in_fence


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


def check_terms(root: Path = ROOT) -> list[str]:
    """A Chinese page uses one Chinese term per glossary entry, not two."""
    problems = []
    entries = terms(root)
    for page in pages(root, "zh", suffixes=(".md",)):
        lines = prose_lines(page)
        for entry in entries:
            variants = [entry["zh"], *entry.get("variants", [])]
            used = {}
            for number, text in lines:
                for word in variants:
                    if word in text and not any(
                        word != other and word in other and other in text for other in variants
                    ):
                        used.setdefault(word, number)
            if len(used) > 1:
                (w1, l1), (w2, l2) = sorted(used.items(), key=lambda kv: kv[1])[:2]
                problems.append(
                    f"{rel(page, root)}:{l2}: uses {w2!r} but line {l1} uses {w1!r} for "
                    f"'{entry['en']}'; pick one (the glossary says {entry['zh']!r})"
                )
    return problems
