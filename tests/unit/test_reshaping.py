"""Reshaping layers and the weight-free core layers: shapes derived by hand."""

from calc import compute
from tests.unit.check import raises


def test_cropping_and_padding_shapes():
    r = compute("Cropping1D", {"cropping": "(2, 3)"}, input_shape="10,4")
    assert r.total_params == 0 and r.weights == []
    assert r.output_shape == (None, 10 - 2 - 3, 4)
    r = compute("Cropping2D", {"cropping": "((1, 2), (3, 4))"}, input_shape="28,28,3")
    assert r.output_shape == (None, 28 - 1 - 2, 28 - 3 - 4, 3)
    r = compute("Cropping2D", {"cropping": "2", "data_format": "channels_first"},
                input_shape="3,28,None")
    assert r.output_shape == (None, 3, 28 - 2 - 2, None)
    r = compute("Cropping3D", {}, input_shape="8,8,8,2")  # default crops 1 on each side
    assert r.output_shape == (None, 8 - 2, 8 - 2, 8 - 2, 2)
    r = compute("ZeroPadding2D", {"padding": "(1, 2)"}, input_shape="5,6,3")
    assert r.output_shape == (None, 5 + 1 + 1, 6 + 2 + 2, 3)
    r = compute("ZeroPadding1D", {"padding": [[0, 3]]}, input_shape="7,2")
    assert r.output_shape == (None, 7 + 0 + 3, 2)
    r = compute("ZeroPadding3D", {"padding": "((1,1),(0,2),(3,0))"}, input_shape="4,4,4,1")
    assert r.output_shape == (None, 4 + 2, 4 + 2, 4 + 3, 1)


def test_cropping_refusals():
    # Keras refuses cropping a whole axis away.
    raises(lambda: compute("Cropping1D", {"cropping": "(5, 5)"}, input_shape="10,4"),
           "cropping", "smaller")
    raises(lambda: compute("Cropping2D", {"cropping": "((1, 2), (3, 4), (5, 6))"},
                           input_shape="28,28,3"), "cropping")
    raises(lambda: compute("Cropping2D", {"cropping": "-1"}, input_shape="28,28,3"),
           "negative")
    raises(lambda: compute("Cropping2D", {}, input_shape="28,28"), "input_shape")


def test_upsampling():
    assert compute("UpSampling1D", {"size": 3}, input_shape="10,4").output_shape == (None, 30, 4)
    r = compute("UpSampling2D", {"size": "(2, 3)"}, input_shape="14,None,3")
    assert r.output_shape == (None, 14 * 2, None, 3)
    r = compute("UpSampling3D", {"data_format": "channels_first"}, input_shape="2,4,4,4")
    assert r.output_shape == (None, 2, 8, 8, 8)
    raises(lambda: compute("UpSampling1D", {"size": "(2, 2)"}, input_shape="10,4"), "size")


def test_flatten_permute_repeat():
    assert compute("Flatten", {}, input_shape="7,7,64").output_shape == (None, 7 * 7 * 64)
    assert compute("Flatten", {}, input_shape="7,None").output_shape == (None, None)
    assert compute("Permute", {"dims": "(2, 1)"}, input_shape="10,64").output_shape == (None, 64, 10)
    assert compute("Permute", {"dims": "3,1,2"}, input_shape="4,5,6").output_shape == (None, 6, 4, 5)
    raises(lambda: compute("Permute", {"dims": "(0, 1)"}, input_shape="10,64"), "dims")
    raises(lambda: compute("Permute", {"dims": "(2, 1)"}, input_shape="10,64,3"), "input_shape")
    assert compute("RepeatVector", {"n": 3}, input_shape="32").output_shape == (None, 3, 32)


def test_reshape():
    # 8·3 = 24 values; (4, -1) leaves 24/4 = 6.
    assert compute("Reshape", {"target_shape": "(4, -1)"}, input_shape="8,3").output_shape == (None, 4, 6)
    assert compute("Reshape", {"target_shape": "(2, 12)"}, input_shape="8,3").output_shape == (None, 2, 12)
    # An unknown input axis makes -1 unknown and skips the size check, as in Keras.
    assert compute("Reshape", {"target_shape": "(5, -1)"}, input_shape="None,3").output_shape == (None, 5, None)
    raises(lambda: compute("Reshape", {"target_shape": "(5, 5)"}, input_shape="8,3"), "unchanged")
    raises(lambda: compute("Reshape", {"target_shape": "(5, -1)"}, input_shape="8,3"), "divided")
    raises(lambda: compute("Reshape", {"target_shape": "(-1, -1)"}, input_shape="8,3"), "at most one")
    raises(lambda: compute("Reshape", {"target_shape": "(-2, 12)"}, input_shape="8,3"), "target_shape")


def test_core_weight_free():
    r = compute("Identity", {}, input_shape="10,16")
    assert r.total_params == 0 and r.output_shape == (None, 10, 16)
    r = compute("Masking", {"mask_value": "-1"}, input_shape="10,16")
    assert r.total_params == 0 and r.output_shape == (None, 10, 16)
    r = compute("InputLayer", {"shape": "(28, 28, 1)"})
    assert r.total_params == 0 and r.output_shape == (None, 28, 28, 1)
    assert compute("InputLayer", {"shape": "(5,)", "batch_size": 4}).output_shape == (4, 5)
    assert compute("InputLayer", {"batch_shape": "(8, None, 3)"}).output_shape == (8, None, 3)
    raises(lambda: compute("InputLayer", {}), "shape")
    raises(lambda: compute("InputLayer", {"shape": "5", "batch_shape": "(None, 5)"}), "both")
