"""Activation layers: PReLU's alpha, and the weight-free ones."""

from calc import compute
from tests.unit.check import raises, shapes


def test_prelu_one_slope_per_position():
    r = compute("PReLU", {}, input_shape="28,28,16")
    assert shapes(r) == [("alpha", (28, 28, 16), True)]
    assert r.total_params == 28 * 28 * 16


def test_prelu_shared_axes():
    # One slope per channel: the two spatial axes are shared.
    r = compute("PReLU", {"shared_axes": "1,2"}, input_shape="None,None,16")
    assert shapes(r) == [("alpha", (1, 1, 16), True)]
    assert r.total_params == 16
    r = compute("PReLU", {"shared_axes": 1}, input_shape="None,4")
    assert r.total_params == 4
    # Keras writes the 1 at list index axis-1, so axis 0 lands on the last axis.
    r = compute("PReLU", {"shared_axes": 0}, input_shape="3,4")
    assert shapes(r) == [("alpha", (3, 1), True)]


def test_prelu_refusals():
    raises(lambda: compute("PReLU", {}, input_shape="None,4"), "input_shape", "None")
    raises(lambda: compute("PReLU", {"shared_axes": 3}, input_shape="3,4"), "shared_axes")


def test_weight_free_activations():
    for layer, args in (("Activation", {"activation": "gelu"}), ("ELU", {}), ("ReLU", {"max_value": 6}),
                        ("LeakyReLU", {"negative_slope": 0.1}), ("Softmax", {"axis": 1})):
        r = compute(layer, args, input_shape="None,7")
        assert r.total_params == 0
        assert r.output_shape == (None, None, 7)


def test_activation_refusals():
    raises(lambda: compute("Activation", {"activation": "Relu"}, input_shape="3"), "Relu")
    raises(lambda: compute("Activation", {}, input_shape="3"), "activation")
    raises(lambda: compute("ReLU", {"max_value": -1}, input_shape="3"), "max_value")
    raises(lambda: compute("LeakyReLU", {"negative_slope": -0.1}, input_shape="3"), "negative_slope")
    assert compute("Activation", {"activation": "None"}, input_shape="3").total_params == 0
