"""Keras layers and their torch.nn twins (calc/twins.py), against counts derived by hand from
the two frameworks' weight lists (Keras's layer.weights, PyTorch's named_parameters() and
buffers). Runs on CPython and MicroPython."""

from calc import twins


def test_lstm_two_bias_vectors():
    # Keras: kernel (32, 4·64), recurrent_kernel (64, 4·64), bias (4·64,)
    # PyTorch: weight_ih_l0 (4·64, 32), weight_hh_l0 (4·64, 64), bias_ih_l0 and bias_hh_l0 (4·64,)
    c = twins.compare("LSTM", {"units": 64}, "None,32")
    assert c.side.total == 4 * 64 * (32 + 64) + 4 * 64 == 24832
    assert c.other.total == 4 * 64 * (32 + 64) + 2 * 4 * 64 == 25088
    assert c.other.code == "nn.LSTM(input_size=32, hidden_size=64, batch_first=True)"
    back = twins.compare("nn.LSTM", {"input_size": 32, "hidden_size": 64})
    assert (back.side.total, back.other.total) == (25088, 24832)


def test_bidirectional_stack():
    # Two layers, two directions: layer 1 reads 32 features, layer 2 the 2·64 concatenated.
    c = twins.compare("nn.LSTM", {"input_size": 32, "hidden_size": 64, "num_layers": 2,
                                  "bidirectional": True})
    keras_first = 2 * (4 * 64 * (32 + 64) + 4 * 64)
    keras_second = 2 * (4 * 64 * (128 + 64) + 4 * 64)
    assert c.other.total == keras_first + keras_second
    assert c.side.total == keras_first + keras_second + 4 * (4 * 64)  # one b_hh per layer and direction
    assert c.other.code.count("Bidirectional(") == 2 and "return_sequences=True" in c.other.code


def test_gru_reset_after():
    # reset_after=True: bias (2, 3·64), as PyTorch's b_ih and b_hh
    c = twins.compare("GRU", {"units": 64}, "None,32")
    assert c.side.total == c.other.total == 3 * 64 * (32 + 64) + 2 * 3 * 64 == 18816
    off = twins.compare("GRU", {"units": 64, "reset_after": "false"}, "None,32")
    assert off.other is None and "reset_after" in off.reason


def test_batch_norm_statistics():
    # Keras: gamma, beta (trainable), moving_mean, moving_variance (not); PyTorch: weight, bias
    # and buffers running_mean, running_var, num_batches_tracked (one int64).
    c = twins.compare("BatchNormalization", {}, "None,None,64")
    assert (c.side.total, c.side.non_trainable) == (4 * 64, 2 * 64)
    assert c.other.code == "nn.BatchNorm2d(num_features=64)"
    assert (c.other.total, c.other.buffers) == (2 * 64, 2 * 64 + 1)
    one_d = twins.compare("BatchNormalization", {"center": "false"}, "10,64")
    assert one_d.other.code == "nn.BatchNorm1d(num_features=64, bias=False)"
    only_offset = twins.compare("BatchNormalization", {"scale": "false"}, "64")
    assert only_offset.other is None and "center=True, scale=False" in only_offset.reason


def test_prelu_defaults():
    c = twins.compare("PReLU", {}, "28,28,16")
    assert c.side.total == 28 * 28 * 16 and c.other is None and "12,544" in c.reason
    per_channel = twins.compare("PReLU", {"shared_axes": "1,2"}, "28,28,16")
    assert per_channel.other.code == "nn.PReLU(num_parameters=16)"
    assert twins.compare("nn.PReLU", {}).other.total == 1


def test_attention_heads():
    # d = 512 = 8 heads of 64: four d×d kernels and four d biases in both frameworks.
    c = twins.compare("MultiHeadAttention", {"num_heads": 8, "key_dim": 64}, "10,512;10,512")
    assert c.side.total == c.other.total == 4 * 512 * 512 + 4 * 512
    wide = twins.compare("MultiHeadAttention", {"num_heads": 8, "key_dim": 512}, "10,512;10,512")
    assert wide.other is None
    kv = twins.compare("nn.MultiheadAttention", {"embed_dim": 512, "num_heads": 8, "kdim": 256,
                                                 "vdim": 128})
    # q: 512·512 + 512, k: 256·512 + 512, v: 128·512 + 512, out: 512·512 + 512
    assert kv.side.total == kv.other.total == 512 * (512 + 256 + 128 + 512) + 4 * 512
    biased = twins.compare("nn.MultiheadAttention", {"embed_dim": 8, "num_heads": 2, "add_bias_kv": True})
    assert biased.other is None and "add_bias_kv" in biased.reason


def test_layouts_and_layer_norm():
    dense = twins.compare("Dense", {"units": 10}, "784")
    assert dense.other.code == "nn.Linear(in_features=784, out_features=10)"
    assert dense.side.results[0].weights[0].shape_values() == (784, 10)
    assert dense.other.results[0].weights[0].shape_values() == (10, 784)
    transposed = twins.compare("Conv2DTranspose", {"filters": 32, "kernel_size": "3,3"}, "None,None,64")
    assert transposed.side.results[0].weights[0].shape_values() == (3, 3, 32, 64)
    assert transposed.other.results[0].weights[0].shape_values() == (64, 32, 3, 3)
    assert twins.compare("nn.ConvTranspose2d", {"in_channels": 4, "out_channels": 4, "kernel_size": 3,
                                                "groups": 2}).other is None
    norm = twins.compare("nn.LayerNorm", {"normalized_shape": 64, "bias": False})
    assert norm.other.code == "LayerNormalization(center=False)" and norm.other.total == 64
    inner = twins.compare("LayerNormalization", {"axis": "1"}, "10,64")
    assert inner.other is None and "last" in inner.reason


def test_embedding_padding_and_lora():
    c = twins.compare("nn.Embedding", {"num_embeddings": 1000, "embedding_dim": 64, "padding_idx": 0})
    assert c.side.total == c.other.total == 1000 * 64
    frozen = twins.compare("Embedding", {"input_dim": 5, "output_dim": 3, "trainable": "false"})
    assert "_freeze=True" in frozen.other.code and frozen.other.trainable == 0
    lora = twins.compare("Dense", {"units": 4, "lora_rank": 2}, "8")
    assert lora.other is None and "LoRA" in lora.reason


def test_weight_free_and_cells():
    c = twins.compare("MaxPooling2D", {}, "32,32,3")
    assert c.side.total == c.other.total == 0 and c.notes
    cell = twins.compare("nn.GRUCell", {"input_size": 32, "hidden_size": 64})
    assert cell.other.code == "GRU(units=64)" and cell.side.total == cell.other.total == 18816
    assert "GRUCell" in cell.notes[0]


def test_every_pair_is_listed_once():
    names = []
    for twin in twins.TWINS:
        names += [twin.keras] + list(twin.torch)
    assert len(names) == len(set(names))
    assert twins.twin_of("nn.Linear").keras == "Dense" and twins.twin_of("Reshape") is None
