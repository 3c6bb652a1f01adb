"""torch.nn's recurrent modules against hand derivations from PyTorch 2.14's documentation
of nn.LSTM / nn.GRU / nn.RNN (torch/nn/modules/rnn.py, "Attributes"): weight_ih_l[k] is
(G·hidden_size, input_size) for k = 0 and (G·hidden_size, num_directions·H_out) above,
weight_hh_l[k] (G·hidden_size, H_out), bias_ih_l[k] and bias_hh_l[k] (G·hidden_size,),
weight_hr_l[k] (proj_size, hidden_size); G = 4 (LSTM), 3 (GRU), 1 (RNN); H_out = proj_size
or hidden_size. The totals are the ones issue #15 quotes."""

from calc import compute
from tests.unit.check import raises


def per_direction(gates, n_in, hidden, h_out, bias=True, proj=0):
    return gates * hidden * n_in + gates * hidden * h_out + (2 * gates * hidden if bias else 0) + proj * hidden


def test_lstm_32_64_is_25088():
    r = compute("nn.LSTM", {"input_size": 32, "hidden_size": 64})
    # 4·64·32 + 4·64·64 + 2·4·64 = 8,192 + 16,384 + 512
    assert r.total_params == per_direction(4, 32, 64, 64) == 25088
    assert [(w.label, w.shape_values()) for w in r.weights] == [
        ("weight_ih_l0", (256, 32)), ("weight_hh_l0", (256, 64)), ("bias_ih_l0", (256,)), ("bias_hh_l0", (256,))]
    assert r.buffers == []


def test_lstm_two_layers_bidirectional_is_149504():
    r = compute("nn.LSTM", {"input_size": "32", "hidden_size": "64", "num_layers": "2", "bidirectional": "true"})
    # layer 0 reads 32 features, layer 1 both directions' 2·64
    expected = 2 * per_direction(4, 32, 64, 64) + 2 * per_direction(4, 128, 64, 64)
    assert r.total_params == expected == 149504
    names = [w.label for w in r.weights]
    assert names[4:8] == ["weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse"]
    assert names[8] == "weight_ih_l1" and r.weights[8].shape_values() == (256, 128)


def test_gru_32_64_is_18816():
    r = compute("nn.GRU", {"input_size": 32, "hidden_size": 64})
    assert r.total_params == per_direction(3, 32, 64, 64) == 18816


def test_rnn_and_cells():
    assert compute("nn.RNN", {"input_size": 10, "hidden_size": 20, "num_layers": 2}).total_params == \
        per_direction(1, 10, 20, 20) + per_direction(1, 20, 20, 20)
    assert compute("nn.LSTMCell", {"input_size": 10, "hidden_size": 20}).total_params == per_direction(4, 10, 20, 20)
    assert compute("nn.GRUCell", {"input_size": 10, "hidden_size": 20, "bias": False}).total_params == \
        per_direction(3, 10, 20, 20, bias=False)
    cell = compute("nn.RNNCell", {"input_size": 10, "hidden_size": 20})
    assert [w.label for w in cell.weights] == ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
    base = compute("nn.RNNCellBase", {"input_size": 10, "hidden_size": 20, "bias": True, "num_chunks": 4})
    assert base.total_params == per_direction(4, 10, 20, 20)


def test_lstm_with_projection():
    # proj_size=16: the state is 16 wide, weight_hr_l0 (16, 64)
    r = compute("nn.LSTM", {"input_size": 32, "hidden_size": 64, "proj_size": 16})
    assert r.total_params == per_direction(4, 32, 64, 16, proj=16) == 8192 + 4096 + 512 + 1024
    assert r.weights[-1].label == "weight_hr_l0" and r.weights[-1].shape_values() == (16, 64)


def test_rnn_base_takes_a_mode():
    r = compute("nn.RNNBase", {"mode": "GRU", "input_size": 32, "hidden_size": 64})
    assert r.total_params == 18816
    raises(lambda: compute("nn.RNNBase", {"mode": "gru", "input_size": 3, "hidden_size": 4}),
           "mode must be one of", "Received: mode=gru")


def test_refusals_quote_the_value():
    raises(lambda: compute("nn.LSTM", {"input_size": 3, "hidden_size": 4, "proj_size": 4}),
           "proj_size has to be smaller than hidden_size", "proj_size=4, hidden_size=4")
    raises(lambda: compute("nn.GRU", {"input_size": 3, "hidden_size": 4, "dropout": 1.5}),
           "dropout should be a number in range [0, 1]", "dropout=1.5")
    raises(lambda: compute("nn.RNN", {"input_size": 3, "hidden_size": 4, "nonlinearity": "sigmoid"}),
           "nonlinearity must be one of 'tanh', 'relu'", "Received: nonlinearity=sigmoid")
    raises(lambda: compute("nn.GRU", {"input_size": 3, "hidden_size": 4, "proj_size": 2}),
           "nn.GRU has no argument 'proj_size'")
    raises(lambda: compute("nn.LSTM", {"input_size": 0, "hidden_size": 4}), "input_size=0")


def test_formula_names_the_gates():
    r = compute("nn.LSTM", {"input_size": 32, "hidden_size": 64})
    assert r.steps[0] == "gates·hidden_size·input_size + gates·hidden_size·hidden_size + 2·gates·hidden_size"
    assert r.steps[1] == "= 4·64·32 + 4·64·64 + 2·4·64"
