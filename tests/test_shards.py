"""CI's shards (fieldguide.shards): whole topics per machine, every test in exactly one
shard, balanced by the stored durations; the site built once and used only for its tree."""

import json
import os
import socket
import subprocess
import sys
import textwrap

import pytest
import yaml

from fieldguide import ROOT, shards

pytest_plugins = ["pytester"]


def test_plan_fills_the_lightest_shard_with_the_biggest_unit_first():
    weights = {"a": 5.0, "b": 4.0, "c": 3.0, "d": 3.0}
    assert shards.plan(weights, 2) == {"a": 1, "b": 2, "c": 2, "d": 1}
    assert shards.plan(dict(reversed(weights.items())), 2) == shards.plan(weights, 2)
    assert shards.plan(weights, 1) == dict.fromkeys(weights, 1)
    assert sorted(shards.plan(weights, 6).values()) == [1, 2, 3, 4]  # two shards left empty


def test_xdist_suffix_is_dropped_and_only_it():
    assert shards.without_group("docs/en/a/b.md::b.md:19@snippets/a/b") == "docs/en/a/b.md::b.md:19"
    assert shards.without_group("tests/t.py::test_x[p]@site") == "tests/t.py::test_x[p]"
    kept = "tests/test_integrity.py::test_external_resource_on_a_page_is_caught[CSS @import]"
    assert shards.without_group(kept) == kept


@pytest.mark.parametrize("text", ["0/3", "4/3", "a/b", "3", "1/0"])
def test_bad_shard_is_a_usage_error(text):
    with pytest.raises(pytest.UsageError, match=f"--shard {text}: expected K/N"):
        shards.parse_shard(text)


PLANTED = {
    # seconds per test, by file: heavy alone outweighs the rest together
    "test_heavy.py": [9.0, 9.0],
    "test_light.py": [1.0, 1.0, 1.0],
    "test_mid.py": [2.0, 2.0, 2.0],
    "test_new.py": [None, None],  # not stored: each counts as the mean of all known
}


def plant(pytester) -> None:
    durations = {}
    for name, seconds in PLANTED.items():
        tests = "".join(f"def test_{i}():\n    pass\n" for i in range(len(seconds)))
        pytester.makepyfile(**{name.removesuffix(".py"): tests})
        durations |= {f"{name}::test_{i}": s for i, s in enumerate(seconds) if s is not None}
    durations["test_heavy.py::test_0@site"] = durations.pop("test_heavy.py::test_0")  # xdist's id
    (pytester.path / "durations.json").write_text(json.dumps(durations))


def collected(result) -> list[str]:
    return [line for line in result.outlines if "::" in line]


def test_shards_cover_every_test_once_in_whole_files_by_duration(pytester):
    plant(pytester)
    runs = {
        k: pytester.runpytest(
            "--collect-only",
            "-q",
            f"--shard={k}/2",
            "--shard-durations=durations.json",
            f"--shard-plan=plan{k}.json",
            "-p",
            "no:cacheprovider",
        )  # fmt: skip
        for k in (1, 2)
    }
    one, two = collected(runs[1]), collected(runs[2])
    everything = [f"{name}::test_{i}" for name, s in PLANTED.items() for i in range(len(s))]
    assert sorted(one + two) == sorted(everything) and not set(one) & set(two)
    # heavy (18 s) alone; mid (6), light (3) and new (2 x 3.375 s, the mean) on the other
    assert {t.split("::")[0] for t in one} == {"test_heavy.py"}
    plan = json.loads((pytester.path / "plan2.json").read_text())
    assert plan["loads"] == pytest.approx([18.0, 15.75])
    assert plan["units"]["file:test_new.py"] == [2, 6.75]
    assert plan == {**json.loads((pytester.path / "plan1.json").read_text()), "shard": 2}
    assert "shard 2/2: 3 units, ~15.8 s stored (18.0 / 15.8)" in runs[2].stdout.str()


def test_with_workers_the_longest_units_are_handed_out_first(pytester):
    """Under `-n 2 --dist loadgroup` xdist hands out units in collection order: the longest
    go first (whole, in their own order), so none starts last and ends the run alone."""
    plant(pytester)
    items, _ = pytester.inline_genitems("-p", "no:cacheprovider")
    stored = shards.load_durations(pytester.path / "durations.json")
    shards.biggest_first(items, stored)
    order = [item.nodeid.split("::")[0] for item in items]
    assert list(dict.fromkeys(order)) == [
        "test_heavy.py",
        "test_new.py",
        "test_mid.py",
        "test_light.py",
    ]
    assert order == sorted(order, key=list(dict.fromkeys(order)).index)  # each unit whole
    config = pytester.parseconfigure("-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider")
    assert config.option.loadscopereorder is False  # not xdist's order (most tests first)


def test_bad_durations_file_names_itself(pytester):
    pytester.makepyfile(test_one="def test_a():\n    pass\n")
    (pytester.path / "durations.json").write_text("{not json")
    result = pytester.runpytest("--shard=1/2", "--shard-durations=durations.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "durations.json: not JSON" in result.stderr.str()


def test_stored_durations_are_refreshed_and_gone_files_dropped(pytester):
    pytester.makepyfile(test_one="import time\ndef test_a():\n    time.sleep(0.05)\n")
    stored = {"test_one.py::test_a": 99.0, "test_gone.py::test_b": 1.0, "test_one.py::test_z": 2.0}
    (pytester.path / "durations.json").write_text(json.dumps(stored))
    result = pytester.runpytest(
        "--store-shard-durations", "--shard-durations=durations.json", "-p", "no:cacheprovider"
    )
    assert result.ret == 0
    written = json.loads((pytester.path / "durations.json").read_text())
    assert sorted(written) == ["test_one.py::test_a", "test_one.py::test_z"]
    assert 0.05 <= written["test_one.py::test_a"] < 99.0 and written["test_one.py::test_z"] == 2.0


# ------------------------------------------------------------ the real collection


def whole_suite(session) -> bool:
    """Did this session collect the whole suite, nothing selected (`nox -s tests`)?"""
    config = session.config
    return (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not config.option.keyword
        and not config.option.markexpr
        and not config.getoption("deselect")
        and not config.getoption("shard")
        and session.testscollected == len(session.items)
    )


@pytest.fixture(scope="module")
def real_plan(request, tmp_path_factory):
    """The whole suite's plan as CI's shard 2 makes it: from this session's own collection
    when it collected the whole suite (a second collection would take ~10 s of CPU), else
    from a fresh `--collect-only --shard=2/N` run, with what it listed."""
    job = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    n = int(job["jobs"]["tests"]["env"]["SHARDS"])
    if whole_suite(request.session):
        items = list(request.session.items)
        _, _, plan = shards.split(items, 2, n, shards.load_durations(shards.DURATIONS))
        return plan, None
    path = tmp_path_factory.mktemp("plan") / "plan.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         f"--shard=2/{n}", f"--shard-plan={path}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return json.loads(path.read_text("utf-8")), result.stdout


def test_every_collected_test_is_in_exactly_one_shard(real_plan, request):
    plan, stdout = real_plan
    n, items = plan["shards"], plan["items"]
    if stdout is None:  # this session's own collection
        total = request.session.testscollected
    else:
        listed = [line for line in stdout.splitlines() if "::" in line]
        assert listed == [t for t, (_, k) in items.items() if k == 2]  # what shard 2 runs
        total = int(stdout.strip().splitlines()[-1].split()[0].split("/")[1])  # "648/3144 tests"
    assert len(items) == total
    assert all(1 <= k <= n for _, k in items.values())
    assert {k for _, k in items.values()} == set(range(1, n + 1))


def test_no_topic_or_group_is_split(real_plan):
    plan, _ = real_plan
    shards_of: dict[str, set[int]] = {}
    for unit, k in plan["items"].values():
        shards_of.setdefault(unit, set()).add(k)
    assert {u: s for u, s in shards_of.items() if len(s) > 1} == {}
    units = {t: u for t, (u, _) in plan["items"].items()}
    topic = {
        u
        for t, u in units.items()
        if t.startswith(("docs/zh/tensors/creation.md", "docs/en/tensors/creation.md"))
        or t.startswith("tests/tensors/test_creation.py")
        or t.endswith("[snippets/tensors/creation.py]")
    }
    assert topic == {"snippets/tensors/creation"}
    site = {units[t] for t in units if t.startswith("tests/test_site.py::test_every_source_page")}
    assert site == {"site"}
    # A notebook goes with the topic of the module it is built from (fieldguide.topics).
    notebook = [
        u for t, u in units.items() if "notebook_cells_run" in t and "/digits_notebook." in t
    ]
    assert notebook and set(notebook) == {"snippets/workflows/digits"}


def test_shards_are_balanced_by_the_stored_durations(real_plan):
    plan, _ = real_plan
    loads, biggest = plan["loads"], max(w for _, w in plan["units"].values())
    # the greedy plan's bound: no shard exceeds the lightest by more than the biggest unit
    assert max(loads) - min(loads) <= biggest, loads


# ----------------------------------------------------------------- the shared site


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    (root / "page.md").write_text("# Page\n")
    (root / ".gitignore").write_text("ignored/\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
    return root


def test_stamp_follows_the_tree_not_what_git_ignores(tree):
    stamp = shards.tree_stamp(tree)
    (tree / "ignored").mkdir()
    (tree / "ignored" / "build.txt").write_text("x")
    assert shards.tree_stamp(tree) == stamp
    (tree / "new.md").write_text("# New\n")  # untracked, not ignored: part of the tree
    assert shards.tree_stamp(tree) != stamp
    (tree / "new.md").unlink()
    (tree / "page.md").write_text("# Page, edited\n")
    assert shards.tree_stamp(tree) != stamp


def fake_build(out, site_url, *, root):
    (out / "en").mkdir(parents=True)
    (out / "index.html").write_text(f'<a href="{site_url}">home</a>')
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_prebuilt_site_is_used_only_for_its_own_tree_and_free_port(tree, tmp_path, monkeypatch):
    monkeypatch.setattr("fieldguide.building.build_site", fake_build)
    port = free_port()
    site = shards.build_prebuilt(tmp_path / "prebuilt", port, root=tree)
    assert json.loads((tmp_path / "prebuilt" / "stamp.json").read_text()) == {
        "tree": shards.tree_stamp(tree),
        "port": port,
    }
    env = {shards.PREBUILT: str(tmp_path / "prebuilt")}
    assert shards.prebuilt_site({}, root=tree) is None
    assert shards.prebuilt_site(env, root=tree) == (site, port)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        with pytest.warns(UserWarning, match=f"not used, building the site: its port {port}"):
            assert shards.prebuilt_site(env, root=tree) is None
    (tree / "page.md").write_text("# Page, edited\n")
    with pytest.warns(UserWarning, match="was built from another tree"):
        assert shards.prebuilt_site(env, root=tree) is None
    (tmp_path / "prebuilt" / "stamp.json").unlink()
    with pytest.warns(UserWarning, match="stamp.json is missing or unreadable"):
        assert shards.prebuilt_site(env, root=tree) is None


def test_the_site_fixture_reads_the_prebuilt_site(pytester, tmp_path, monkeypatch):
    """tests/conftest.py's fixtures, in a run of their own: the site is a copy of the
    prebuilt one, served on its port; nothing is built."""
    monkeypatch.setattr("fieldguide.building.build_site", fake_build)
    monkeypatch.setattr(shards, "tree_stamp", lambda root=ROOT: "this tree")  # others edit it
    port = free_port()
    shards.build_prebuilt(tmp_path / "prebuilt", port, root=ROOT)
    monkeypatch.setenv(shards.PREBUILT, str(tmp_path / "prebuilt"))
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text("utf-8"))
    pytester.makepyfile(
        test_uses=textwrap.dedent(f"""
            import fieldguide.building

            def test_site(site, site_port):
                assert site_port == {port}
                assert "http://127.0.0.1:{port}/" in (site / "index.html").read_text()
                assert site.name == "site" and "prebuilt" not in str(site)
        """)
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-W", "error::UserWarning")
    assert result.ret == 0, result.stdout.str()[-3000:]
