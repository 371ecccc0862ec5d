"""python -m fieldguide <command> [args]: the contributor commands the nox sessions run.

new_page <part>/<topic>   scaffold a topic (pages, snippet, test, nav)
new_exercise <part>/<name>  scaffold an exercise (solution, starter, catalog, pages)
starters                  rewrite every exercise's starter from its solution
outputs [snippet.py ...]  rewrite `#>` lines from a real run (review with git diff)
notebooks                 rebuild and execute the notebooks under docs/
translations [--strict]   which language of each page changed last
check                     the quick checks: integrity rules, external resources,
                          stale notebooks, snippet syntax (no code is run; a few seconds)
pdf [--site site]         print the PDF book of each language into the built site
questions [--write|--new] "what does this print?" questions: check, write outputs, scaffold
versions [--python PATH]  the Python, torch, torchvision and CUDA found, beside the pins
drift torch==X torchvision==Y [python==3.12] | --python PATH  [--record]
                          what every block prints under other versions (a report)
gpu [--python PATH] [--allow-missing=multi-gpu] [--rehearse]
                          the GPU run, in this (or that) interpreter as it is
"""

from __future__ import annotations

import sys


def check(argv: list[str]) -> int:
    """Print every integrity problem; exit 1 if there is one."""
    from . import gpu, questions, rules, translation
    from .layout import ROOT

    checks = [
        rules.check_fences,
        rules.check_pairs,
        rules.check_include_parity,
        rules.check_includes_resolve,
        rules.check_sections,
        rules.check_unused_snippets,
        rules.check_links,
        rules.check_nav,
        rules.check_topics,
        rules.check_scaffolds,
        rules.check_external,
        rules.check_notebooks,
        rules.check_snippet_syntax,
        rules.check_file_sizes,
        rules.check_alt_text,
        rules.check_inline_code_parity,
        rules.check_snippet_imports,
        rules.check_set_outputs,
        translation.check_structure,
        translation.check_terms,
        questions.check,
        gpu.check_cuda_selected,
    ]
    problems = [p for rule in checks for p in rule(ROOT)]
    print("\n".join(problems) or "no problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "new_page":
        from .new_page import main as run
    elif command == "new_exercise":
        from .exercises import main as run
    elif command == "starters":
        from .exercises import write_starters as run
    elif command == "outputs":
        from .update_outputs import main as run
    elif command == "notebooks":
        from .notebooks import main as run
    elif command == "translations":
        from .translation import main as run
    elif command == "pdf":
        from .pdf import main as run
    elif command == "questions":
        from .questions import main as run
    elif command == "versions":
        from .environments import main as run
    elif command == "drift":
        from .drift import main as run
    elif command == "gpu":
        from .gpu_run import main as run
    elif command == "check":
        run = check
    else:
        print(f"fieldguide: unknown command {command!r}\n{__doc__}", file=sys.stderr)
        return 2
    return run(rest) or 0


if __name__ == "__main__":
    sys.exit(main())
