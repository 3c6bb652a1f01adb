"""torch.nn's weight-free modules: pooling, padding, dropout, reshaping, distances. Each
counts 0 and keeps the checks its constructor makes (torch/nn/modules/dropout.py:
p in [0, 1]; pooling.py: LPPool's norm_type, FractionalMaxPool's output size or ratio;
flatten.py: Unflatten's tuple of ints)."""

from calc import compute
from calc.catalogue import TORCH_LAYERS
from tests.unit.check import raises


def test_weight_free_entries_say_why():
    for entry in TORCH_LAYERS:
        if entry.family in ("pooling", "padding", "dropout", "shape", "distance"):
            assert not entry.has_weights and entry.weight_free_reason, entry.name
            assert not entry.takes_factory_args, entry.name


def test_counts_are_zero():
    assert compute("nn.MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1}).total_params == 0
    assert compute("nn.AdaptiveAvgPool2d", {"output_size": "1"}).total_params == 0
    assert compute("nn.ZeroPad2d", {"padding": "1,1,2,0"}).total_params == 0
    assert compute("nn.Flatten", {}).total_params == 0


def test_dropout_probability():
    assert compute("nn.Dropout", {"p": 0.2}).total_params == 0
    raises(lambda: compute("nn.Dropout", {"p": 1.5}),
           "dropout probability has to be between 0 and 1, but got 1.5", "Received: p=1.5")
    raises(lambda: compute("nn.Dropout2d", {"p": "-0.1"}), "Received: p=-0.1")


def test_pooling_checks():
    raises(lambda: compute("nn.LPPool2d", {"norm_type": 0, "kernel_size": 2}),
           "norm_type must be a non-zero value")
    raises(lambda: compute("nn.FractionalMaxPool2d", {"kernel_size": 3}),
           "requires specifying either an output size, or a pooling ratio")
    raises(lambda: compute("nn.FractionalMaxPool2d", {"kernel_size": 3, "output_size": 5,
                                                      "output_ratio": 0.5}),
           "only one of output_size and output_ratio")
    raises(lambda: compute("nn.FractionalMaxPool3d", {"kernel_size": 3, "output_ratio": 1.5}),
           "output_ratio must be between 0 and 1")


def test_shape_checks():
    assert compute("nn.Unflatten", {"dim": 1, "unflattened_size": "2,-1"}).total_params == 0
    raises(lambda: compute("nn.Unflatten", {"dim": 1, "unflattened_size": "2,x"}),
           "unflattened_size must be an integer")
    raises(lambda: compute("nn.ZeroPad2d", {"padding": "1,2,3"}),
           "padding must be an integer or a tuple of 4 integers")
    raises(lambda: compute("nn.ChannelShuffle", {"groups": 0}), "groups must be a positive integer")
    raises(lambda: compute("nn.Upsample", {"mode": "cubic"}), "mode must be one of")
