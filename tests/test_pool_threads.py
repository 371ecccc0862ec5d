"""A thread pool's idle worker is not a thread left running: the interpreter shuts such
pools down at exit (torch.compile keeps one on Python 3.13 and on older torch)."""

from fieldguide.testing import PAGE, make_site

pytest_plugins = ["pytester"]

POOL = PAGE + (
    "\n```python\nfrom concurrent.futures import ThreadPoolExecutor\n\n"
    "pool = ThreadPoolExecutor(max_workers=1)\nprint(pool.submit(sum, [1, 2]).result())\n"
    "#> 3\n```\n"
)


def test_an_idle_pool_worker_does_not_fail_the_block(pytester):
    make_site(pytester.path, {"docs/zh/part/demo.md": POOL})
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "docs/zh/part/demo.md")
    result.assert_outcomes(passed=3)
