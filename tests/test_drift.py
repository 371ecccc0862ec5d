"""The page "Running on other PyTorch versions" and its data (docs/drift/*.json): at least
the three tracked pairs, each recorded for the blocks as they are now. A block edited
after its data was recorded fails here, naming the command that refreshes the data."""

import pytest

from fieldguide import drift

TRACKED = {("2.11.0", "0.26.0"), ("2.12.1", "0.27.1"), ("2.13.0", "0.28.0")}
REPORTS = drift.load_reports()


def test_the_three_tracked_pairs_are_recorded():
    found = {(r["torch"].split("+")[0], r["torchvision"]) for r in REPORTS}
    assert TRACKED <= found, "record them: nox -s drift -- torch==X torchvision==Y --record"


@pytest.fixture(scope="module")
def current():
    return drift.current_identities()


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: f"torch-{r['torch']}")
def test_the_data_is_recorded_for_the_blocks_as_they_are(report, current):
    stale = drift.stale(report, current)
    assert not stale, (
        f"docs/drift: the data for torch {report['torch']} was recorded before these blocks "
        f"changed ({len(stale)}):\n  "
        + "\n  ".join(stale[:20])
        + f"\nrefresh it: {drift.refresh_command(report)}"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_lists_each_pair_with_links_and_values(lang):
    text = drift.render(lang, REPORTS)
    for torch, torchvision in TRACKED:
        assert f"torch {torch} · torchvision {torchvision}" in text
    for report in REPORTS:
        for key, entry in report["blocks"].items():
            if key.startswith(f"docs/{lang}/") and entry["status"] == "changed":
                page = key.partition("#")[0][len(f"docs/{lang}/") :]
                assert f"]({'../' + page})" in text
                for change in entry["changes"]:
                    assert f"`{change['at']}`" in text


def test_a_changed_block_is_rendered_with_both_values():
    report = {
        "torch": "2.11.0", "torchvision": "0.26.0", "python": "3.12.1", "recorded": "2026-12-06",
        "pins": {"torch": "2.14.1", "torchvision": "0.29.1"},
        "blocks": {
            "docs/en/tensors/creation.md#2": {
                "hash": "0", "where": "docs/en/tensors/creation.md:40", "status": "changed",
                "changes": [{"at": "snippets/tensors/creation.py:12", "expected": ["#> 1.5"],
                             "got": ["1.25"]}],
                "error": None, "warnings": [],
            },
            "docs/zh/tensors/creation.md#2": {
                "hash": "0", "where": "docs/zh/tensors/creation.md:38", "status": "fails",
                "changes": [], "error": "TypeError: bad", "warnings": [],
            },
        },
    }  # fmt: skip
    en = drift.render("en", [report])
    assert "| torch 2.11.0 · torchvision 0.26.0 | 0 | 1 | 0 |" in en
    assert "[tensors/creation.md](../tensors/creation.md), block 3" in en
    assert "on the page (torch 2.14.1): `1.5`" in en and "torch 2.11.0 prints: `1.25`" in en
    zh = drift.render("zh", [report])
    assert "| torch 2.11.0 · torchvision 0.26.0 | 0 | 0 | 1 |" in zh
    assert "报错：`TypeError: bad`" in zh


def test_stale_data_names_the_refresh_command():
    report = {"torch": "2.11.0", "torchvision": "0.26.0", "command": "",
              "blocks": {"docs/zh/x.md#0": {"hash": "old"}}}  # fmt: skip
    assert drift.stale(report, {"docs/zh/x.md#0": "new"}) == ["docs/zh/x.md#0: changed"]
    assert drift.refresh_command(report) == (
        "nox -s drift -- torch==2.11.0 torchvision==0.26.0 --record --stale"
    )
