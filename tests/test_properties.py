"""Property-based tests (hypothesis) of every reader of user input: random and mutated
inputs end in a result or a ValueError (the documented error type, with a message), each
example within a deadline; and valid configurations drawn at random still match Keras.

Derandomized (the same examples every run, so CI is stable); `make fuzz` is the long,
random run (tools/fuzz.py).
"""

import contextlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calc
from calc.__main__ import main
from calc.catalogue import find, read_config
from calc.code_reader import read_code
from calc.keras_file import read_keras_config
from calc.model import load_json, summarize

FAST = settings(max_examples=100, deadline=timedelta(seconds=1), derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

CODE = """import keras
from keras import layers
n = 16
inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(n, kernel_size=(3, 3), activation="relu")(inputs)
x = layers.MaxPooling2D(pool_size=2)(x)
x = layers.Flatten()(x)
y = layers.Dense(n * 2)(x)
z = layers.concatenate([x, y])
model = keras.Model(inputs, layers.Dense(10)(z))
"""
CODE_ATTENTION = """import keras
inp = keras.Input((10, 8))
h = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)(inp, inp)
h = keras.layers.Bidirectional(keras.layers.LSTM(4))(h)
model = keras.Model(inp, keras.layers.Dense(3)(h))
"""
MODEL = json.dumps(read_code(CODE))
MODELS = [MODEL, json.dumps(read_code(CODE_ATTENTION))]


def keras_zip(config):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("metadata.json", '{"keras_version": "3.15.1"}')
        z.writestr("config.json", config)
        z.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n")
    return buf.getvalue()


ARCHIVE = keras_zip(MODEL)
NASTY = st.sampled_from(["", " ", "-1", "0", "1.5", "NaN", "inf", "1e400", "99999999999999999999",
                         "\u0663", "3,3,3", "None", "[", "]", "{", "}", ",", ";", "=", '"', "\\",
                         "<img src=x onerror=alert(1)>", "\x00", "(" * 30, "\n", "'"])


@st.composite
def mutated(draw, seed):
    """`seed` (bytes) after 1 to 5 edits: bit flips, cuts, insertions, deletions, repeats."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "cut", "insert", "delete", "repeat"]))
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[at:]
        elif op == "insert":
            piece = draw(st.one_of(NASTY.map(lambda t: t.encode()), st.binary(max_size=8)))
            data[at:at] = piece
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif op == "repeat" and data:
            start = min(at, len(data) - 1)
            data[at:at] = data[start:start + draw(st.integers(1, 40))] * draw(st.integers(2, 50))
    return bytes(data)


def refuses_cleanly(call):
    """Runs call(); a ValueError is fine if it says something, anything else fails the test."""
    try:
        call()
    except ValueError as e:
        assert str(e).strip()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10 ** 30), 10 ** 30) | st.floats() | st.text(max_size=20)
    | NASTY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12)

ENTRIES = st.sampled_from(list(calc.LAYERS))


# The CLI parser ----------------------------------------------------------------------------

@st.composite
def cli_argv(draw):
    entry = draw(ENTRIES)
    names = [a.name for a in entry.all_args()] + ["input_shape"]
    argv = ["layer", entry.name]
    for _ in range(draw(st.integers(0, 5))):
        name = draw(st.one_of(st.sampled_from(names), st.text(max_size=12)))
        value = draw(st.one_of(NASTY, st.text(max_size=30), st.integers(-5, 10 ** 25).map(str)))
        argv.append(name + "=" + value)
    if draw(st.booleans()):
        argv += ["--config", draw(st.one_of(st.text(max_size=40), JSON.map(json.dumps)))]
    return argv


@FAST
@given(cli_argv())
def test_cli_exits_0_or_2_with_one_line(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    assert status in (0, 2)
    if status == 2:
        lines = err.getvalue().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and out.getvalue() == ""


# read_config: every argument of every layer, as text and as JSON ---------------------------

@FAST
@given(ENTRIES, st.dictionaries(st.text(max_size=15), JSON, max_size=5), st.data())
def test_read_config_raises_only_value_error(entry, config, data):
    names = [a.name for a in entry.all_args()]
    for name in data.draw(st.lists(st.sampled_from(names), max_size=4)):
        config[name] = data.draw(st.one_of(JSON, NASTY))
    refuses_cleanly(lambda: read_config(entry, config))
    texts = {name: data.draw(st.one_of(NASTY, st.text(max_size=20))) for name in config if name in names}
    refuses_cleanly(lambda: read_config(entry, None, texts))


# Model JSON, .keras archives, pasted code ---------------------------------------------------

def summary_of_json(data):
    summarize(load_json(data.decode("utf-8", "replace"))).to_json()


@FAST
@given(st.one_of(st.sampled_from(MODELS).flatmap(lambda m: mutated(m.encode())), st.binary(max_size=200),
                st.text(max_size=200).map(str.encode)))
def test_model_json_reader(data):
    refuses_cleanly(lambda: summary_of_json(data))


@st.composite
def model_with_a_bad_node(draw):
    """A valid model with one node of its tree replaced by random JSON or deleted (a
    layer's input dropped, a key missing), most often inside its layers."""
    model = json.loads(draw(st.sampled_from(MODELS)))
    node = model["config"]["layers"] if draw(st.booleans()) else model
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, (dict, list)) or not child or draw(st.integers(0, 5)) == 0:
            if draw(st.booleans()):
                del node[key]
            else:
                node[key] = draw(JSON)
            return json.dumps(model).encode()
        node = child


@settings(FAST, max_examples=400)  # the tree is big: more draws to reach each layer's calls
@given(model_with_a_bad_node())
def test_model_json_reader_on_damaged_trees(data):
    refuses_cleanly(lambda: summary_of_json(data))


@FAST
@given(st.one_of(mutated(ARCHIVE), model_with_a_bad_node().map(keras_zip), st.binary(max_size=300)))
def test_keras_reader(data):
    refuses_cleanly(lambda: summarize(load_json(read_keras_config(data), "config.json")))


@FAST
@given(st.one_of(mutated(CODE.encode()), st.text(max_size=300).map(str.encode)))
def test_code_reader(data):
    refuses_cleanly(lambda: summarize(read_code(data.decode("utf-8", "replace"))))


# Valid inputs still match Keras ------------------------------------------------------------

ORACLE = settings(max_examples=6, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])
DIM = st.integers(1, 12)


@st.composite
def valid_layer(draw):
    """(class name, arguments as Python values, input shapes without the batch axis) that
    Keras accepts, as the oracle takes them (see tests/keras_oracle.py)."""
    kind = draw(st.sampled_from(["Dense", "Conv2D", "Embedding", "LSTM", "BatchNormalization",
                                 "MultiHeadAttention"]))
    if kind == "Dense":
        return kind, {"units": draw(DIM), "use_bias": draw(st.booleans())}, [(draw(DIM), draw(DIM))]
    if kind == "Conv2D":
        groups = draw(st.integers(1, 3))
        kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
        return kind, {"filters": groups * draw(DIM), "kernel_size": kernel, "groups": groups,
                      "padding": "same"}, [(draw(DIM) + 3, draw(DIM) + 3, groups * draw(DIM))]
    if kind == "Embedding":
        return kind, {"input_dim": draw(st.integers(1, 10 ** 4)), "output_dim": draw(DIM)}, [(draw(DIM),)]
    if kind == "LSTM":
        return kind, {"units": draw(DIM)}, [(draw(DIM), draw(DIM))]
    if kind == "BatchNormalization":
        return kind, {"center": draw(st.booleans()), "trainable": draw(st.booleans())}, [(draw(DIM), draw(DIM))]
    steps = draw(DIM)  # value (and key) need the same sequence axis
    return kind, {"num_heads": draw(st.integers(1, 3)), "key_dim": draw(DIM)}, \
        [(draw(DIM), draw(DIM)), (steps, draw(DIM))]


@ORACLE
@given(valid_layer())
def test_valid_inputs_match_keras(layer):
    keras_oracle = pytest.importorskip("tests.keras_oracle")
    name, args, shapes = layer
    problem = keras_oracle.compare(find(name), args, shapes)
    assert problem is None, problem
