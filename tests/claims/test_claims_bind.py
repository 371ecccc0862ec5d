"""Claims that bind: every `check` in tests/claims/claims.yml carries its planted negation.

A check that is True whatever torch does holds nothing (a comparison of two things that are
always equal on a CPU, a signature read where the behaviour was claimed). Each check entry names
`negation: [text, replacement]`: the claim's negation planted into its own check text (a wrong
value, a wrong dtype, a reversed rule). The planted check must run and come out False. A check
whose negation still comes out True cannot fail, and this test says which one.
"""

import importlib.util
import warnings
from pathlib import Path

import pytest
import torch

# The list, its ids and the names a check may use, from test_claims.py beside this file
# (pytest imports test files by path, so they are not importable by name).
_spec = importlib.util.spec_from_file_location(
    "claims_list", Path(__file__).with_name("test_claims.py")
)
_claims = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_claims)
ENTRIES, entry_id, names = _claims.ENTRIES, _claims.entry_id, _claims.names

CHECKS = [item for item in ENTRIES if "check" in item[2]]


def planted(entry) -> str:
    text, replacement = entry["negation"]
    assert text != replacement, "the negation changes nothing"
    assert entry["check"].count(text) == 1, (
        f"the negation's text {text!r} must occur exactly once in the check"
    )
    return entry["check"].replace(text, replacement)


@pytest.mark.parametrize("item", CHECKS, ids=entry_id)
def test_planted_negation_fails_the_check(item):
    _, _, entry = item
    assert "negation" in entry, (
        f"{entry_id(item)}: a check needs its planted negation, "
        "`negation: [text of the check, replacement]` (see the header of claims.yml)"
    )
    if torch.cuda.is_available() and entry["check"].startswith("torch.cuda.is_available() or"):
        pytest.skip("the claim is about a machine without CUDA: its check is vacuous here")
    check = planted(entry)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = eval(check, names())
        except Exception as exc:  # a planted check must fail by its value, not crash
            pytest.fail(f"{entry_id(item)}: the planted check raised {exc!r}; fix the negation")
    assert result is not True, (
        f"{entry_id(item)}: the check is still True with the claim's negation planted "
        f"({entry['negation'][0]!r} -> {entry['negation'][1]!r}): it cannot fail; bind it"
    )
    assert result is False, f"{entry_id(item)}: the planted check gave {result!r}, not False"


def test_a_check_that_cannot_fail_is_caught():
    # The old *_like check on a CPU: both sides are the CPU, so planting "the default
    # device" leaves it True, and the test above would name it.
    entry = {
        "check": "(lambda x=torch.ones(2): torch.zeros_like(x).device == x.device)()",
        "negation": ["== x.device", '== torch.device("cpu")'],
    }
    assert eval(planted(entry), names()) is True
