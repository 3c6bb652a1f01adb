"""Attention layers, checked against hand derivations."""

from calc import compute
from calc.catalogue import find
from tests.unit.check import raises, shapes


def test_mha_transformer_example():
    # query, key, value: kernel (512, 8, 64) + bias (8, 64) each;
    # attention_output: kernel (8, 64, 512) + bias (512,)
    r = compute("MultiHeadAttention", {"num_heads": 8, "key_dim": 64},
                input_shape="10,512;10,512")
    assert r.total_params == 3 * (512 * 8 * 64 + 8 * 64) + 8 * 64 * 512 + 512 == 1050624
    assert shapes(r) == [
        ("query/kernel", (512, 8, 64), True), ("query/bias", (8, 64), True),
        ("key/kernel", (512, 8, 64), True), ("key/bias", (8, 64), True),
        ("value/kernel", (512, 8, 64), True), ("value/bias", (8, 64), True),
        ("attention_output/kernel", (8, 64, 512), True), ("attention_output/bias", (512,), True),
    ]
    assert r.output_shape == (None, 10, 512)
    # value_dim defaults to key_dim, and a missing key is the value
    assert "value_dim" not in r.formula and "C_key" not in r.formula
    assert r.steps[-1] == "= 1,050,624"


def test_mha_query_key_value_of_different_sizes():
    r = compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 2, "value_dim": 3},
                input_shape="4,6;5,7;5,8")
    assert shapes(r) == [
        ("query/kernel", (6, 2, 2), True), ("query/bias", (2, 2), True),
        ("key/kernel", (8, 2, 2), True), ("key/bias", (2, 2), True),
        ("value/kernel", (7, 2, 3), True), ("value/bias", (2, 3), True),
        ("attention_output/kernel", (2, 3, 6), True), ("attention_output/bias", (6,), True),
    ]
    assert r.total_params == (6 * 2 * 2 + 2 * 2) + (8 * 2 * 2 + 2 * 2) + (7 * 2 * 3 + 2 * 3) + (2 * 3 * 6 + 6)
    assert r.output_shape == (None, 4, 6)


def test_mha_output_shape_and_rank_4_inputs():
    # the projections only ever use the last axis; output_shape replaces the query's
    r = compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "output_shape": "3,2"},
                input_shape="10,9,6;7,8,5")
    assert shapes(r)[-2:] == [("attention_output/kernel", (2, 4, 3, 2), True),
                              ("attention_output/bias", (3, 2), True)]
    assert r.total_params == (6 * 2 * 4 + 2 * 4) + 2 * (5 * 2 * 4 + 2 * 4) + (2 * 4 * 3 * 2 + 3 * 2)
    assert r.output_shape == (None, 10, 9, 3, 2)
    r = compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "output_shape": "7"},
                input_shape="6;5")  # no sequence axis at all
    assert r.output_shape == (None, 7)


def test_mha_gate_and_no_bias():
    r = compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "value_dim": 3,
                                       "use_gate": "true", "use_bias": "false"},
                input_shape="10,6;7,5")
    assert shapes(r) == [("query/kernel", (6, 2, 4), True), ("key/kernel", (5, 2, 4), True),
                         ("gate/kernel", (6, 2, 3), True), ("value/kernel", (5, 2, 3), True),
                         ("attention_output/kernel", (2, 3, 6), True)]
    assert r.total_params == 6 * 2 * 4 + 5 * 2 * 4 + 6 * 2 * 3 + 5 * 2 * 3 + 2 * 3 * 6


def test_mha_constructor_trainable_false_does_not_reach_projections():
    # Keras 3.15: MultiHeadAttention(trainable=False) creates its query/key/value/output
    # sub-layers in build(), after the flag was set, so their variables stay trainable and
    # model.summary() counts all 1,050,624 as trainable (see test_mha_transformer_example for the sum).
    r = compute("MultiHeadAttention", {"num_heads": 8, "key_dim": 64, "trainable": "false"},
                input_shape="10,512;10,512")
    assert (r.trainable_params, r.non_trainable_params) == (1050624, 0)


def test_mha_refusals():
    raises(lambda: compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 4},
                           input_shape="10,6;7,5;8,5"), "`value` and `key`")
    raises(lambda: compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 4},
                           input_shape="10,None;7,5"), "input_shape (query)", "None")
    raises(lambda: compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 4,
                                                  "output_shape": "3,None"},
                           input_shape="10,6;7,5"), "output_shape")
    # the projected value (batch, 7, 8, heads, key_dim) has rank 5: axis 5 is out of range
    raises(lambda: compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 4,
                                                  "attention_axes": "5"},
                           input_shape="10,9,6;7,8,5"), "attention_axes", "5")
    r = compute("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "attention_axes": "4"},
                input_shape="10,9,6;7,8,5")
    assert r.total_params == (6 * 2 * 4 + 2 * 4) + 2 * (5 * 2 * 4 + 2 * 4) + 2 * 4 * 6 + 6
    raises(lambda: compute("MultiHeadAttention", {"num_heads": 0, "key_dim": 4},
                           input_shape="10,6;7,5"), "num_heads")


def test_gqa_shares_key_value_heads():
    r = compute("GroupQueryAttention", {"head_dim": 64, "num_query_heads": 8,
                                        "num_key_value_heads": 2}, input_shape="10,512;10,512")
    assert shapes(r) == [
        ("query/kernel", (512, 8, 64), True), ("query/bias", (8, 64), True),
        ("key/kernel", (512, 2, 64), True), ("key/bias", (2, 64), True),
        ("value/kernel", (512, 2, 64), True), ("value/bias", (2, 64), True),
        ("attention_output/kernel", (8, 64, 512), True), ("attention_output/bias", (512,), True),
    ]
    assert r.total_params == (512 * 8 * 64 + 8 * 64) + 2 * (512 * 2 * 64 + 2 * 64) + 8 * 64 * 512 + 512
    assert r.output_shape == (None, 10, 512)
    assert find("GroupedQueryAttention") is find("GroupQueryAttention")


def test_gqa_gate():
    r = compute("GroupQueryAttention", {"head_dim": 4, "num_query_heads": 4,
                                        "num_key_value_heads": 2, "use_gate": "true"},
                input_shape="10,6;7,6")
    assert [w[0] for w in shapes(r)] == [
        "query/kernel", "query/bias", "key/kernel", "key/bias", "gate/kernel", "gate/bias",
        "value/kernel", "value/bias", "attention_output/kernel", "attention_output/bias"]
    assert r.total_params == 2 * (6 * 4 * 4 + 4 * 4) + 2 * (6 * 2 * 4 + 2 * 4) + 4 * 4 * 6 + 6


def test_gqa_refusals():
    raises(lambda: compute("GroupQueryAttention", {"head_dim": 4, "num_query_heads": 6,
                                                   "num_key_value_heads": 4},
                           input_shape="10,6;7,6"), "divisible", "num_key_value_heads=4")
    raises(lambda: compute("GroupQueryAttention", {"head_dim": 4, "num_query_heads": 4,
                                                   "num_key_value_heads": 2},
                           input_shape="10,6;7,5"), "last dimension", "6, 5")
    raises(lambda: compute("GroupQueryAttention", {"head_dim": 4, "num_query_heads": 4,
                                                   "num_key_value_heads": 2},
                           input_shape="6;6"), "does not fit")


def test_dot_attention_scalars():
    none = compute("Attention", {}, input_shape="10,6;12,5")
    assert none.weights == [] and none.total_params == 0
    assert none.output_shape == (None, 10, 5)
    r = compute("Attention", {"use_scale": "true", "score_mode": "concat"},
                input_shape="10,6;12,5;12,4")
    assert shapes(r) == [("scale", (), True), ("concat_score_weight", (), True)]
    assert r.total_params == 1 + 1
    raises(lambda: compute("Attention", {"score_mode": "add"}), "score_mode")


def test_additive_attention_scale_per_query_feature():
    r = compute("AdditiveAttention", {}, input_shape="10,6;12,5")
    assert shapes(r) == [("scale", (6,), True)]
    assert r.output_shape == (None, 10, 5)
    off = compute("AdditiveAttention", {"use_scale": "false"}, input_shape="10,None;12,5")
    assert off.total_params == 0
    raises(lambda: compute("AdditiveAttention", {}, input_shape="10,None;12,5"),
           "input_shape (query)", "None")
