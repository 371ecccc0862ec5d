"""Report, for every page pair docs/zh/<page> + docs/en/<page>, which side changed last in
git and how many commits the other side is behind.

Usage: python tools/translations.py [--strict] [--root PATH]   (or: nox -s translations)
--strict exits with status 1 when any page is behind its twin (for CI to opt into).
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from i18n import pair_status  # noqa: E402


def report(root: Path) -> list:
    uris = sorted(
        {
            p.relative_to(root / "docs" / lang).as_posix()
            for lang in ("zh", "en")
            for p in (root / "docs" / lang).rglob("*")
            if p.suffix in (".md", ".ipynb")
        }
    )
    return [pair_status(uri, root) for uri in uris]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if any page is behind")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository to inspect")
    args = parser.parse_args(argv)
    statuses = report(args.root.resolve())
    stale = [s for s in statuses if s.newer]
    width = max(len(s.page) for s in statuses) - len("docs/zh/")
    print(f"{'page':<{width}}  status")
    for s in statuses:
        uri = s.page.removeprefix("docs/zh/")
        if s.newer is None:
            state = "in step"
        else:
            older = "en" if s.newer == "zh" else "zh"
            state = f"{s.newer} changed last; {older} is {s.behind} commit(s) behind"
        print(f"{uri:<{width}}  {state}")
    print(f"{len(statuses)} page pairs, {len(stale)} behind")
    return 1 if (args.strict and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
