"""torch.nn's activations: PReLU's slopes (weight (num_parameters,)), the others
weight-free with their constructors' checks. nn.PReLU() has one parameter (issue #15)."""

from calc import compute
from calc.catalogue import find
from tests.unit.check import raises, shapes


def test_prelu():
    assert shapes(compute("nn.PReLU", {})) == [("weight", (1,), True)]
    r = compute("nn.PReLU", {"num_parameters": 64, "init": 0.1})
    assert r.total_params == 64


def test_weight_free_activations():
    for name in ("nn.ReLU", "nn.GELU", "nn.Softmax", "nn.Hardtanh", "nn.Threshold"):
        assert not find(name).has_weights
    assert compute("nn.Softmax", {"dim": 1}).total_params == 0
    assert compute("nn.Threshold", {"threshold": 0.1, "value": 20}).total_params == 0


def test_constructor_checks():
    raises(lambda: compute("nn.Hardtanh", {"min_val": 1, "max_val": 0}),
           "max_val (0.0) must be greater than min_val (1.0)")
    raises(lambda: compute("nn.Hardtanh", {"max_value": -2}), "max_val (-2.0)", "max_value=-2.0")
    raises(lambda: compute("nn.GELU", {"approximate": "erf"}), "approximate must be one of")
    raises(lambda: compute("nn.Threshold", {"threshold": 0.1}), "requires the argument value")
    raises(lambda: compute("nn.ReLU", {"dtype": "float32"}), "nn.ReLU has no argument 'dtype'")
