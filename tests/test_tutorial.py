"""The tutorial (docs/tutorial.md) counts a small CNN by hand: its code builds in real
Keras to the total the page states, each step's numbers are Keras's, and the link to the
model summary carries the same code."""

import base64
import contextlib
import io
import os
import re

import pytest

from tools.sitegen.layers import load_catalogue

keras_oracle = pytest.importorskip("tests.keras_oracle")
keras = keras_oracle.keras

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGUE, _ = load_catalogue()

with open(os.path.join(ROOT, "docs", "tutorial.md"), encoding="utf-8") as f:
    PAGE = f.read()
CODE = re.search(r"```python\n(.*?)```", PAGE, re.S).group(1)


def build_model():
    scope = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(CODE, "tutorial", "exec"), scope)  # the test runs Keras; calc never executes code
    return scope["model"]


def test_the_stated_total_is_keras_total():
    model = build_model()
    assert model.count_params() == 96266
    assert PAGE.count("96,266") >= 3  # the intro, the table, the sum
    assert "**Total** | | **96,266**" in PAGE


def test_each_step_is_keras_layer():
    """Every configuration the page computes (calc:count/sum/shape of Conv2D, MaxPooling2D,
    Flatten and Dense) is one of the model's layers, with Keras's count and output shape."""
    model = build_model()
    keras_layers = {}
    for layer in model.layers:
        keras_layers[(type(layer).__name__, tuple(layer.input.shape[1:]))] = (
            layer.count_params(), tuple(layer.output.shape))
    steps = set(re.findall(r"<!-- calc:(?:count|sum|shape) (Conv2D|MaxPooling2D|Flatten|Dense) (.*?) -->", PAGE))
    checked = 0
    for name, words in steps:
        fields = dict(w.split("=", 1) for w in words.split() if not w.startswith("of="))
        shape = tuple(int(x) for x in fields.pop("input_shape").split(","))
        if (name, shape) not in keras_layers:
            continue  # an aside (the Dense after global pooling)
        r = CATALOGUE.compute(CATALOGUE.find(name), fields, input_shape=",".join(map(str, shape)))
        assert (r.total_params, tuple(r.output_shape)) == keras_layers[(name, shape)], (name, words)
        checked += 1
    assert checked >= 5


def test_the_summary_link_carries_the_code():
    fragment = re.search(r"\(summary\.md#text=([A-Za-z0-9_-]+)\)", PAGE).group(1)
    text = base64.urlsafe_b64decode(fragment + "=" * (-len(fragment) % 4)).decode()
    assert text == CODE
