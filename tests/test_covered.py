"""When a `# run: subprocess` module is "covered" by its page (fieldguide.executions): the
page's subprocess block runs every line of it, so running the module alone would print the
same, and the suite runs it once. A plain helper definition the page shows in a block of
its own (like `gradients_agree` in gpu/ddp.py) does not stop that; anything that could
print or raise when defined does."""

import pytest

from fieldguide import executions
from fieldguide.testing import make_site

MODULE = """\
# run: subprocess

# --8<-- [start:main]
print("trained")
#> trained
# --8<-- [end:main]

# --8<-- [start:helper]
{helper}
# --8<-- [end:helper]
"""

PAGE = """\
---
topics: [T2]
---

# Page

<!-- run: subprocess -->
```python
--8<-- "snippets/part/demo.py:main"
```

```python
--8<-- "snippets/part/demo.py:helper"
```
"""


def cover(tmp_path, helper: str):
    site = make_site(
        tmp_path,
        {
            "snippets/part/demo.py": MODULE.format(helper=helper),
            "docs/zh/part/demo.md": PAGE,
            "docs/en/part/demo.md": PAGE,
        },
    )
    return executions.subprocess_cover(site / "snippets/part/demo.py", site)


def test_a_plain_helper_definition_leaves_the_module_covered(tmp_path):
    found = cover(tmp_path, "def agree(model):\n    return all(model)")
    assert found is not None
    page, block = found
    assert page.name == "demo.md" and block.subprocess


@pytest.mark.parametrize(
    "helper",
    [
        'print("defined")',  # runs when the module runs
        "@staticmethod\ndef agree(model):\n    return model",  # a decorator runs
        "def agree(model=print('x')):\n    return model",  # a default is evaluated
        "def agree(model: Model):\n    return model",  # an annotation is evaluated
        "class Agree:\n    print('body')",  # a class body runs
    ],
)
def test_code_that_runs_when_defined_makes_the_module_run_alone(tmp_path, helper):
    assert cover(tmp_path, helper) is None
