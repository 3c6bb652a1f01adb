"""Each layer page's "Check it in Keras" snippet runs in real Keras and prints the counts
the page states (the counts calc computes for the example)."""

import contextlib
import io

import pytest

from calc.text import shapes_text
from tools.sitegen.layer_page import LayerPage
from tools.sitegen.layers import load_catalogue

keras_oracle = pytest.importorskip("tests.keras_oracle")

CATALOGUE, CALCVIEW = load_catalogue()


def snippet_code(entry):
    """The program in the page's "Check it in Keras" section (the calc:keras shortcode)."""
    lines = LayerPage(entry, CATALOGUE, CALCVIEW).keras().split("\n")
    start = lines.index("```python") + 1
    return "\n".join(lines[start:lines.index("```", start)])


@pytest.mark.parametrize("entry", CATALOGUE.LAYERS, ids=[e.name for e in CATALOGUE.LAYERS])
def test_snippet_prints_the_page_counts(entry):
    code = snippet_code(entry)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "snippet", "exec"), {})  # the test runs Keras; calc never executes code
    expected = CATALOGUE.compute(entry, dict(entry.example_args()),
                                 input_shape=shapes_text(entry.example_shapes()) or None)
    assert out.getvalue().split() == [
        "total:", str(expected.total_params), "trainable:", str(expected.trainable_params),
        "non-trainable:", str(expected.non_trainable_params)], code
