"""Merging layers: no weights; output shapes and refusals as Keras computes them."""

from calc import compute
from tests.unit.check import raises


def out(layer, args, shape):
    r = compute(layer, args, input_shape=shape)
    assert r.total_params == 0
    return r.output_shape


def test_elementwise_broadcasting():
    assert out("Add", {}, "3,4;3,4") == (None, 3, 4)
    assert out("Add", {}, "3,4;4") == (None, 3, 4)  # missing leading axis
    assert out("Multiply", {}, "3,1;1,4") == (None, 3, 4)  # size 1 stretches
    assert out("Maximum", {}, "3,None;5") == (None, 3, None)  # unknown stays unknown
    assert out("Average", {}, "2;2;2;2") == (None, 2)  # up to four inputs
    raises(lambda: compute("Add", {}, input_shape="3,4;5"), "incompatible shapes")
    raises(lambda: compute("Subtract", {}, input_shape="3;3;3"), "input_shape")
    assert out("Subtract", {}, "5,1;5") == (None, 5, 5)


def test_concatenate():
    assert out("Concatenate", {}, "10,64;10,32") == (None, 10, 64 + 32)
    assert out("Concatenate", {"axis": 1}, "3,4;5,4") == (None, 3 + 5, 4)
    assert out("Concatenate", {}, "None,3;2,4") == (None, None, 3 + 4)  # first input's other axes
    assert out("Concatenate", {"axis": -2}, "2,None;2,3") == (None, 2 + 2, None)
    raises(lambda: compute("Concatenate", {"axis": 1}, input_shape="3,4;3,5"), "matching shapes")
    raises(lambda: compute("Concatenate", {"axis": 3}, input_shape="2,3;2,3"), "axis=3")


def test_dot():
    # Sum over the last axis of each: (10, 64)·(12, 64) -> (10, 12).
    assert out("Dot", {"axes": -1}, "10,64;12,64") == (None, 10, 12)
    assert out("Dot", {"axes": 1}, "4;4") == (None, 1)
    assert out("Dot", {"axes": "2,2"}, "3,4;5,4") == (None, 3, 5)
    raises(lambda: compute("Dot", {"axes": 1}, input_shape="None;4"), "Incompatible", "None")
    raises(lambda: compute("Dot", {"axes": 5}, input_shape="3,4;3,4"), "out of range")
    raises(lambda: compute("Dot", {"axes": [1, 2, 3]}, input_shape="3,4;3,4"), "axes")
    raises(lambda: compute("Dot", {}, input_shape="3;3"), "axes")
