"""torch.nn's losses and AdaptiveLogSoftmaxWithLoss against hand derivations from PyTorch
2.14's source (torch/nn/modules/loss.py: _WeightedLoss registers `weight` with register_buffer;
LinearCrossEntropyLoss makes Linear(in_features, num_classes·prod(out_features), bias);
adaptive.py: head Linear(in_features, cutoffs[0] + clusters, head_bias), per cluster i
Linear(in_features, in_features // div_value**(i+1)) then Linear(that, its classes), no bias),
and the example of Grave et al.'s adaptive softmax with cutoffs [100, 500] of 1,000 classes."""

from calc import compute
from calc.catalogue import find
from tests.unit.check import raises


def test_a_loss_weight_is_a_buffer_not_a_parameter():
    r = compute("nn.CrossEntropyLoss", {"weight": "0.2,0.3,0.5"})
    assert r.total_params == 0 and r.buffer_count == 3
    assert [(b.label, b.shape_values()) for b in r.buffers] == [("weight", (3,))]
    assert compute("nn.CrossEntropyLoss", {"weight": 10}).buffer_count == 10
    assert compute("nn.CrossEntropyLoss", {}).buffers == []
    both = compute("nn.BCEWithLogitsLoss", {"weight": [1.0, 2.0], "pos_weight": "5"})
    assert [(b.label, b.count) for b in both.buffers] == [("weight", 2), ("pos_weight", 5)]


def test_losses_have_no_parameters():
    for name in ("nn.L1Loss", "nn.MSELoss", "nn.CTCLoss", "nn.TripletMarginWithDistanceLoss", "nn.HuberLoss"):
        assert not find(name).has_weights
        assert compute(name, {}).total_params == 0


def test_linear_cross_entropy_is_a_linear_head():
    r = compute("nn.LinearCrossEntropyLoss", {"in_features": 512, "num_classes": 1000})
    assert r.total_params == 512 * 1000
    assert [(w.label, w.shape_values()) for w in r.weights] == [("linear.weight", (1000, 512))]
    r = compute("nn.LinearCrossEntropyLoss", {"in_features": 8, "num_classes": 10, "out_features": "2,3",
                                              "bias": True, "weight": 10})
    assert r.total_params == 10 * 2 * 3 * 8 + 10 * 2 * 3 and r.buffer_count == 10


def test_adaptive_softmax_1000_classes():
    r = compute("nn.AdaptiveLogSoftmaxWithLoss", {"in_features": 64, "n_classes": 1000, "cutoffs": "100,500"})
    head = 64 * (100 + 2)
    cluster0 = 64 * (64 // 4) + (64 // 4) * (500 - 100)
    cluster1 = 64 * (64 // 16) + (64 // 16) * (1000 - 500)
    assert r.total_params == head + cluster0 + cluster1 == 16208
    assert [w.label for w in r.weights] == ["head.weight", "tail.0.0.weight", "tail.0.1.weight",
                                            "tail.1.0.weight", "tail.1.1.weight"]


def test_refusals_quote_the_value():
    raises(lambda: compute("nn.NLLLoss", {"reduction": "avg"}), "reduction must be one of", "reduction=avg")
    raises(lambda: compute("nn.NLLLoss", {"weight": "0.5"}), "weight must be the tensor's length", "weight=0.5")
    raises(lambda: compute("nn.MultiMarginLoss", {"p": 3}), "only p == 1 and p == 2 supported", "p=3")
    raises(lambda: compute("nn.TripletMarginLoss", {"margin": 0}), "expected margin to be greater than 0",
           "margin=0")
    raises(lambda: compute("nn.LinearCrossEntropyLoss", {"in_features": 4, "num_classes": 10, "weight": 5}),
           "expected weight shape to be (10,), got (5,)")
    raises(lambda: compute("nn.AdaptiveLogSoftmaxWithLoss", {"in_features": 8, "n_classes": 10, "cutoffs": "5,3"}),
           "cutoffs should be a sequence of unique, positive integers", "cutoffs=(5, 3), n_classes=10")
    raises(lambda: compute("nn.AdaptiveLogSoftmaxWithLoss", {"in_features": 8, "n_classes": 10, "cutoffs": "10"}),
           "between 1 and n_classes-1")



def test_linear_cross_entropy_options_are_checked_not_counted():
    base = {"in_features": 4, "num_classes": 3}
    plain = compute("nn.LinearCrossEntropyLoss", base).total_params
    with_options = dict(base, options='{"batch_chunk_size": 64, "acc_policy": "compact"}')
    assert compute("nn.LinearCrossEntropyLoss", with_options).total_params == plain == 12
    raises(lambda: compute("nn.LinearCrossEntropyLoss", dict(base, options='{"chunk": 1}')),
           "LinearCrossEntropyOptions has no field 'chunk'")
