"""Translation workflow: structural parity, terminology, staleness report and banner."""

import shutil
import subprocess
from pathlib import Path

import pytest

import fieldguide
from fieldguide import translation as translations
from fieldguide.building import check, mkdocs_build
from fieldguide.testing import PAGE, make_site

ROOT = fieldguide.ROOT


def test_structure_matches_for_every_pair():
    assert fieldguide.check_structure(ROOT) == []


def test_terms_are_used_consistently():
    assert fieldguide.check_terms(ROOT) == []


@pytest.mark.parametrize(
    ("extra_zh", "extra_en", "message"),
    [
        ("\n## 小节\n", "\n### Section\n", "'heading h2' vs 'heading h3'"),
        ("\n## 小节\n", "", "'heading h2' vs '(nothing)'"),
        (
            '\n!!! note "注意"\n    内容\n',
            '\n!!! warning "Careful"\n    text\n',
            "'admonition note' vs 'admonition warning'",
        ),
        ('\n=== "甲"\n    一\n', "\nJust prose.\n", "'tab' vs '(nothing)'"),
        (
            "\n![图](figures/a.png)\n",
            "\n![fig](figures/b.png)\n",
            "'image figures/a.png' vs 'image figures/b.png'",
        ),
    ],
)
def test_structure_rule_catches_a_difference(tmp_path, extra_zh, extra_en, message):
    site = make_site(
        tmp_path, {"docs/zh/part/demo.md": PAGE + extra_zh, "docs/en/part/demo.md": PAGE + extra_en}
    )
    [problem] = fieldguide.check_structure(site)
    assert problem.startswith("docs/zh/part/demo.md:15 and docs/en/part/demo.md:")
    assert message in problem


def test_prose_differences_are_free(tmp_path):
    site = make_site(tmp_path, {"docs/en/part/demo.md": PAGE.replace("# Page", "# Seite")})
    assert fieldguide.check_structure(site) == []


def test_variant_terms_are_caught_site_wide(tmp_path):
    terms = (
        "terms:\n"
        "  - {id: autograd, en: autograd, zh: 自动求导, variants: [自动微分]}\n"
        "  - {id: batch, en: batch, zh: 批量, variants: [批次]}\n"
        "  - {id: batch-size, en: batch size, zh: 批量大小, variants: [批大小]}\n"
    )
    zh = PAGE + "\n它也叫自动微分。\n\n`自动微分` 在代码里不算，批量大小也不算。\n"
    other = PAGE + "\n每个批次取 32 个样本。\n"
    site = make_site(
        tmp_path,
        {
            "docs/terms.yml": terms,
            "docs/zh/part/demo.md": zh,
            "docs/zh/part/other.md": other,
            "docs/en/part/other.md": PAGE,
        },
    )
    assert fieldguide.check_terms(site) == [
        "docs/zh/part/demo.md:15: uses '自动微分' for 'autograd'; the glossary's term is "
        "'自动求导' (docs/terms.yml)",
        "docs/zh/part/other.md:15: uses '批次' for 'batch'; the glossary's term is '批量' "
        "(docs/terms.yml)",
    ]
    site = make_site(tmp_path, {"docs/zh/part/demo.md": PAGE + "\n自动求导很方便。\n"})
    assert fieldguide.check_terms(site) == []


# ------------------------------------------------------------------ staleness


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def scratch_repo(tmp_path) -> Path:
    """A repository with two page pairs where the Chinese side of one was edited later."""
    repo = tmp_path / "repo"
    for lang in ("zh", "en"):
        for name in ("a.md", "b.md"):
            page = repo / "docs" / lang / name
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"---\ntopics: []\n---\n\n# {name} {lang}\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "both languages")
    for n in range(2):
        with (repo / "docs/zh/a.md").open("a") as f:
            f.write(f"\n更新 {n}\n")
        git(repo, "commit", "-qam", f"zh edit {n}")
    return repo


def test_translations_report_on_a_scratch_repo(scratch_repo, capsys):
    assert translations.main(["--root", str(scratch_repo)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == [
        "a.md",
        "zh",
        "changed",
        "last;",
        "en",
        "is",
        "2",
        "commit(s)",
        "behind",
    ]
    assert out[2].split() == ["b.md", "in", "step"]
    assert out[-1] == "2 page pairs, 1 behind"
    assert translations.main(["--root", str(scratch_repo), "--strict"]) == 1
    with (scratch_repo / "docs/en/a.md").open("a") as f:
        f.write("\nupdated\n")
    git(scratch_repo, "commit", "-qam", "en catches up")
    translations.pair_status.__globals__["_history"].cache_clear()
    assert translations.main(["--root", str(scratch_repo), "--strict"]) == 0


def head(repo: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def review(repo: Path, body: str) -> None:
    (repo / "docs" / "translations.yml").write_text(body, "utf-8")
    translations._history.cache_clear()
    translations.reviews.cache_clear()


def test_a_recorded_review_puts_the_pair_in_step_until_the_next_change(scratch_repo, capsys):
    reviewed = head(scratch_repo)[:12]
    review(
        scratch_repo,
        "reviews:\n"
        f"  - page: a.md\n    reviewed_at: {reviewed}\n    reviewer: t\n"
        "    note: wording only\n",
    )
    status = translations.pair_status("a.md", scratch_repo)
    assert (status.newer, status.behind, status.reviewed) == (None, 0, reviewed)
    assert translations.main(["--root", str(scratch_repo), "--strict"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["a.md", "in", "step", "(reviewed", "at", f"{reviewed[:10]})"]
    # A later one-sided change is behind again: the review covered the commits up to its own.
    with (scratch_repo / "docs/zh/a.md").open("a") as f:
        f.write("\n又一处修改\n")
    git(scratch_repo, "commit", "-qam", "zh edit after the review")
    translations._history.cache_clear()
    status = translations.pair_status("a.md", scratch_repo)
    assert (status.newer, status.behind, status.reviewed) == ("zh", 1, None)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "reviews:\n  - page: a.md\n    reviewed_at: nothex\n    note: x\n",
            "docs/translations.yml:2: review #1 needs page, reviewed_at",
        ),
        (
            "reviews:\n  - page: a.md\n    reviewed_at: {first}\n",
            "docs/translations.yml:2: review #1 needs page, reviewed_at",
        ),
        (
            "reviews:\n  - page: a.md\n    reviewed_at: 0123456789ab\n    note: x\n",
            "docs/translations.yml:2: commit 0123456789ab is not in this repository's history",
        ),
        (
            "reviews:\n  - page: b.md\n    reviewed_at: {last}\n    note: x\n",
            "docs/translations.yml:2: {last} changes neither docs/zh/b.md nor docs/en/b.md",
        ),
    ],
)
def test_a_bad_review_names_the_file_and_line(scratch_repo, capsys, body, message):
    log = subprocess.run(
        ["git", "log", "--format=%H"], cwd=scratch_repo, check=True, capture_output=True, text=True
    ).stdout.split()
    names = {"first": log[-1][:12], "last": log[0][:12]}
    review(scratch_repo, body.format(**names))
    assert translations.main(["--root", str(scratch_repo)]) == 2
    assert capsys.readouterr().out.startswith(message.format(**names))


def test_the_repository_reviews_are_well_formed():
    translations.reviews.cache_clear()
    recorded = translations.reviews(ROOT)
    for page in recorded:
        assert (ROOT / "docs" / "zh" / page).is_file() and (ROOT / "docs" / "en" / page).is_file()
        translations.pair_status(page, ROOT)  # raises, naming the line, if a commit is wrong


def test_banner_appears_on_a_stale_page_in_the_built_site(scratch_repo, tmp_path):
    # Build the scratch repository with the site's own configuration and hooks.
    shutil.copytree(ROOT / "hooks", scratch_repo / "hooks")
    shutil.copytree(ROOT / "overrides", scratch_repo / "overrides")
    shutil.copy(ROOT / "docs" / "terms.yml", scratch_repo / "docs" / "terms.yml")
    shutil.copy(ROOT / "docs" / "languages.yml", scratch_repo / "docs" / "languages.yml")
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        text = (ROOT / config).read_text("utf-8")
        text = text[: text.index("\nnav:\n")] + "\n"  # pages come from the folder
        (scratch_repo / config).write_text(text)
    site = tmp_path / "site"
    for config, target in (("mkdocs.yml", site), ("mkdocs.en.yml", site / "en")):
        check(config, mkdocs_build(config, target, cwd=scratch_repo))  # strict, as every build
    stale = (site / "en" / "a" / "index.html").read_text("utf-8")
    assert "fg-stale" in stale and "changed 2 time(s)" in stale
    assert 'href="../../a/"' in stale  # the banner links to the Chinese twin
    assert "fg-stale" not in (site / "a" / "index.html").read_text("utf-8")
    assert "fg-stale" not in (site / "en" / "b" / "index.html").read_text("utf-8")


def test_report_covers_every_page_pair_of_this_site():
    """The real site's state depends on history, so the report is not asserted in step; it
    must name each page pair once, with a status that is consistent."""
    statuses = translations.report(ROOT)
    pairs = [(fieldguide.rel(zh), fieldguide.rel(en)) for zh, en in fieldguide.page_pairs(ROOT)]
    assert sorted((s.page, s.twin) for s in statuses) == sorted(pairs)
    for s in statuses:
        assert s.newer in (None, "zh", "en") and (s.newer is None) == (s.behind == 0), s
