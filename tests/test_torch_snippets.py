"""Each PyTorch page's "Check it in PyTorch" snippet runs in real PyTorch and prints the
counts the page states in its "Expected output" (the counts calc computes for the example);
so does the widget's "Copy PyTorch code" for drawn examples. The programs run in this
process, each in a fresh namespace (the test runs PyTorch; calc never executes code): torch
is imported once."""

import contextlib
import io
import warnings

import pytest

from tools.sitegen.layers import load_catalogue
from tools.sitegen.torch_page import TorchPage
from web.practiceview import new_example

torch = pytest.importorskip("torch")

CATALOGUE, CALCVIEW = load_catalogue()
ENTRIES = list(CATALOGUE.TORCH_LAYERS)


def fenced(markdown, language):
    """The first ```language block of a generated part."""
    lines = markdown.split("\n")
    start = lines.index("```" + language) + 1
    return "\n".join(lines[start:lines.index("```", start)])


def printed(code):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated classes (NLLLoss2d) and arguments (size_average)
        exec(compile(code, "snippet", "exec"), {})
    return out.getvalue().split()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_snippet_prints_the_page_counts(entry):
    section = TorchPage(entry, CATALOGUE, CALCVIEW).torch()
    code, expected = fenced(section, "python"), fenced(section, "text")
    assert printed(code) == expected.split(), code


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_copied_code_of_drawn_examples_counts_as_the_calculator(entry):
    # Practice mode's "New example" fields (other values than the page's: tuples, strings,
    # module and tensor arguments), copied as code by "Copy PyTorch code" and run.
    for seed in (7, 8):
        fields = new_example(entry.name, seed)["fields"]
        answer = CALCVIEW.evaluate(entry.name, fields)
        code = CALCVIEW.snippet(entry.name, fields)
        assert printed(code) == ["total:", answer["total_params"], "trainable:", answer["trainable_params"],
                                 "non-trainable:", answer["non_trainable_params"], "buffers:", answer["buffers"]], code


def test_the_widgets_code_builds_what_its_fields_say():
    # "Copy PyTorch code" with fields changed from the example (and the factory keywords set):
    # PyTorch counts what the calculator shows for the same fields.
    fields = dict(CALCVIEW.default_fields(CATALOGUE.find("nn.LazyLinear")),
                  in_features="300", out_features="7", bias="false", dtype="torch.float64", device="meta")
    out = printed(CALCVIEW.snippet("nn.LazyLinear", fields))
    answer = CALCVIEW.evaluate("nn.LazyLinear", fields)
    assert out == ["total:", answer["total_params"], "trainable:", answer["trainable_params"],
                   "non-trainable:", answer["non_trainable_params"], "buffers:", answer["buffers"]]
    assert out[1] == "2100"  # 300 · 7, no bias
