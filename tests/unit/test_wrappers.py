"""Bidirectional, TimeDistributed, SpectralNormalization and the layer-argument parser."""

from calc import compute
from calc.args import Arg
from calc.layers.wrappers import layer_arg
from calc.text import layer_text
from tests.unit.check import raises, shapes

LSTM_64_ON_32 = 4 * (32 * 64 + 64 * 64 + 64)  # 24,832


# The layer text (its syntax is tested in test_text.py) ----------------------------

def test_layer_text_round_trip():
    text = layer_text("Conv2D", {"filters": 8, "kernel_size": (3, 3), "use_bias": False,
                                 "padding": "same", "data_format": None})
    assert text == "Conv2D(data_format=None, filters=8, kernel_size=(3, 3), padding='same', use_bias=False)"
    inner = layer_arg(text, Arg("layer", layer_arg))
    assert inner.entry.name == "Conv2D"
    assert inner.cfg["kernel_size"] == (3, 3) and inner.cfg["use_bias"] is False
    assert str(inner) == text


def test_layer_arg_reads_a_keras_config_dict():
    # As model.to_json() writes it: module, registered_name, a dtype policy dict and many
    # keys that never change the count.
    config = {"module": "keras.layers", "class_name": "LSTM", "registered_name": None,
              "config": {"name": "forward_lstm", "trainable": True, "units": 64,
                         "dtype": {"module": "keras", "class_name": "DTypePolicy",
                                   "config": {"name": "float32"}, "registered_name": None},
                         "kernel_initializer": {"class_name": "GlorotUniform", "config": {}},
                         "return_sequences": True, "zero_output_for_mask": True}}
    r = compute("Bidirectional", {"layer": config}, input_shape="None,32")
    assert r.total_params == 2 * LSTM_64_ON_32
    # Keras names the copies forward_<name> and backward_<name>; it drops a forward_ prefix
    # from the forward copy only, so the backward copy of "forward_lstm" is
    # "backward_forward_lstm" (a saved Bidirectional also stores its backward_layer).
    assert [w.scope for w in r.weights] == (["forward_lstm/lstm_cell"] * 3
                                            + ["backward_forward_lstm/lstm_cell"] * 3)
    assert r.output_shape == (None, None, 128)


def test_layer_arg_refusals_name_the_argument():
    raises(lambda: compute("TimeDistributed", {"layer": "Dense"}, input_shape="5,3"),
           "layer=", "requires the argument units")
    raises(lambda: compute("TimeDistributed", {"layer": "Dnse(units=3)"}, input_shape="5,3"),
           "Unknown layer class", "Dense")
    raises(lambda: compute("TimeDistributed", {"layer": "Dense(unit=3)"}, input_shape="5,3"),
           "Did you mean 'units'")
    raises(lambda: compute("TimeDistributed", {"layer": {"config": {}}}, input_shape="5,3"),
           "class_name")
    raises(lambda: compute("TimeDistributed", {"layer": 3}, input_shape="5,3"), "layer")
    deep = "TimeDistributed(layer=" * 30 + "Dense(units=2)" + ")" * 30
    raises(lambda: compute("TimeDistributed", {"layer": deep}, input_shape="5,3"), "deep")


# Bidirectional ---------------------------------------------------------------------

def test_bidirectional_lstm_doubles_the_weights():
    r = compute("Bidirectional", {"layer": "LSTM(units=64)"}, input_shape="None,32")
    assert r.total_params == 2 * LSTM_64_ON_32 == 49664
    assert [w.label for w in r.weights] == [
        "forward_lstm/lstm_cell/kernel", "forward_lstm/lstm_cell/recurrent_kernel",
        "forward_lstm/lstm_cell/bias", "backward_lstm/lstm_cell/kernel",
        "backward_lstm/lstm_cell/recurrent_kernel", "backward_lstm/lstm_cell/bias"]
    assert r.output_shape == (None, 128)  # concat doubles the last axis


def test_bidirectional_merge_modes_and_states():
    def out(merge, extra=""):
        return compute("Bidirectional", {"layer": "GRU(units=8%s)" % extra, "merge_mode": merge},
                       input_shape="5,3").output_shape
    assert out("sum") == out("mul") == out("ave") == (None, 8)
    assert out("concat") == (None, 16)
    assert out("None") == [(None, 8), (None, 8)]
    assert out("concat", ", return_sequences=true") == (None, 5, 16)
    # return_state: the merged output, then the forward states, then the backward ones.
    assert out("concat", ", return_state=true") == [(None, 16), (None, 8), (None, 8)]
    r = compute("Bidirectional", {"layer": "LSTM(units=4, return_state=true)", "merge_mode": "None"},
                input_shape="5,3")
    assert r.output_shape == [(None, 4)] * 6  # two outputs, h and c twice
    raises(lambda: out("max"), "merge_mode")


def test_bidirectional_with_its_own_backward_layer():
    r = compute("Bidirectional", {"layer": "LSTM(units=4, name=enc)",
                                  "backward_layer": "GRU(units=3, go_backwards=true)"},
                input_shape="5,3")
    assert shapes(r) == [
        ("forward_enc/lstm_cell/kernel", (3, 16), True),
        ("forward_enc/lstm_cell/recurrent_kernel", (4, 16), True),
        ("forward_enc/lstm_cell/bias", (16,), True),
        ("gru/gru_cell/kernel", (3, 9), True),
        ("gru/gru_cell/recurrent_kernel", (3, 9), True),
        ("gru/gru_cell/bias", (2, 9), True)]
    assert r.total_params == 4 * (3 * 4 + 4 * 4 + 4) + 3 * (3 * 3 + 3 * 3) + 2 * 3 * 3 == 200
    assert r.output_shape == (None, 8)  # Keras computes it from the forward layer alone


def test_bidirectional_conv_lstm():
    r = compute("Bidirectional", {"layer": "ConvLSTM2D(filters=4, kernel_size=3, return_sequences=true)"},
                input_shape="5,8,8,3")
    assert r.total_params == 2 * (3 * 3 * 3 * 16 + 3 * 3 * 4 * 16 + 16) == 2048
    assert r.output_shape == (None, 5, 6, 6, 8)


def test_bidirectional_refusals():
    raises(lambda: compute("Bidirectional", {"layer": "Dense(units=4)"}, input_shape="5,3"),
           "recurrent layer", "Dense")
    raises(lambda: compute("Bidirectional", {"layer": "LSTM(units=4, go_backwards=true)"},
                           input_shape="5,3"), "go_backwards")
    raises(lambda: compute("Bidirectional", {"layer": "LSTM(units=4)", "backward_layer": "LSTM(units=4)"},
                           input_shape="5,3"), "go_backwards")
    raises(lambda: compute("Bidirectional", {"layer": "LSTM(units=4, return_sequences=true)",
                                             "backward_layer": "LSTM(units=4, go_backwards=true)"},
                           input_shape="5,3"), "return_sequences")
    raises(lambda: compute("Bidirectional", {"layer": "LSTM(units=4)"}, input_shape="5,3,3"),
           "LSTM inside Bidirectional", "2 dimensions")
    raises(lambda: compute("Bidirectional", {}, input_shape="5,3"), "requires the argument layer")


def test_frozen_wrappers_leave_the_inner_weights_trainable():
    # Keras 3.15: trainable=False on a wrapper does not reach the wrapped layer's variables.
    r = compute("Bidirectional", {"layer": "GRU(units=2)", "trainable": "false"}, input_shape="5,1")
    assert r.non_trainable_params == 0
    assert r.trainable_params == 2 * (3 * (1 * 2 + 2 * 2) + 2 * 3 * 2) == 60
    # ... while trainable=False on the wrapped layer itself does.
    r = compute("Bidirectional", {"layer": "GRU(units=2, trainable=false)"}, input_shape="5,1")
    assert (r.trainable_params, r.non_trainable_params) == (0, 60)


# TimeDistributed -------------------------------------------------------------------

def test_time_distributed_dense():
    r = compute("TimeDistributed", {"layer": "Dense(units=64)"}, input_shape="10,128")
    assert r.total_params == 128 * 64 + 64 == 8256
    assert shapes(r) == [("dense/kernel", (128, 64), True), ("dense/bias", (64,), True)]
    assert r.output_shape == (None, 10, 64)
    assert r.formula == "C_in·units + units"  # the inner layer's formula


def test_time_distributed_conv2d_inserts_the_time_axis():
    r = compute("TimeDistributed", {"layer": "Conv2D(filters=4, kernel_size=(3,3))"},
                input_shape="None,8,8,3")
    assert r.total_params == 3 * 3 * 3 * 4 + 4 == 112
    assert r.output_shape == (None, None, 6, 6, 4)


def test_time_distributed_refusals():
    raises(lambda: compute("TimeDistributed", {"layer": "Dense(units=4)"}, input_shape="3"),
           "input_shape")
    raises(lambda: compute("TimeDistributed", {"layer": "LSTM(units=4, return_state=true)"},
                           input_shape="5,3,3"), "one output")
    raises(lambda: compute("TimeDistributed", {"layer": "Conv2D(filters=4, kernel_size=3)"},
                           input_shape="5,8,3"), "Conv2D inside TimeDistributed")
    raises(lambda: compute("TimeDistributed", {"layer": "Dense(units=4)"}, input_shape="5,None"),
           "None")


# SpectralNormalization ---------------------------------------------------------------

def test_spectral_normalization_adds_vector_u_after_the_kernel():
    r = compute("SpectralNormalization", {"layer": "Dense(units=64)"}, input_shape="128")
    assert shapes(r) == [("dense/kernel", (128, 64), True), ("vector_u", (1, 64), False),
                         ("dense/bias", (64,), True)]
    assert r.trainable_params == 128 * 64 + 64
    assert r.non_trainable_params == 64
    r = compute("SpectralNormalization", {"layer": "Embedding(input_dim=10, output_dim=4)"},
                input_shape="3")
    assert shapes(r) == [("embedding/embeddings", (10, 4), True), ("vector_u", (1, 4), False)]
    assert r.output_shape == (None, 3, 4)


def test_spectral_normalization_with_lora_lists_vector_u_first():
    r = compute("SpectralNormalization", {"layer": "Dense(units=4, lora_rank=2)"}, input_shape="3")
    assert shapes(r) == [("vector_u", (1, 4), False), ("dense/kernel", (3, 4), False),
                         ("dense/bias", (4,), True), ("dense/lora_kernel_a", (3, 2), True),
                         ("dense/lora_kernel_b", (2, 4), True)]


def test_spectral_normalization_refusals():
    raises(lambda: compute("SpectralNormalization", {"layer": "LSTM(units=4)"}, input_shape="5,3"),
           "no attribute 'kernel' nor 'embeddings'")
    raises(lambda: compute("SpectralNormalization", {"layer": "Dense(units=4)", "power_iterations": 0},
                           input_shape="3"), "power_iterations")
