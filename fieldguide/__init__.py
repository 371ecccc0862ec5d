# ruff: noqa: F401 - the package re-exports the public names of its modules
"""fieldguide: the machinery of the PyTorch Field Guide.

- layout: where pages, snippet modules and configs are (ROOT, LANGS, pages, rel, ...)
- expansion: pages expanded as the build does (``--8<--`` includes), section markers
- codeblocks: the blocks of a page that run, each traced to its page and snippet lines
- running: running code with its printed output checked (the output rule), snippet modules
- rules: integrity rules (fences, pairs, includes, sections, links and anchors, nav,
  topics, scaffolds)
- translation: structural parity, terminology, which side of a page pair changed last
- figures, notebooks: what the build draws and the notebooks stored in docs/
- building: `mkdocs build`, strict, as the tests, the PDF books and the bench run it
- isolation, network: guards the test run keeps (torch global state, no network)
- plugin: the pytest plugin (pages are test files); new_page, update_outputs and
  ``python -m fieldguide <command>``: the contributor commands behind the nox sessions

Snippet modules never import this package: they run alone.
"""

from .codeblocks import (
    FENCE_RE,
    NORUN_RE,
    RUN_FENCES,
    SUBPROCESS_RE,
    Block,
    Fence,
    blocks,
    fence_char,
    fences,
)
from .expansion import (
    INCLUDE_RE,
    SECTION_RE,
    Expanded,
    IncludeError,
    expand,
    expand_whole,
    includes,
    marker_problems,
    section_code,
    sections,
    snippet_settings,
)
from .figures import declared_figures
from .layout import (
    LANGS,
    ROOT,
    front_matter,
    page_pairs,
    pages,
    rel,
    snippet_modules,
)
from .notebooks import CELL_RE, build_notebook, notebook_sources, notebook_target, stream_text
from .rules import (
    LINK_RE,
    anchors,
    check_fences,
    check_include_parity,
    check_includes_resolve,
    check_links,
    check_nav,
    check_pairs,
    check_scaffolds,
    check_sections,
    check_topics,
    check_unused_snippets,
    coverage,
    is_figure,
    known_topics,
    nav_entries,
)
from .running import (
    CUDA_MODULE_RE,
    EXAMPLE_PREFIX,
    NUMBER_RE,
    OUTPUT_PREFIX,
    SUBPROCESS_MODULE_RE,
    VARIES_RE,
    OutputMismatch,
    Shown,
    argv,
    check_output,
    check_snippet,
    expected_output,
    is_output_line,
    line_matches,
    lines_match,
    needs_cuda,
    number_matches,
    run_code,
    run_in_subprocess,
    run_snippet,
    snippet_namespace,
    working_directory,
)
from .translation import (
    ADMONITION_RE,
    HEADING_RE,
    IMAGE_RE,
    TAB_RE,
    body_lines,
    check_structure,
    check_terms,
    compare_pairs,
    prose_lines,
    structure,
    terms,
)
