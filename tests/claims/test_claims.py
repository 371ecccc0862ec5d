"""The claim list (tests/claims/claims.yml) against the pages and the pinned torch.

A page that states a dtype, shape or default the pinned torch contradicts fails here: each
`check` is evaluated against torch, and each claim's quoted text must still be on its page, so
rewording a claim sends the writer back to its entry. Every `held_by` test and `output` section
must exist, and MAINTAINERS.md's table is the one tests/claims/table.py writes from the list.
Each check's planted negation: test_claims_bind.py.
"""

import importlib.util
import inspect
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import torchvision
import torchvision.transforms.v2 as T
import yaml
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
# libyaml's loader where PyYAML has it: the list is long, and the pure-Python one took ~1.5 s.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CLAIMS = yaml.load(Path(__file__).with_name("claims.yml").read_text(encoding="utf-8"), LOADER)
KINDS = ("check", "held_by", "output", "source", "prose")
HELD = ("check", "held_by", "output")  # held by something that runs; the rest are prose-only

ENTRIES = [(part, i, entry) for part, entries in CLAIMS.items() for i, entry in enumerate(entries)]


def entry_id(item):
    part, i, entry = item
    return f"{entry['page']}#{i}"


def default(fn, name):
    """The default of argument `name` in fn's signature."""
    return inspect.signature(fn).parameters[name].default


def raises(fn, exception):
    try:
        fn()
    except exception:
        return True
    return False


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_text(lang: str, page: str) -> str:
    return squeeze((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))


@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_entry_is_well_formed(item):
    part, _, entry = item
    assert entry["page"].split("/")[0] == part, "an entry sits under its page's part"
    assert entry.get("claim"), "every entry says what it claims"
    kinds = [k for k in KINDS if k in entry]
    assert len(kinds) == 1, f"exactly one of {KINDS}, got {kinds}"
    for lang in ("zh", "en"):
        page = ROOT / "docs" / lang / entry["page"]
        assert page.is_file(), f"no page docs/{lang}/{entry['page']}"


@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_quoted_text_is_on_the_page(item):
    _, _, entry = item
    for lang in ("zh", "en"):
        if lang in entry:
            assert squeeze(entry[lang]) in page_text(lang, entry["page"]), (
                f"docs/{lang}/{entry['page']} no longer says {entry[lang]!r}: "
                "check the claim again and update its entry"
            )


CHECKS = [item for item in ENTRIES if "check" in item[2]]


def names() -> dict:
    """What a check may use (see the header of claims.yml)."""
    return {
        "torch": torch,
        "nn": nn,
        "F": F,
        "np": np,
        "torchvision": torchvision,
        "T": T,
        "default": default,
        "raises": raises,
    }


@pytest.mark.parametrize("item", CHECKS, ids=entry_id)
def test_pinned_torch_agrees(item):
    _, _, entry = item
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. GoogLeNet's init_weights notice
        assert eval(entry["check"], names()) is True, f"{entry['claim']}: {entry['check']}"


@pytest.mark.parametrize("item", [i for i in ENTRIES if "held_by" in i[2]], ids=entry_id)
def test_holding_test_exists(item):
    path, _, function = item[2]["held_by"].partition("::")
    source = (ROOT / path).read_text(encoding="utf-8")
    assert re.search(rf"^def {re.escape(function)}\(", source, re.M), item[2]["held_by"]


@pytest.mark.parametrize("item", [i for i in ENTRIES if "output" in i[2]], ids=entry_id)
def test_output_section_exists(item):
    path, _, section = item[2]["output"].partition(":")
    source = (ROOT / path).read_text(encoding="utf-8")
    assert f"# --8<-- [start:{section}]" in source
    body = source.split(f"# --8<-- [start:{section}]")[1].split(f"# --8<-- [end:{section}]")[0]
    assert "#>" in body, "the section shows checked output"


def test_maintainers_table_is_generated_from_the_list():
    spec = importlib.util.spec_from_file_location(
        "claims_table", Path(__file__).with_name("table.py")
    )
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    text = (ROOT / "MAINTAINERS.md").read_text(encoding="utf-8")
    assert table.rewritten(text, CLAIMS) == text, (
        "MAINTAINERS.md's claims table is out of date: run .venv/bin/python tests/claims/table.py"
    )


def test_pin_memory_without_accelerator_warns_and_is_ignored():
    # gpu/training.md: on a machine without an accelerator the loader warns and ignores it.
    # gpu run: not selected: a claim about machines without an accelerator
    if torch.accelerator.is_available():
        pytest.skip("this machine has an accelerator: the loader pins")
    loader = torch.utils.data.DataLoader(torch.arange(4.0), batch_size=2, pin_memory=True)
    with pytest.warns(UserWarning, match="no accelerator is found"):
        batch = next(iter(loader))
    assert not batch.is_pinned()


def test_torch_seed_does_not_reach_random_or_numpy():
    # further/reproducibility.md: Python's random and NumPy must be seeded separately.
    import random

    state = torch.get_rng_state()
    try:
        random.seed(1)
        np.random.seed(1)
        expected = (random.random(), np.random.rand())
        random.seed(1)
        np.random.seed(1)
        torch.manual_seed(0)
        assert (random.random(), np.random.rand()) == expected
    finally:
        torch.set_rng_state(state)


def test_deterministic_mode_fills_uninitialised_memory():
    # further/reproducibility.md: NaN for floating point, the maximum for integers.
    before = (
        torch.are_deterministic_algorithms_enabled(),
        torch.is_deterministic_algorithms_warn_only_enabled(),
    )
    torch.use_deterministic_algorithms(True)
    try:
        floats, ints = torch.empty(3), torch.empty(2, dtype=torch.int32)
    finally:
        torch.use_deterministic_algorithms(before[0], warn_only=before[1])
    assert floats.isnan().all()
    assert (ints == torch.iinfo(torch.int32).max).all()


def test_from_numpy_warns_about_a_read_only_array():
    # toolbox/pandas_glance.md: pandas 3 hands out read-only arrays; torch warns about them.
    array = np.ones(2)
    array.setflags(write=False)
    with pytest.warns(UserWarning, match="not writable"):
        torch.from_numpy(array)
