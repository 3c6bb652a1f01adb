"""Each layer page's "Check it in Keras" snippet runs in real Keras and prints the counts
the page states (the counts calc computes for the example)."""

import contextlib
import io
import os
import sys

import pytest

from calc.text import shapes_text

keras_oracle = pytest.importorskip("tests.keras_oracle")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import site_hooks  # noqa: E402

CATALOGUE, CALCVIEW = site_hooks.load_catalogue()


def snippet_code(entry):
    lines = site_hooks.LayerPage(entry, CATALOGUE, CALCVIEW).keras_section()
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
