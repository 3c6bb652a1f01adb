"""Normalization layers, checked against hand derivations."""

from calc import compute
from tests.unit.check import raises, shapes


def test_batch_normalization_dense_features():
    # gamma, beta (trained) and moving mean, moving variance (not trained): 64 each.
    r = compute("BatchNormalization", {}, input_shape="64")
    assert shapes(r) == [("gamma", (64,), True), ("beta", (64,), True),
                         ("moving_mean", (64,), False), ("moving_variance", (64,), False)]
    assert (r.total_params, r.trainable_params, r.non_trainable_params) == (4 * 64, 2 * 64, 2 * 64)
    assert r.output_shape == (None, 64)


def test_batch_normalization_image_channels_only():
    # On (H, W, C) only C matters: 4 vectors of 16.
    r = compute("BatchNormalization", {}, input_shape="None,None,16")
    assert r.total_params == 4 * 16
    # axis=1 on (3, 4): the vectors have 3 entries.
    r = compute("BatchNormalization", {"axis": 1}, input_shape="3,4")
    assert r.total_params == 4 * 3
    r = compute("BatchNormalization", {"axis": -2}, input_shape="3,4")
    assert r.total_params == 4 * 3


def test_batch_normalization_switches():
    r = compute("BatchNormalization", {"center": "false", "scale": "false"}, input_shape="10")
    assert shapes(r) == [("moving_mean", (10,), False), ("moving_variance", (10,), False)]
    r = compute("BatchNormalization", {"renorm": "true"}, input_shape="10")
    assert r.trainable_params == 2 * 10 and r.non_trainable_params == 5 * 10
    assert [w.name for w in r.weights][4:] == ["moving_stddev", "renorm_mean", "renorm_stddev"]
    frozen = compute("BatchNormalization", {"trainable": "false"}, input_shape="10")
    assert (frozen.trainable_params, frozen.non_trainable_params) == (0, 4 * 10)


def test_batch_normalization_refusals():
    raises(lambda: compute("BatchNormalization", {}, input_shape="3,None"), "input_shape", "None")
    raises(lambda: compute("BatchNormalization", {"axis": 0}, input_shape="3,4"), "input_shape")
    raises(lambda: compute("BatchNormalization", {"axis": 3}, input_shape="3,4"), "axis=3")
    raises(lambda: compute("BatchNormalization", {"axis": "1,2"}, input_shape="3,4"), "axis")


def test_layer_normalization():
    r = compute("LayerNormalization", {}, input_shape="10,64")
    assert shapes(r) == [("gamma", (64,), True), ("beta", (64,), True)]
    assert r.total_params == 2 * 64 == 128
    # Several axes: the weights have the sizes of all of them.
    r = compute("LayerNormalization", {"axis": "1,2"}, input_shape="10,64")
    assert r.total_params == 2 * 10 * 64
    # Keras sorts the axes as written: -1 comes before 1.
    r = compute("LayerNormalization", {"axis": [-1, 1]}, input_shape="10,64")
    assert shapes(r)[0] == ("gamma", (64, 10), True)
    # An empty axis list gives scalar gamma and beta: one parameter each.
    r = compute("LayerNormalization", {"axis": "[]"}, input_shape="10,64")
    assert shapes(r) == [("gamma", (), True), ("beta", (), True)] and r.total_params == 1 + 1
    r = compute("LayerNormalization", {"rms_scaling": "true"}, input_shape="10,64")
    assert shapes(r) == [("gamma", (64,), True)]
    r = compute("LayerNormalization", {"center": "false", "scale": "false"}, input_shape="10,None")
    assert r.total_params == 0  # no weights, so the unknown axis does not matter


def test_group_normalization():
    r = compute("GroupNormalization", {"groups": 8}, input_shape="32,32,64")
    assert r.total_params == 2 * 64  # groups never change the count
    r = compute("GroupNormalization", {"groups": -1}, input_shape="5,12")
    assert r.total_params == 2 * 12
    raises(lambda: compute("GroupNormalization", {"groups": 5}, input_shape="12"),
           "divisible", "groups=5", "channels=12")
    raises(lambda: compute("GroupNormalization", {}, input_shape="16"), "groups=32")
    raises(lambda: compute("GroupNormalization", {"groups": 0}, input_shape="16"), "groups=0")
    raises(lambda: compute("GroupNormalization", {"groups": 4}, input_shape="None"), "input_shape")


def test_rms_and_unit_normalization():
    r = compute("RMSNormalization", {}, input_shape="10,64")
    assert shapes(r) == [("scale", (64,), True)]
    r = compute("RMSNormalization", {"axis": "1,2"}, input_shape="10,64")
    assert r.total_params == 10 * 64
    r = compute("UnitNormalization", {"axis": "1,2"}, input_shape="None,None,8")
    assert r.total_params == 0 and r.output_shape == (None, None, None, 8)
    raises(lambda: compute("UnitNormalization", {"axis": 5}, input_shape="3,4"), "out of bounds")


def test_formula_names_the_axis():
    r = compute("BatchNormalization", {}, input_shape="64")
    assert r.formula == "4·C"
    assert r.steps[-1] == "= 256"
