"""Rewrite the claims count table in MAINTAINERS.md from tests/claims/claims.yml.

Run it after adding or changing entries:  .venv/bin/python tests/claims/table.py
(tests/claims/test_claims.py fails, naming this command, when the table is out of date).
The table sits between the two `claims-table` comments; nothing else in the file changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MAINTAINERS = ROOT / "MAINTAINERS.md"
START, END = "<!-- claims-table: start", "<!-- claims-table: end -->"
HELD = ("check", "held_by", "output")  # held by something that runs; the rest are prose-only


def table(claims: dict) -> str:
    lines = [
        "| part | held by a test, check or output | prose-only (source read, or no way to "
        "check offline) | pages with entries |",
        "| --- | --- | --- | --- |",
    ]
    for part, entries in claims.items():
        held = sum(1 for e in entries if any(k in e for k in HELD))
        pages = len({e["page"] for e in entries})
        lines.append(f"| `{part}/` | {held} | {len(entries) - held} | {pages} |")
    return "\n".join(lines)


def rewritten(text: str, claims: dict) -> str:
    """MAINTAINERS.md's text with the table between the markers replaced."""
    if START not in text or END not in text:
        raise SystemExit(f"{MAINTAINERS}: no '{START} ... -->' / '{END}' pair around the table")
    head, rest = text.split(START, 1)
    marker_line, rest = rest.split("\n", 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}{marker_line}\n{table(claims)}\n{END}{tail}"


def main() -> int:
    path = Path(__file__).with_name("claims.yml")
    try:
        claims = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as err:  # say where, and leave MAINTAINERS.md as it is
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        print(f"{path.relative_to(ROOT)}:{line}: not valid YAML ({getattr(err, 'problem', err)})")  # noqa: T201 - a command
        return 1
    text = MAINTAINERS.read_text("utf-8")
    new = rewritten(text, claims)
    if new != text:
        MAINTAINERS.write_text(new, "utf-8")
        print(f"rewrote the claims table in {MAINTAINERS.relative_to(ROOT)}")  # noqa: T201 - a command
    return 0


if __name__ == "__main__":
    sys.exit(main())
