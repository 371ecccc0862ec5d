"""Without CUDA, `gpu` tests are skipped with a clear reason, never silently passed."""

import shutil

import torch

import fieldguide

pytest_plugins = ["pytester"]


def test_gpu_tests_skip_without_cuda(pytester, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    shutil.copy(fieldguide.ROOT / "tests" / "conftest.py", pytester.path / "conftest.py")
    shutil.copy(fieldguide.ROOT / "tests" / "gpu" / "test_basics.py", pytester.path)
    pytester.makeini("[pytest]\nmarkers =\n    gpu: needs CUDA\n")
    result = pytester.runpytest_inprocess("-m", "gpu", "-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=3)
    result.stdout.fnmatch_lines(["*needs a CUDA device: torch.cuda.is_available() is False*"])
