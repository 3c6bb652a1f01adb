"""What the catalogue tells a page about its symbols and arguments (#14), with numbers
derived by hand; runs under MicroPython too. Keras checks: tests/test_teaching_corrections.py."""

from calc import compute, find


def symbols(result):
    """{symbol: meaning} of every named quantity in the weight shapes."""
    out = {}
    for w in result.weights:
        for dim in w.shape:
            for d in dim.atoms:
                out[d.text] = d.meaning
    return out


def test_convolution_symbols_say_where_they_come_from():
    r = compute(find("Conv2D"), {"filters": "8", "kernel_size": "3,5"}, input_shape="None,None,3")
    meaning = symbols(r)
    assert meaning["kh"].startswith("`kernel_size[0]`") and meaning["kw"].startswith("`kernel_size[1]`")
    assert "last axis" in meaning["C_in"] and "channels_last" in meaning["C_in"]
    assert set(meaning) == set(["kh", "kw", "C_in", "groups", "filters"])
    first = compute(find("Conv2D"), {"filters": "8", "kernel_size": "3", "data_format": "channels_first"},
                    input_shape="3,None,None")
    assert "axis 1" in symbols(first)["C_in"]


def test_lora_rank_is_r():
    r = compute(find("Dense"), {"units": "4", "lora_rank": "2"}, input_shape="8")
    assert "`lora_rank`" in symbols(r)["r"]


def test_convlstm_data_format_picks_the_channel_axis():
    # ConvLSTM2D(16, (3, 3)) on (3, 3, 32, 32): C_in = 3 with channels_first, 32 last.
    # kernel 3·3·C_in·64 + recurrent 3·3·16·64 + bias 64.
    entry = find("ConvLSTM2D")
    assert entry.arg("data_format").counts
    counts = [compute(entry, {"filters": "16", "kernel_size": "3,3", "data_format": f},
                      input_shape="3,3,32,32").total_params for f in ("channels_first", "channels_last")]
    assert counts == [9 * 3 * 64 + 9 * 16 * 64 + 64, 9 * 32 * 64 + 9 * 16 * 64 + 64] == [11008, 27712]


def test_layers_with_sub_layers_have_their_own_trainable_help():
    for name in ("MultiHeadAttention", "GroupQueryAttention", "ConvLSTM1D", "Bidirectional",
                 "TimeDistributed", "SpectralNormalization"):
        text = find(name).arg("trainable").help
        assert "does not reach" in text and "move" not in text, name
    assert "move" in find("Dense").arg("trainable").help


def test_spectral_normalization_keeps_bias_and_vector_u_apart():
    r = compute(find("SpectralNormalization"), {"layer": "Dense(units=4)"}, input_shape="8")
    assert r.formula == "C_in·units + units + units"
    assert r.total_params == 8 * 4 + 4 + 4


def test_each_pool_names_its_operation():
    assert "maximum" in find("MaxPooling1D").weight_free_reason
    assert "mean" in find("AveragePooling3D").weight_free_reason
    assert "maximum" not in find("GlobalAveragePooling1D").weight_free_reason
    assert "interpolation" in find("UpSampling2D").weight_free_reason


def test_embedding_lora_names_embeddings():
    assert "`embeddings`" in find("Embedding").arg("lora_rank").help
    assert "`kernel`" in find("Dense").arg("lora_rank").help


def test_multiheadattention_output_shape_symbol_has_a_meaning():
    r = compute(find("MultiHeadAttention"), {"num_heads": "2", "key_dim": "4", "output_shape": "6"},
                input_shape="5,8;5,8")
    assert "`output_shape`" in symbols(r)["out"]
