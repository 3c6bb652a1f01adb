"""torch.nn's LayerNorm, GroupNorm and RMSNorm against hand derivations: LayerNorm's
weight and bias take the shape normalized_shape, RMSNorm has only the weight, GroupNorm one
weight and bias per channel. Configurations from the PyTorch docs' examples
(torch/nn/modules/normalization.py: LayerNorm([C, H, W]) with N, C, H, W = 20, 5, 10, 10;
GroupNorm(3, 6); RMSNorm([2, 3])) and GPT-2's ln_1 (LayerNorm(768))."""

from calc import compute
from tests.unit.check import raises, shapes


def test_layer_norm_over_image_axes():
    r = compute("nn.LayerNorm", {"normalized_shape": (5, 10, 10)})
    assert shapes(r) == [("weight", (5, 10, 10), True), ("bias", (5, 10, 10), True)]
    assert r.total_params == 2 * 5 * 10 * 10 == 1000
    assert r.buffers == []


def test_layer_norm_int_and_options():
    assert compute("nn.LayerNorm", {"normalized_shape": 768}).total_params == 2 * 768
    assert compute("nn.LayerNorm", {"normalized_shape": 768, "bias": False}).total_params == 768
    assert compute("nn.LayerNorm", {"normalized_shape": "768", "elementwise_affine": False}).total_params == 0
    raises(lambda: compute("nn.LayerNorm", {"normalized_shape": "0"}), "normalized_shape",
           "Received: normalized_shape=0")


def test_group_norm():
    r = compute("nn.GroupNorm", {"num_groups": 3, "num_channels": 6})
    assert shapes(r) == [("weight", (6,), True), ("bias", (6,), True)]
    assert compute("nn.GroupNorm", {"num_groups": 3, "num_channels": 6, "affine": False}).total_params == 0
    raises(lambda: compute("nn.GroupNorm", {"num_groups": 4, "num_channels": 6}),
           "num_channels (6) must be divisible by num_groups (4)")


def test_rms_norm_has_no_bias():
    r = compute("nn.RMSNorm", {"normalized_shape": (2, 3)})
    assert shapes(r) == [("weight", (2, 3), True)]
    assert r.total_params == 6


def test_local_response_norms_learn_nothing():
    assert compute("nn.LocalResponseNorm", {"size": 2}).total_params == 0
    assert compute("nn.CrossMapLRN2d", {"size": 5}).total_params == 0
