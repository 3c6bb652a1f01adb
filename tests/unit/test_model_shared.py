"""A shared layer in a model summary, checked against hand derivations."""

from calc.model import summarize


def _tensor(shape, source):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": shape, "dtype": "float32", "keras_history": [source, 0, 0]}}


def _input(name, shape):
    return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
            "config": {"name": name, "batch_shape": shape}}


def test_shared_layer_counts_once_and_shows_its_last_call():
    # Dense(4) called on a (None, 8) and then on a (None, 3, 8) input: one kernel 8·4
    # and one bias 4, counted once = 36. model.summary() shows the output shape of the
    # last call: the Dense maps the last axis 8 -> 4, so (None, 3, 4).
    dense = {"class_name": "Dense", "name": "shared",
             "config": {"name": "shared", "units": 4, "trainable": True},
             "build_config": {"input_shape": [None, 8]},
             "inbound_nodes": [{"args": [_tensor([None, 8], "a")], "kwargs": {}},
                               {"args": [_tensor([None, 3, 8], "b")], "kwargs": {}}]}
    model = {"class_name": "Functional",
             "config": {"name": "m", "layers": [_input("a", [None, 8]), _input("b", [None, 3, 8]), dense]}}
    summary = summarize(model)
    row = summary.rows[2]
    assert (row.params, summary.total_params) == (8 * 4 + 4, 36)
    assert row.output_shape == (None, 3, 4)
    assert row.connected_to == ["a[0][0]", "b[0][0]"]


def test_a_custom_layers_weights_from_pasted_code():
    # What calc.code_reader writes for a layer class of the pasted code: a scalar weight
    # holds one value, a damaged entry is a row that says so.
    from calc.model import summarize
    spec = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Mine", "config": {"name": "mine"}, "calc_custom": {
            "layers": [], "output_shape": [None, 4],
            "weights": [{"name": "total", "shape": [], "trainable": False},
                        {"name": "w", "shape": [4, 3], "trainable": True},
                        {"name": "bad", "shape": [-1], "trainable": True}]}}]}}
    (row,) = summarize(spec).rows
    assert [(r.name, r.params, r.known) for r in row.children.rows] == [
        ("total", 1, True), ("w", 12, True), ("bad", None, False)]
    assert (row.params, row.trainable_params) == (13, 12)
