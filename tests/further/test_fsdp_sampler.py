"""Facts behind the DistributedSampler section of docs/*/further/fsdp.md
(snippets/further/fsdp_sampler.py): when the ranks' shares overlap and when they do not."""

import fieldguide


def test_sampler_shares_overlap_unless_the_length_divides():
    shares = fieldguide.snippet_namespace("further/fsdp_sampler")["shares"]
    # 64 over 2: disjoint and complete, as in the page's program.
    a, b = shares(64, shuffle=True, seed=0)
    assert not set(a) & set(b) and sorted(a + b) == list(range(64))
    # 5 over 2 with the default drop_last=False: padded, index 4 on both ranks.
    a, b = shares(5, shuffle=True, seed=0)
    assert len(a) == len(b) == 3 and set(a) & set(b) == {4}
    a, b = shares(5, shuffle=False)
    assert set(a) & set(b) == {0}
    # drop_last=True: disjoint again, one sample left out.
    a, b = shares(5, shuffle=True, seed=0, drop_last=True)
    assert not set(a) & set(b) and len(set(a + b)) == 4
    # 7 over 4: one index repeated; 8 over 4: none.
    assert sum(len(s) for s in shares(7, 4)) == 8 and len(set().union(*shares(7, 4))) == 7
    assert sum(len(s) for s in shares(8, 4)) == len(set().union(*shares(8, 4))) == 8


def test_the_page_says_when_shares_do_not_overlap():
    en = " ".join((fieldguide.ROOT / "docs/en/further/fsdp.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/further/fsdp.md").read_text("utf-8").split())
    assert "with no overlap" not in en and "互不重叠的一半" not in zh  # the old unconditional rule
    assert "only when the dataset's length divides by the number of processes" in en
    assert "这只在数据集长度能被进程数整除时成立" in zh
    for text in (en, zh):
        assert "drop_last=False" in text and "drop_last=True" in text
