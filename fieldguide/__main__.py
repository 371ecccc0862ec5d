"""python -m fieldguide <command> [args]: the contributor commands the nox sessions run.

new_page <part>/<topic>   scaffold a topic (pages, snippet, test, nav)
new_exercise <part>/<name>  scaffold an exercise (solution, starter, catalog, pages)
starters                  rewrite every exercise's starter from its solution
outputs [snippet.py ...]  rewrite `#>` lines from a real run (review with git diff)
notebooks                 rebuild and execute the notebooks under docs/
translations [--strict]   which language of each page changed last
check [--table en|zh]     the quick checks: every rule of fieldguide/rules/ (no code is
                          run; a few seconds); --table prints CONTRIBUTING's table of them
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
    """Print every integrity problem; exit 1 if there is one. ``check --table en|zh``
    prints the table of the rules that CONTRIBUTING.md / CONTRIBUTING.zh.md show."""
    from . import rules  # the registry: one module per rule under fieldguide/rules/
    from .layout import ROOT

    if argv[:1] == ["--table"]:
        if argv[1:] not in ([lang] for lang in rules.TABLE_LANGS):
            print(f"usage: check --table {'|'.join(rules.TABLE_LANGS)}", file=sys.stderr)
            return 2
        print(rules.table(argv[1]))
        return 0

    problems = rules.problems(ROOT)
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
