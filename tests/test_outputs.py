"""The output rule, both ways: what a different CPU may change passes, what a reader
would call a different result fails."""

import pytest

import fieldguide
from fieldguide import Shown, line_matches


@pytest.mark.parametrize(
    ("shown", "printed"),
    [
        ("9.4238", "9.4239"),  # the last digit moved by one unit (another SIMD kernel)
        ("9.4238", "9.4237"),
        ("loss 0.0132", "loss 0.0133"),  # inside an f-string
        ("tensor([0.1235, 2.5000])", "tensor([0.1234, 2.5000])"),  # inside a tensor
        ("[0.33, 0.67]", "[0.34, 0.67]"),  # inside a list
        ("tensor([ 0.0000, 1.5000])", "tensor([-0.0000, 1.5000])"),  # sign of zero, padding
        ("accuracy 91.2%", "accuracy 91.3%"),
        ("1.2346e-05", "1.2347e-05"),
        ("torch.float32 2.14.1", "torch.float32 2.14.1"),
    ],
)
def test_last_digit_noise_passes(shown, printed):
    assert line_matches(Shown(shown), printed)


@pytest.mark.parametrize(
    ("shown", "printed"),
    [
        ("9.4238", "9.4240"),  # two units
        ("9.4238", "9.5180"),  # a 1 % change
        ("loss 0.0132", "loss 0.0135"),
        ("tensor([0.1235, 2.5000])", "tensor([0.1235, 2.5250])"),
        ("tensor([1., 2.])", "tensor([1., 3.])"),  # whole numbers are exact
        ("torch.Size([2, 3])", "torch.Size([2, 4])"),
        ("epoch 3", "epoch 4"),
        ("tensor([1.5000])", "tensor([1.5000], dtype=torch.float64)"),  # a changed dtype
        ("torch.float32", "torch.float64"),
        ("tensor(0.5000, grad_fn=<AddBackward0>)", "tensor(0.5000, grad_fn=<MulBackward0>)"),
        ("train loss 0.5", "test loss 0.5"),  # a changed word
        ("1.2346e-05", "1.2346e-04"),
        ("[0.33, 0.67]", "[0.33, 0.67, 0.01]"),
    ],
)
def test_real_differences_fail(shown, printed):
    assert not line_matches(Shown(shown), printed)


def test_example_lines_check_words_not_numbers():
    shown = Shown("epoch 2: validation accuracy 96.7%", example=True)
    assert line_matches(shown, "epoch 2: validation accuracy 91.0%")
    assert not line_matches(shown, "epoch 2: test accuracy 96.7%")
    assert not line_matches(shown, "epoch 2: validation accuracy 96.7% (best)")


def test_example_output_needs_a_reason():
    source = "print(0.5)\n#~ 0.5\n"
    with pytest.raises(fieldguide.OutputMismatch, match="# varies:"):
        fieldguide.expected_output(source)
    reasoned = "# varies: training on another CPU\nprint(0.5)\n#~ 0.5\n"
    assert fieldguide.expected_output(reasoned) == {2: [Shown("0.5", example=True)]}


def test_a_wrong_number_in_a_snippet_fails_with_its_line(tmp_path):
    source = "x = 9.4238\nprint(f'{x:.4f}')\n#> 9.4239\nprint(f'{x * 1.01:.4f}')\n#> 9.4238\n"
    printed = fieldguide.run_code(source, "demo.py", {})
    with pytest.raises(fieldguide.OutputMismatch, match=r"^demo.py:4: printed output differs"):
        fieldguide.check_output(source, printed, "demo.py")


def test_examples_and_checked_lines_mix_under_one_statement():
    source = (
        "# varies: the loss after training depends on the CPU\n"
        "for epoch in range(2):\n"
        "    print(f'epoch {epoch}')\n"
        "    print(f'loss {0.1 / (epoch + 1):.3f}')\n"
        "#> epoch 0\n#~ loss 0.432\n#> epoch 1\n#~ loss 0.050\n"
    )
    fieldguide.check_output(source, fieldguide.run_code(source, "<loop>", {}), "<loop>")
    broken = source.replace("#> epoch 1", "#> epoch 2")
    with pytest.raises(fieldguide.OutputMismatch):
        fieldguide.check_output(broken, fieldguide.run_code(broken, "<loop>", {}), "<loop>")


def test_a_line_for_another_python_is_checked_only_where_it_holds():
    source = (
        "print(w)\n#> [python<3.12] DeprecationWarning bad\n#> [python>=3.12] SyntaxWarning bad\n"
    )
    shown = fieldguide.expected_output(source)[1]
    assert [s.when for s in shown] == ["python<3.12", "python>=3.12"]
    assert [s.holds((3, 11)) for s in shown] == [True, False]
    assert [s.holds((3, 13)) for s in shown] == [False, True]
    assert str(shown[1]) == "#> [python>=3.12] SyntaxWarning bad"
    here = "SyntaxWarning bad" if shown[1].holds() else "DeprecationWarning bad"
    fieldguide.check_output(source, {1: [here]}, "x.py")
    with pytest.raises(fieldguide.OutputMismatch):
        fieldguide.check_output(
            source, {1: ["DeprecationWarning bad", "SyntaxWarning bad"]}, "x.py"
        )


def test_outputs_keeps_the_lines_for_another_python():
    from fieldguide.update_outputs import _merge

    old = [Shown("A", when="python<3.0"), Shown("B")]
    assert _merge(old, ["C"]) == [Shown("A", when="python<3.0"), Shown("C")]
