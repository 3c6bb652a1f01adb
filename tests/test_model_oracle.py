"""Model summaries from model.to_json(), compared row by row with the Keras models
they describe (count_params per layer, output shapes, totals)."""

import json

import pytest

keras_oracle = pytest.importorskip("tests.keras_oracle")
keras = keras_oracle.keras
layers = keras.layers

from calc.model import load_json, summarize  # noqa: E402


def keras_rows(model):
    rows = []
    for layer in model.layers:
        out = layer.output.shape if hasattr(layer, "output") else None
        rows.append((layer.name, type(layer).__name__, layer.count_params(), tuple(out) if out else None))
    return rows


def check(model):
    summary = summarize(load_json(model.to_json()))
    ours = [(r.name, r.class_name, r.params, r.output_shape) for r in summary.rows]
    assert ours == keras_rows(model)
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    assert (summary.total_params, summary.trainable_params) == (model.count_params(), trainable)
    assert summary.non_trainable_params == model.count_params() - trainable
    return summary


def test_sequential_mnist_convnet():
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])
    check(model)


def test_functional_with_shared_layer_and_merge():
    inp = keras.Input((8,), name="inp")
    shared = layers.Dense(4, name="shared")
    x = shared(inp)
    y = shared(layers.Dense(8, name="widen")(x))
    z = layers.Add(name="add")([x, layers.Dense(4, name="side")(inp)])
    summary = check(keras.Model(inp, [y, z]))
    rows = {r.name: r for r in summary.rows}
    assert rows["shared"].connected_to == ["inp[0][0]", "widen[0][0]"]
    assert rows["add"].connected_to == ["shared[0][0]", "side[0][0]"]


def test_nested_and_frozen_models():
    inner = keras.Sequential([keras.Input((16,)), layers.Dense(8), layers.BatchNormalization()], name="inner")
    inner.trainable = False
    inp = keras.Input((16,))
    out = layers.Dense(3)(inner(inp))
    summary = check(keras.Model(inp, out))
    nested = [r for r in summary.rows if r.children is not None][0]
    assert nested.trainable is False and nested.trainable_params == 0


def test_frozen_embedding_text_classifier():
    model = keras.Sequential([
        keras.Input((100,), dtype="int32"),
        layers.Embedding(10000, 64, trainable=False),
        layers.GlobalAveragePooling1D(),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    check(model)


def test_unknown_layers_are_marked_and_totals_partial():
    data = json.loads(keras.Sequential([keras.Input((4,)), layers.Dense(2)]).to_json())
    data["config"]["layers"][1]["class_name"] = "MyCustomLayer"
    summary = summarize(data)
    assert summary.partial and not summary.rows[0].known
    assert "MyCustomLayer" in summary.rows[0].problem
