"""fieldguide: the machinery of the PyTorch Field Guide.

- layout: where pages, snippet modules and configs are (ROOT, LANGS, pages, rel, ...)
- reader: the one Markdown reader (front matter, fences, includes), on text
- expansion: pages expanded as the build does (``--8<--`` includes), section markers
- codeblocks: the blocks of a page that run, each traced to its page and snippet lines
- output_rule: the output rule, pure (is what was printed what the `#>` lines show?)
- sandbox: the one way code runs (Run: scratch directory, argv, output capture, time
  limit, no writes into the tree, network guard, global state put back)
- executions: what runs how often (the zh and en pages, the topic test and the module run
  alone share one run), snippet modules and their namespaces
- rules: the integrity rules of ``python -m fieldguide check``, one module per rule under
  fieldguide/rules/ (each declares what it reads and says what it checks in en and zh);
  ``rules.REGISTRY`` is every rule
- translation: structural parity, terminology, which side of a page pair changed last
- figures, notebooks: what the build draws and the notebooks stored in docs/
- building: `mkdocs build`, strict, as nox, the tests, the PDF books and the bench run it
- isolation, network: guards the test run keeps (torch global state, no network)
- gpu_selection: what the GPU run selects (read from the code; no pytest)
- environments, drift: the versions found beside the pins (``--python PATH`` runs), version
  drift under other torch versions and the drift report behind the versions page
- languages, derived: the language registry (docs/languages.yml) and the editions converted
  from a source language (繁體中文 from zh)
- exercises, questions, shards, gpu_run: exercises and their checker, "what does this
  print?" questions, CI shards by topic, the GPU run a CUDA machine's owner starts
- plugin, gpu: the pytest plugin (pages are test files); new_page, update_outputs,
  changes and ``python -m fieldguide <command>``: the contributor commands

Importing the package is light: each name below is loaded from its module on first use,
so a MkDocs hook that needs ``fieldguide.translation`` does not load pytest or torch.
Snippet modules never import this package: they run alone.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "codeblocks": "RUN_FENCES Block blocks fences",
    "reader": "FENCE_RE NORUN_RE SUBPROCESS_RE Fence",
    "expansion": "INCLUDE_RE SECTION_RE Expanded IncludeError expand expand_whole includes "
    "marker_problems section_code sections snippet_settings",
    "figures": "declared_figures",
    "layout": "LANGS ROOT front_matter page_pairs pages rel snippet_modules",
    "notebooks": "CELL_RE build_notebook notebook_sources notebook_target stream_text",
    "rules": "LINK_RE anchors check_fences check_include_parity check_includes_resolve "
    "check_links check_nav check_pairs check_scaffolds check_sections check_topics "
    "check_unused_snippets coverage is_figure known_topics nav_entries",
    "output_rule": "EXAMPLE_PREFIX NUMBER_RE OUTPUT_PREFIX VARIES_RE OutputMismatch Shown "
    "check_output check_whole_output expected_output is_output_line line_matches "
    "lines_match number_matches with_outputs_command",
    "sandbox": "Run TimeLimit TimeLimitExceeded RepositoryWrite run_code settle",
    "executions": "CUDA_MODULE_RE SUBPROCESS_MODULE_RE check_snippet needs_cuda snippet_namespace",
    "topics": "Catalog Topic catalog",
    "drift": "",
    "environments": "",
    "translation": "ADMONITION_RE HEADING_RE IMAGE_RE TAB_RE body_lines check_structure "
    "check_terms compare_pairs prose_lines structure terms",
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names.split()}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _EXPORTS:  # a module itself: fieldguide.sandbox, ...
        return importlib.import_module(f".{name}", __name__)
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'fieldguide' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
