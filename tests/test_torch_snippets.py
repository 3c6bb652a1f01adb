"""Each PyTorch page's "Check it in PyTorch" snippet runs in real PyTorch and prints the
counts the page states in its "Expected output" (the counts calc computes for the example).
The programs run in this process, each in a fresh namespace: torch is imported once."""

import contextlib
import io

import pytest

from tools.sitegen.layers import load_catalogue
from tools.sitegen.torch_page import TorchPage

torch = pytest.importorskip("torch")

CATALOGUE, CALCVIEW = load_catalogue()
ENTRIES = list(CATALOGUE.TORCH_LAYERS)


def fenced(markdown, language):
    """The first ```language block of a generated part."""
    lines = markdown.split("\n")
    start = lines.index("```" + language) + 1
    return "\n".join(lines[start:lines.index("```", start)])


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_snippet_prints_the_page_counts(entry):
    section = TorchPage(entry, CATALOGUE, CALCVIEW).torch()
    code, expected = fenced(section, "python"), fenced(section, "text")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "snippet", "exec"), {})  # the test runs PyTorch; calc never executes code
    assert out.getvalue().split() == expected.split(), code


def test_the_widgets_code_builds_what_its_fields_say():
    # "Copy PyTorch code" with fields changed from the example (and the factory keywords set):
    # PyTorch counts what the calculator shows for the same fields.
    fields = dict(CALCVIEW.default_fields(CATALOGUE.find("nn.LazyLinear")),
                  in_features="300", out_features="7", bias="false", dtype="torch.float64", device="meta")
    code = CALCVIEW.snippet("nn.LazyLinear", fields)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "snippet", "exec"), {})
    answer = CALCVIEW.evaluate("nn.LazyLinear", fields)
    assert out.getvalue().split() == ["total:", answer["total_params"], "trainable:", answer["trainable_params"],
                                      "non-trainable:", answer["non_trainable_params"], "buffers:", answer["buffers"]]
    assert out.getvalue().split()[1] == "2100"  # 300 · 7, no bias
