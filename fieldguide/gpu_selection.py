"""What the GPU run selects, read from the code without running it (and without pytest, so
``python -m fieldguide check`` can use it): where code uses CUDA in any form
(:func:`cuda_uses`), the files the GPU run collects (:func:`selection_files`), and the rule
that every file using CUDA is among them (:func:`check_cuda_selected`). The pytest half is
fieldguide.gpu, which re-exports these names."""

from __future__ import annotations

import io
import re
import tokenize
from functools import cache
from pathlib import Path

CUDA_PATH = "cuda_path"
# A module whose CUDA path needs two GPUs (it falls back to one rank, or to the CPU).
MULTI_GPU_RE = re.compile(r"^# gpus: 2\s*$", re.M)
# A file under tests/ that mentions CUDA for the CPU's sake (fakes, planted faults) and
# is deliberately not run by the GPU run says why on a line of its own.
CPU_ONLY_RE = re.compile(r"^# gpu run: not selected: \S.*$", re.M)
# The same line inside one test function opts out that test alone.
CPU_ONLY_TEST_RE = re.compile(r"^\s*# gpu run: not selected: \S.*$", re.M)

# ------------------------------------------------------------------ CUDA use in code

# Names that only matter where CUDA is: torch.cuda, .cuda(), torch.backends.cuda/cudnn,
# torch.accelerator.current_accelerator(), pin_memory (a DataLoader's or a tensor's).
_CUDA_NAMES = {"cuda", "cudnn", "current_accelerator", "pin_memory"}
# String constants that name a CUDA device or backend: "cuda", "cuda:1", "nccl".
_CUDA_STRING_RE = re.compile(r"(?:cuda(?::\d+)?|nccl)\Z")
# For code that does not tokenize: a plain word search, which selects more, never less.
_CUDA_WORD_RE = re.compile(
    r"\b(?:cuda|cudnn|current_accelerator|pin_memory|nccl)\b|\.accelerator\b"
)


def cuda_uses(code: str) -> list[tuple[int, str]]:
    """(line, token) of each use of CUDA in Python ``code``: the names above, the attribute
    ``torch.accelerator``, and device strings. Comments, docstrings and other prose do not
    count (a ``#`` inside a string is not a comment). A fake for the CPU's sake,
    ``monkeypatch.setattr(torch.cuda, ...)``, is not a use."""
    return list(_cuda_uses(code))


@cache  # the same code is asked about once per item that runs it
def _cuda_uses(code: str) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return tuple(
            (code.count("\n", 0, m.start()) + 1, m.group().lstrip("."))
            for m in _CUDA_WORD_RE.finditer(code)
        )
    depth_skip = None  # paren depth at which a monkeypatch.setattr(...) call ends
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
            if depth_skip is not None and depth < depth_skip:
                depth_skip = None
        if depth_skip is not None:
            continue
        previous = tokens[i - 1].string if i else ""
        if tok.type == tokenize.NAME:
            owner = tokens[i - 2].string if i >= 2 else ""
            if tok.string == "setattr" and previous == "." and owner == "monkeypatch":
                depth_skip = depth + 1
            elif tok.string in _CUDA_NAMES or (tok.string == "accelerator" and previous == "."):
                found.append((tok.start[0], tok.string))
        elif tok.type == tokenize.STRING and ("cuda" in tok.string or "nccl" in tok.string):
            try:
                import ast

                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, str) and _CUDA_STRING_RE.match(value):
                found.append((tok.start[0], repr(value)))
    return tuple(found)


@cache
def module_uses_cuda(module: Path) -> bool:
    """Does this snippet module use CUDA in any form (CUDA only, or CUDA where present)?"""
    try:
        return bool(cuda_uses(module.read_text("utf-8")))
    except OSError:
        return False


# The name the tests of tests/gpu/test_workflow.py and older callers know it by.
has_cuda_branch = module_uses_cuda


@cache
def needs_two_gpus(module: Path) -> bool:
    """A ``# gpus: 2`` module: its CUDA path needs two GPUs (with fewer it runs one rank,
    or on the CPU)."""
    try:
        return bool(MULTI_GPU_RE.search(module.read_text("utf-8")))
    except OSError:
        return False


def page_modules(page: Path, root: Path) -> list[Path]:
    """The snippet modules a page includes."""
    from .reader import includes

    found = []
    for _, target in includes(page.read_text("utf-8")):
        module = root / target.partition(":")[0]
        if module.suffix == ".py" and module not in found:
            found.append(module)
    return found


def page_inline_code(page: Path) -> str:
    """The code written in a page's Python fences that run (includes left out)."""
    from .reader import INCLUDE_RE, fences

    lines = page.read_text("utf-8").split("\n")
    code = []
    for fence in fences("\n".join(lines)):
        if fence.language != "python" or fence.norun is not None or fence.end is None:
            continue
        body = [line for line in lines[fence.line : fence.end - 1] if not INCLUDE_RE.match(line)]
        code.append("\n".join(body))
    return "\n".join(code)


def page_uses_cuda(page: Path, root: Path) -> bool:
    return any(module_uses_cuda(m) for m in page_modules(page, root)) or bool(
        cuda_uses(page_inline_code(page))
    )


def notebook_module(source: Path, root: Path) -> Path | None:
    """The snippet module a notebook is built from (its front matter's ``source``)."""
    from .topics import notebook_source

    target = notebook_source(source)
    return root / target if target is not None else None


def _test_source_uses_cuda(source: str) -> bool:
    return bool(cuda_uses(source)) and not CPU_ONLY_TEST_RE.search(source)


@cache
def _function_uses_cuda(function) -> bool:
    import inspect

    try:
        return _test_source_uses_cuda(inspect.getsource(function))
    except (OSError, TypeError):
        return False


def _marks_gpu(code: str) -> bool:
    """``pytest.mark.gpu`` in the code itself (not in a string or comment)."""
    try:
        names = [t.string for t in tokenize.generate_tokens(io.StringIO(code).readline)]
    except (tokenize.TokenError, SyntaxError):
        return "pytest.mark.gpu" in code
    return any(names[i : i + 5] == ["pytest", ".", "mark", ".", "gpu"] for i in range(len(names)))


def _test_functions(code: str) -> list[str]:
    """The source of each ``test_*`` function (top level or in a class) of a test file."""
    import ast

    try:
        tree = ast.parse(code)
    except SyntaxError:
        return [code]
    # ast.get_source_segment splits the whole file again for every function (~3 s for the
    # tests/ tree); split it once and cut each function out as it does (offsets in bytes).
    lines = [line.encode() for line in io.StringIO(code, newline=None).readlines()]
    return [
        _segment(lines, node)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    ]


def _segment(lines: list[bytes], node) -> str:
    first, last = node.lineno - 1, node.end_lineno - 1
    if first == last:
        return lines[first][node.col_offset : node.end_col_offset].decode()
    head, tail = lines[first][node.col_offset :], lines[last][: node.end_col_offset]
    return b"".join([head, *lines[first + 1 : last], tail]).decode()


def modules_run_by(item) -> list[Path]:
    """The snippet modules whose code ``item`` runs: a module run alone, a page's included
    modules, a notebook's source module."""
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec else {}
    root = item.config.rootpath
    if getattr(item, "originalname", None) == "test_snippet_runs_alone" and "module" in params:
        return [Path(params["module"])]
    if isinstance(params.get("source"), Path):
        module = notebook_module(params["source"], root)
        return [module] if module is not None else []
    if Path(str(item.fspath)).suffix == ".md":
        blocks = getattr(item.parent, "blocks", [])
        return list(dict.fromkeys(b.snippet[0] for b in blocks if b.snippet))
    return []


def _cpu_only(path: Path) -> bool:
    try:
        return bool(CPU_ONLY_RE.search(path.read_text("utf-8")))
    except OSError:
        return False


def takes_cuda_path(item) -> bool:
    """Whether ``item`` runs code that uses CUDA: a snippet module's run, a page block or
    notebook cell of a module that uses it, a page block whose own code uses it, a test of
    such a module (tests/<part>/test_<topic>.py), or a test whose body uses it."""
    if any(module_uses_cuda(m) for m in modules_run_by(item)):
        return True
    path = Path(str(item.fspath))
    if path.suffix == ".md":  # any block of the page: they share one namespace, one device
        return any(cuda_uses(b.code) for b in getattr(item.parent, "blocks", []))
    from .topics import catalog

    root = item.config.rootpath
    if not path.is_relative_to(root / "tests") or _cpu_only(path):
        return False
    topic = catalog(root).of(path)
    if topic is not None and topic.module is not None and module_uses_cuda(topic.module):
        return True
    function = getattr(item, "function", None)
    return function is not None and _function_uses_cuda(function)


# ------------------------------------------------------------------ what the run collects


def _test_file_uses_cuda(path: Path, root: Path) -> bool:
    from .topics import catalog

    text = path.read_text("utf-8")
    if CPU_ONLY_RE.search(text):
        return False
    if _marks_gpu(text) or any(_test_source_uses_cuda(f) for f in _test_functions(text)):
        return True
    topic = catalog(root).of(path)
    return topic is not None and topic.module is not None and module_uses_cuda(topic.module)


def selection_files(root: Path) -> list[str]:
    """The files the GPU run collects (then ``-m "gpu or cuda_path"`` picks the items): the
    test files that are gpu-marked, test a module that uses CUDA or use it themselves; the
    snippet runs and notebook cells where any module or notebook uses it; every page whose
    code or included modules use it. Relative to ``root``, sorted."""
    root = Path(root)
    found = set()
    for path in sorted((root / "tests").rglob("test_*.py")):
        if _test_file_uses_cuda(path, root):
            found.add(path)
    modules = sorted((root / "snippets").rglob("*.py"))
    if any(module_uses_cuda(m) for m in modules):
        found.add(root / "tests" / "test_snippets.py")
    sources = sorted((root / "notebooks").rglob("*.md")) if (root / "notebooks").exists() else []
    if any((m := notebook_module(s, root)) is not None and module_uses_cuda(m) for s in sources):
        found.add(root / "tests" / "test_notebooks.py")
    for page in sorted((root / "docs").rglob("*.md")):
        if page_uses_cuda(page, root):
            found.add(page)
    return sorted(p.relative_to(root).as_posix() for p in found if p.exists())


def check_cuda_selected(root: Path) -> list[str]:
    """Rule for ``python -m fieldguide check``: every module or page that uses CUDA in any
    form is run by the GPU run. Snippet modules, pages and test files are selected by
    :func:`selection_files`; a helper module under tests/ that uses CUDA must be run by a
    selected test (named in it), or say ``# gpu run: not selected: <why>``."""
    root = Path(root)
    selected = set(selection_files(root))
    problems = []
    for module in sorted((root / "snippets").rglob("*.py")):
        uses = cuda_uses(module.read_text("utf-8"))
        if uses and "tests/test_snippets.py" not in selected:
            problems.append(_problem(root, module, uses, "tests/test_snippets.py is not collected"))
    for page in sorted((root / "docs").rglob("*.md")):
        uses = cuda_uses(page_inline_code(page))
        if uses and page.relative_to(root).as_posix() not in selected:
            problems.append(_problem(root, page, uses, "the page is not collected"))
    texts = [(root / p).read_text("utf-8") for p in selected if p.endswith(".py")]
    for helper in sorted((root / "tests").rglob("*.py")):
        name = helper.relative_to(root).as_posix()
        if helper.name.startswith("test_") or helper.name == "conftest.py" or name in selected:
            continue
        text = helper.read_text("utf-8")
        uses = cuda_uses(text)
        if not uses or CPU_ONLY_RE.search(text):
            continue
        if not any(helper.name in t for t in texts):
            problems.append(_problem(root, helper, uses, "no selected test runs it"))
    return problems


def _problem(root: Path, path: Path, uses: list[tuple[int, str]], why: str) -> str:
    line, token = uses[0]
    return (
        f"{path.relative_to(root).as_posix()}:{line}: uses CUDA ({token}) but the GPU run "
        f"does not run it: {why}"
    )
