"""SimpleRNN, LSTM, GRU and ConvLSTM, checked against hand derivations.

A recurrent layer with G gates has kernel (C_in, G·units), recurrent_kernel
(units, G·units) and bias (G·units): G = 1 (SimpleRNN), 3 (GRU), 4 (LSTM).
"""

from calc import compute
from tests.unit.check import raises, shapes


def test_lstm_64_on_32_features():
    r = compute("LSTM", {"units": 64}, input_shape="None,32")
    assert r.total_params == 4 * (32 * 64 + 64 * 64 + 64) == 24832
    assert shapes(r) == [("lstm_cell/kernel", (32, 256), True),
                         ("lstm_cell/recurrent_kernel", (64, 256), True),
                         ("lstm_cell/bias", (256,), True)]
    assert r.output_shape == (None, 64)
    assert r.steps[-1] == "= 24,832"


def test_sequence_length_and_recurrent_options_do_not_count():
    base = compute("LSTM", {"units": 64}, input_shape="None,32").total_params
    for args in ({"go_backwards": "true"}, {"unroll": "true"}, {"unit_forget_bias": "false"},
                 {"dropout": "0.5", "recurrent_dropout": "0.2"}, {"return_sequences": "true"}):
        args["units"] = 64
        assert compute("LSTM", args, input_shape="500,32").total_params == base


def test_gru_reset_after_doubles_the_bias():
    r = compute("GRU", {"units": 64}, input_shape="None,32")
    assert r.total_params == 3 * (32 * 64 + 64 * 64) + 2 * 3 * 64 == 18816
    assert shapes(r)[2] == ("gru_cell/bias", (2, 192), True)
    old = compute("GRU", {"units": 64, "reset_after": "false"}, input_shape="None,32")
    assert old.total_params == 3 * (32 * 64 + 64 * 64 + 64) == 18624
    assert shapes(old)[2] == ("gru_cell/bias", (192,), True)


def test_simple_rnn_and_no_bias():
    r = compute("SimpleRNN", {"units": 8}, input_shape="None,5")
    assert r.total_params == 5 * 8 + 8 * 8 + 8 == 112
    assert [w.label for w in r.weights] == ["simple_rnn_cell/kernel",
                                            "simple_rnn_cell/recurrent_kernel",
                                            "simple_rnn_cell/bias"]
    r = compute("LSTM", {"units": 8, "use_bias": "false"}, input_shape="None,5")
    assert r.total_params == 4 * (5 * 8 + 8 * 8) == 416
    r = compute("GRU", {"units": 8, "use_bias": "false"}, input_shape="None,5")
    assert r.total_params == 3 * (5 * 8 + 8 * 8) == 312


def test_output_shapes_with_sequences_and_states():
    r = compute("LSTM", {"units": 16, "return_sequences": "true"}, input_shape="7,3")
    assert r.output_shape == (None, 7, 16)
    r = compute("LSTM", {"units": 16, "return_state": "true"}, input_shape="7,3")
    assert r.output_shape == [(None, 16), (None, 16), (None, 16)]  # output, h, c
    r = compute("GRU", {"units": 16, "return_state": "true", "return_sequences": "true"},
                input_shape="None,3")
    assert r.output_shape == [(None, None, 16), (None, 16)]  # output, h
    r = compute("SimpleRNN", {"units": 2, "return_state": "true"}, input_shape="4,3")
    assert r.output_shape == [(None, 2), (None, 2)]


def test_frozen_rnn_moves_everything_to_non_trainable():
    r = compute("GRU", {"units": 4, "trainable": "false"}, input_shape="None,3")
    assert r.trainable_params == 0
    assert r.non_trainable_params == 3 * (3 * 4 + 4 * 4) + 2 * 3 * 4 == 108


def test_rnn_refusals():
    raises(lambda: compute("LSTM", {"units": 4}, input_shape="None,None"), "input_shape", "None")
    raises(lambda: compute("LSTM", {"units": 4}, input_shape="5,3,3"), "input_shape", "2")
    raises(lambda: compute("LSTM", {"units": 0}, input_shape="5,3"), "units", "units=0")
    raises(lambda: compute("LSTM", {"units": 4, "stateful": "true"}, input_shape="5,3"),
           "stateful=True", "batch size")
    raises(lambda: compute("SimpleRNN", {"units": 4, "recurrent_activation": "sigmoid"},
                           input_shape="5,3"), "recurrent_activation")
    raises(lambda: compute("LSTM", {"units": 4, "reset_after": "true"}, input_shape="5,3"),
           "reset_after")


def test_stateful_with_a_known_batch_counts_the_same():
    # The model reader may pass a batch size; with one, stateful is fine.
    from calc.catalogue import compute_entry, find, read_config
    entry = find("LSTM")
    cfg = read_config(entry, None, {"units": 4, "stateful": "true"})
    r = compute_entry(entry, cfg, [(2, 5, 3)])
    assert r.total_params == 4 * (3 * 4 + 4 * 4 + 4) == 128
    assert r.output_shape == (2, 4)


def test_conv_lstm2d_counts_like_four_convolutions():
    r = compute("ConvLSTM2D", {"filters": 16, "kernel_size": "3,3"}, input_shape="None,32,32,3")
    # kernel 3·3·C_in·4·filters, recurrent_kernel 3·3·filters·4·filters, bias 4·filters
    assert r.total_params == 3 * 3 * 3 * 64 + 3 * 3 * 16 * 64 + 64 == 11008
    assert shapes(r) == [("conv_lstm_cell/kernel", (3, 3, 3, 64), True),
                         ("conv_lstm_cell/recurrent_kernel", (3, 3, 16, 64), True),
                         ("conv_lstm_cell/bias", (64,), True)]
    assert r.output_shape == (None, 30, 30, 16)  # valid: 32 - 3 + 1


def test_conv_lstm_output_shapes():
    r = compute("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "padding": "same", "strides": 2,
                               "return_sequences": "true"}, input_shape="5,9,8,3")
    assert r.output_shape == (None, 5, 5, 4, 4)  # ceil(9/2), ceil(8/2)
    r = compute("ConvLSTM1D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first",
                               "dilation_rate": 2, "return_state": "true"}, input_shape="None,3,10")
    # channels first: (time, channels, length); valid with dilation 2: 10 - 2·(3-1) = 6
    assert r.output_shape == [(None, 4, 6), (None, 4, 6), (None, 4, 6)]
    assert r.total_params == 3 * 3 * 16 + 3 * 4 * 16 + 16 == 352
    r = compute("ConvLSTM3D", {"filters": 2, "kernel_size": "1,2,3", "use_bias": "false"},
                input_shape="4,5,6,7,3")
    assert r.total_params == 1 * 2 * 3 * 3 * 8 + 1 * 2 * 3 * 2 * 8 == 240
    assert r.output_shape == (None, 5, 5, 5, 2)


def test_conv_lstm_stays_trainable_when_frozen():
    # Keras 3.15 does not pass trainable=False to the ConvLSTM cell: its variables stay
    # trainable, and model.summary() counts them as trainable.
    r = compute("ConvLSTM1D", {"filters": 2, "kernel_size": 1, "trainable": "false"},
                input_shape="3,4,1")
    assert r.trainable_params == 1 * 1 * 8 + 1 * 2 * 8 + 8 == 32
    assert r.non_trainable_params == 0


def test_conv_lstm_refusals():
    raises(lambda: compute("ConvLSTM2D", {"filters": 4, "kernel_size": 3},
                           input_shape="5,None,8,3"), "static input shapes")
    raises(lambda: compute("ConvLSTM2D", {"filters": 4, "kernel_size": 3},
                           input_shape="5,8,8,None"), "channel")
    raises(lambda: compute("ConvLSTM2D", {"filters": 4, "kernel_size": 9},
                           input_shape="5,8,8,3"), "zero or negative")
    raises(lambda: compute("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "strides": 2,
                                          "dilation_rate": 2}, input_shape="5,8,8,3"),
           "strides > 1", "dilation_rate > 1")
    raises(lambda: compute("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "padding": "causal"},
                           input_shape="5,8,8,3"), "padding", "causal")
    raises(lambda: compute("ConvLSTM2D", {"filters": 4, "kernel_size": "3,3,3"},
                           input_shape="5,8,8,3"), "kernel_size")
    raises(lambda: compute("ConvLSTM2D", {"filters": 4, "kernel_size": 3},
                           input_shape="8,8,3"), "input_shape")
