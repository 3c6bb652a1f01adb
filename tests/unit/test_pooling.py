"""Pooling layers have no weights; their output shapes, derived by hand."""

from calc import compute
from tests.unit.check import raises


def test_max_pooling_defaults_halve_each_axis():
    r = compute("MaxPooling2D", {}, input_shape="32,32,3")
    assert r.total_params == 0 and r.weights == []
    assert r.output_shape == (None, 32 // 2, 32 // 2, 3)
    assert compute("MaxPool1D", {}, input_shape="9,4").output_shape == (None, (9 - 2) // 2 + 1, 4)


def test_window_strides_and_padding():
    # valid: (n - p) // s + 1; same: (n - 1) // s + 1
    r = compute("AveragePooling1D", {"pool_size": 3, "strides": 2}, input_shape="10,4")
    assert r.output_shape == (None, (10 - 3) // 2 + 1, 4)
    r = compute("AvgPool1D", {"pool_size": 3, "strides": 2, "padding": "same"}, input_shape="10,4")
    assert r.output_shape == (None, (10 - 1) // 2 + 1, 4)
    r = compute("MaxPooling3D", {"pool_size": "2,3,4"}, input_shape="8,None,9,5")
    assert r.output_shape == (None, 8 // 2, None, (9 - 4) // 4 + 1, 5)


def test_channels_first_pools_the_last_axes():
    r = compute("MaxPooling2D", {"data_format": "channels_first"}, input_shape="3,32,30")
    assert r.output_shape == (None, 3, 16, 15)


def test_pooling_refusals_like_keras():
    raises(lambda: compute("AveragePooling2D", {}, input_shape="8,8,3"), "pool_size")
    raises(lambda: compute("MaxPooling1D", {"pool_size": 3}, input_shape="2,4"),
           "Computed output size would be zero or negative", "pool_size=(3,)")
    # Keras's pooling base does not lower-case padding, unlike the convolutions.
    raises(lambda: compute("MaxPooling1D", {"padding": "SAME"}, input_shape="8,4"), "padding")
    raises(lambda: compute("MaxPooling2D", {}, input_shape="8,4"), "input_shape must have 3")


def test_global_pooling_keeps_one_value_per_channel():
    assert compute("GlobalAveragePooling2D", {}, input_shape="7,7,512").output_shape == (None, 512)
    assert compute("GlobalAvgPool2D", {"keepdims": True},
                   input_shape="7,7,512").output_shape == (None, 1, 1, 512)
    r = compute("GlobalMaxPool3D", {"keepdims": True, "data_format": "channels_first"},
                input_shape="7,8,9,10")
    assert r.output_shape == (None, 7, 1, 1, 1)
    assert compute("GlobalMaxPooling1D", {}, input_shape="None,6").output_shape == (None, 6)
    assert compute("GlobalMaxPooling1D", {}, input_shape="None,6").total_params == 0


def test_adaptive_pooling_output_size():
    r = compute("AdaptiveMaxPooling2D", {"output_size": "4,5"}, input_shape="None,None,3")
    assert r.output_shape == (None, 4, 5, 3)
    r = compute("AdaptiveAveragePooling3D", {"output_size": 2, "data_format": "channels_first"},
                input_shape="6,10,10,10")
    assert r.output_shape == (None, 6, 2, 2, 2)
    raises(lambda: compute("AdaptiveAveragePooling1D", {}, input_shape="10,3"), "output_size")
