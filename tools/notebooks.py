"""Build the notebooks under docs/<lang>/ from notebooks/<part>/<topic>.<lang>.md and
the snippet module they name, execute them, and store them with their outputs.

Usage: python tools/notebooks.py   (or: nox -s notebooks)
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

import fieldguide  # noqa: E402


def main() -> None:
    # The kernel must use Jupyter's inline backend so plots are stored as images.
    os.environ.pop("MPLBACKEND", None)
    for source in fieldguide.notebook_sources():
        target = fieldguide.notebook_target(source)
        nb = fieldguide.build_notebook(source)
        # Run in a scratch directory: files the code writes are not part of the site.
        with tempfile.TemporaryDirectory() as scratch:
            client = NotebookClient(
                nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": scratch}}
            )
            client.execute()
        for cell in nb.cells:
            cell.metadata.pop("execution", None)  # timestamps would make every rebuild a diff
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        print(f"wrote {fieldguide.rel(target)}")


if __name__ == "__main__":
    main()
