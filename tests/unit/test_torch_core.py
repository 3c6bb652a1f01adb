"""The PyTorch catalogue's common behaviour: names, refusals, buffers kept apart from
parameters, and torch.nn.Linear against the hand derivation (weight (out, in) + bias)."""

from calc import compute
from calc.catalogue import find
from tests.unit.check import raises


def test_linear_128_to_128():
    # out_features·in_features + out_features, stored as weight (out, in), bias (out,)
    r = compute("nn.Linear", {"in_features": 128, "out_features": 128})
    assert r.total_params == 128 * 128 + 128 == 16512
    assert [(w.label, w.shape_values()) for w in r.weights] == [("weight", (128, 128)), ("bias", (128,))]
    assert r.buffers == [] and r.buffer_count == 0
    data = r.to_json()
    assert data["framework"] == "torch" and data["buffers"] == 0
    assert data["memory"][0] == {"dtype": "float32", "bytes": 16512 * 4}


def test_torch_names():
    assert find("torch.nn.Linear") is find("nn.Linear")
    assert find(" nn.Linear ").name == "nn.Linear"


def test_other_frameworks_casing_is_refused_with_both_names():
    raises(lambda: find("nn.Linear2"), "Unknown torch.nn class 'nn.Linear2'")
    raises(lambda: find("Linear"), "nn.Linear (PyTorch)")
    raises(lambda: find("nn.Dense"), "Dense (Keras)")


def test_keras_names_stay():
    assert find("Dense").name == "Dense"
    assert find("dense").name == "Dense"


def test_no_input_shape_and_unknown_config_keys():
    raises(lambda: compute("nn.Linear", {"in_features": 3, "out_features": 4}, input_shape="3"),
           "nn.Linear takes no input_shape")
    raises(lambda: compute("nn.Linear", {"in_features": 3}, config={"out_features": 4, "bais": False}),
           "nn.Linear has no argument 'bais'")


def test_factory_dtype():
    r = compute("nn.Linear", {"in_features": 3, "out_features": 4, "dtype": "torch.bfloat16"})
    assert r.total_params == 16
    raises(lambda: compute("nn.Linear", {"in_features": 3, "out_features": 4, "dtype": "int8"}),
           "dtype=")


def test_lazy_linear_takes_its_input_size():
    r = compute("nn.LazyLinear", {"out_features": 10, "in_features": 5})
    assert r.total_params == 5 * 10 + 10
