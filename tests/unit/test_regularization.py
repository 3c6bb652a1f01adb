"""Regularization layers: weight-free, the output is the input."""

from calc import compute
from tests.unit.check import raises


def test_weight_free_and_shape_preserving():
    for layer, args, shape in (("Dropout", {"rate": 0.5}, "10,64"),
                               ("Dropout", {"rate": 1, "noise_shape": "None,1,64"}, "10,64"),
                               ("SpatialDropout1D", {"rate": 0.2}, "10,64"),
                               ("SpatialDropout2D", {"rate": 0.2, "data_format": "channels_first"}, "3,8,8"),
                               ("SpatialDropout3D", {"rate": 0.2}, "4,8,8,3"),
                               ("GaussianDropout", {"rate": 0.3}, "5"),
                               ("GaussianNoise", {"stddev": 0.1, "seed": -3}, "5"),
                               ("AlphaDropout", {"rate": 0.1}, "5"),
                               ("ActivityRegularization", {"l1": 0.01}, "None,5")):
        r = compute(layer, args, input_shape=shape)
        assert r.total_params == 0, layer
        assert r.output_shape == (None,) + tuple(None if d == "None" else int(d) for d in shape.split(","))


def test_refusals():
    raises(lambda: compute("Dropout", {"rate": 1.5}, input_shape="3"), "rate", "1.5")
    raises(lambda: compute("Dropout", {}, input_shape="3"), "rate")
    raises(lambda: compute("Dropout", {"rate": 0.5, "noise_shape": "0"}, input_shape="3"), "noise_shape")
    raises(lambda: compute("GaussianNoise", {"stddev": 2}, input_shape="3"), "stddev")
    raises(lambda: compute("SpatialDropout1D", {"rate": 0.5}, input_shape="3,4,5"), "input_shape")
    raises(lambda: compute("SpatialDropout2D", {"rate": 0.5, "data_format": "nhwc"}, input_shape="3,4,5"),
           "data_format")
    raises(lambda: compute("ActivityRegularization", {"l2": -1}, input_shape="3"), "l2")
