"""Every file that uses CUDA is run by the GPU run (fieldguide.gpu_selection)."""

from __future__ import annotations

from pathlib import Path

from ..layout import ROOT

READS = ("snippets/**/*.py", "docs/**/*.md", "tests/**/*.py")
ABOUT = {
    "en": "every snippet, page and test file that uses CUDA is selected by the GPU run",
    "zh": "每个用到 CUDA 的代码模块、页面和测试文件都会被 GPU 测试选中运行",
}


def check(root: Path = ROOT) -> list[str]:
    from ..gpu_selection import check_cuda_selected

    return check_cuda_selected(root)
